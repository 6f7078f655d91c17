import Foundation

/// Makes OpenBLAS single-threaded before it starts, by re-executing capsim once with
/// `OPENBLAS_NUM_THREADS=1` in its environment.
///
/// Why a re-exec: the pthread build of OpenBLAS starts one worker thread per core in its
/// library constructor, before `main`, and those threads spin in `sched_yield` while idle;
/// on a short run they took 15% of the samples. `openblas_set_num_threads(1)` called from
/// `main` did not stop them; the environment variable, read by the constructor, does.
/// capsim's matrices (a forecast's few dozen columns) gain nothing from BLAS threads, and
/// replications already use every core.
enum SingleThreadedBLAS {
    static func ensure() {
        guard ProcessInfo.processInfo.environment["OPENBLAS_NUM_THREADS"] == nil else { return }
        setenv("OPENBLAS_NUM_THREADS", "1", 1)
        // Only Linux has /proc/self/exe; elsewhere, or if exec fails, carry on: only speed
        // is at stake, never results.
        execv("/proc/self/exe", CommandLine.unsafeArgv)
    }
}

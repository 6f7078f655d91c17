import Foundation

/// The one mechanism that keeps OpenBLAS single-threaded: `OPENBLAS_NUM_THREADS=1` in the
/// process's environment before OpenBLAS loads. It lives here because only the executable
/// touches the environment (DESIGN §2); `Linear` documents the requirement.
///
/// Why single-threaded: capsim runs replications in parallel, one per core, and its
/// matrices (a forecast's few dozen columns) gain nothing from BLAS threads, which would
/// only oversubscribe the cores.
///
/// Why the environment and nothing else: the pthread build of OpenBLAS that Debian ships
/// starts one worker thread per core in its library constructor, before `main`, and those
/// threads spin in `sched_yield` while idle (15% of the samples on a short run).
/// `openblas_set_num_threads(1)` called from `main` lowers the count used for work but did
/// not stop them; the variable, read by the constructor, does. So:
/// - the `capsim` executable calls `ensure()` first thing, which re-executes it once with
///   the variable set (on Linux; elsewhere it carries on, since only speed is at stake);
/// - the test suite runs with the variable exported (`scripts/test`);
/// - any other program linking `Linear` should set it the same way.
enum SingleThreadedBLAS {
    /// Re-executes the current program with `OPENBLAS_NUM_THREADS=1` unless it is set.
    /// Returns only when the variable was already set or the re-execution failed.
    static func ensure() {
        guard ProcessInfo.processInfo.environment["OPENBLAS_NUM_THREADS"] == nil else { return }
        setenv("OPENBLAS_NUM_THREADS", "1", 1)
        // Only Linux has /proc/self/exe; elsewhere, or if exec fails, carry on: only speed
        // is at stake, never results.
        execv("/proc/self/exe", CommandLine.unsafeArgv)
    }
}

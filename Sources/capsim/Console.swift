import Foundation

/// Standard output and standard error, written with `write(2)` so that a closed or full
/// stream is an error the command can report, never a trap.
///
/// Why not `FileHandle.standardOutput.write(_:)`: Foundation's non-throwing `write` traps
/// when the descriptor is closed (`capsim run … >&-`), and `print` drops errors silently.
enum Console {
    /// Writes all of `text` to the descriptor, retrying short writes and interruptions.
    /// Returns the `errno` of a failed write, or nil on success.
    @discardableResult
    static func write(_ text: String, to descriptor: Int32) -> Int32? {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes { buffer in
                Foundation.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                return errno
            }
            offset += written
        }
        bytes.removeAll()
        return nil
    }

    /// The report on standard output; a closed or failing stream is bad input to the
    /// command (exit 2), reported on standard error.
    static func output(_ text: String) throws {
        if let code = write(text, to: STDOUT_FILENO) {
            throw CapsimFailure(description: "cannot write to standard output (\(String(cString: strerror(code))))",
                                exitCode: .badInput)
        }
    }

    /// Messages and progress on standard error; a closed standard error is ignored, since
    /// there is nowhere left to say anything.
    static func error(_ text: String) {
        write(text, to: STDERR_FILENO)
    }
}

/// Turns a trap anywhere in capsim into exit status 3 with a one-line message, instead of
/// a signal death and a stack trace (DESIGN §8: 3 is an internal error).
///
/// Set `CAPSIM_BACKTRACE=1` to keep the Swift runtime's own crash report, for debugging.
enum CrashHandler {
    static func install() {
        guard ProcessInfo.processInfo.environment["CAPSIM_BACKTRACE"] == nil else { return }
        for signal in [SIGILL, SIGTRAP, SIGABRT, SIGSEGV, SIGBUS, SIGFPE] {
            var action = sigaction()
            #if os(Linux)
            action.__sigaction_handler.sa_handler = crashed
            #else
            action.__sigaction_u.__sa_handler = crashed
            #endif
            sigemptyset(&action.sa_mask)
            action.sa_flags = 0
            sigaction(signal, &action, nil)
        }
    }
}

/// Async-signal-safe: a fixed message through `write(2)`, then `_exit`.
private func crashed(_ signal: Int32) {
    let message: StaticString = """
        capsim: internal error: capsim stopped on a failed internal check. \
        Please report it with the command and scenario that caused it (CAPSIM_BACKTRACE=1 shows a stack trace).

        """
    _ = message.withUTF8Buffer { buffer in Foundation.write(STDERR_FILENO, buffer.baseAddress, buffer.count) }
    _exit(3)
}

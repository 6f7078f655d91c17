import Foundation

/// One place a command writes to, checked before any work is done.
///
/// The rules, so that an output never destroys anything (README, "Output files"):
/// - `-` (or no path) is standard output; `/dev/stdout`, `/dev/stderr` and `/dev/fd/N`
///   write to that descriptor.
/// - A character device or a FIFO is written through, never replaced.
/// - A regular file is replaced atomically (a temporary file beside it, then a rename),
///   through any symbolic link, which stays a link.
/// - Refused: a directory, a read-only file, a folder that does not exist or cannot be
///   written, any file the run reads (scenario, policy files, histories, catalog), and two
///   outputs that name the same file.
struct OutputTarget {
    enum Kind: Equatable {
        case descriptor(Int32)
        /// A character device or FIFO, opened for writing without truncation.
        case stream(String)
        /// A regular file (existing or new) at this resolved path.
        case file(String)
    }

    /// The flag that named it, for messages (`--out`, `--series-csv`).
    var option: String
    var path: String
    var kind: Kind
    /// Device and inode of an existing file: compared with the inputs', so that hard links
    /// and different spellings of one path are caught too.
    var identity: FileIdentity?

    static func standardOutput(option: String = "--out") -> OutputTarget {
        OutputTarget(option: option, path: "-", kind: .descriptor(STDOUT_FILENO), identity: nil)
    }

    /// Resolves and checks one output path; `inputs` are the files the run reads.
    static func resolve(_ path: String?, option: String, inputs: [String]) throws -> OutputTarget {
        guard let path, path != "-" else { return standardOutput(option: option) }
        func refuse(_ why: String) -> CapsimFailure {
            CapsimFailure(description: "\(option) \(path): \(why)", exitCode: .badInput)
        }
        if let descriptor = Self.namedDescriptor(path) {
            return OutputTarget(option: option, path: path, kind: .descriptor(descriptor), identity: nil)
        }
        guard !path.isEmpty else { throw refuse("the path is empty; use - for standard output") }
        var info = stat()
        var linkInfo = stat()
        let exists = stat(path, &info) == 0
        if !exists && lstat(path, &linkInfo) == 0 && (linkInfo.st_mode & S_IFMT) == S_IFLNK {
            throw refuse("is a symbolic link to a file that does not exist")
        }
        let kind: Kind
        if exists {
            switch info.st_mode & S_IFMT {
            case S_IFDIR:
                throw refuse("is a directory; name a file inside it")
            case S_IFCHR, S_IFIFO, S_IFSOCK:
                kind = .stream(path)
            case S_IFREG:
                guard let resolved = Self.realPath(path) else { throw refuse("cannot resolve the path") }
                if access(path, W_OK) != 0 || (info.st_mode & 0o222) == 0 {
                    throw refuse("is read-only; capsim does not replace it (choose another path or make it writable)")
                }
                kind = .file(resolved)
            default:
                throw refuse("is neither a regular file nor a device or pipe")
            }
        } else {
            let url = URL(fileURLWithPath: path)
            let parent = url.deletingLastPathComponent().path
            var parentInfo = stat()
            guard stat(parent, &parentInfo) == 0 else { throw refuse("the folder \(parent) does not exist") }
            guard (parentInfo.st_mode & S_IFMT) == S_IFDIR else { throw refuse("\(parent) is not a folder") }
            guard access(parent, W_OK) == 0 else { throw refuse("cannot create files in \(parent) (permission denied)") }
            guard let resolvedParent = Self.realPath(parent) else { throw refuse("cannot resolve the folder \(parent)") }
            kind = .file(URL(fileURLWithPath: resolvedParent).appendingPathComponent(url.lastPathComponent).path)
        }
        let target = OutputTarget(option: option, path: path, kind: kind, identity: exists ? FileIdentity(info) : nil)
        for input in inputs where target.names(input) {
            throw refuse("is an input of this run (\(input)); capsim never writes over its inputs")
        }
        return target
    }

    /// True when writing here would replace the file at `other`.
    func names(_ other: String) -> Bool {
        guard case let .file(resolved) = kind else { return false }
        var info = stat()
        if let identity, stat(other, &info) == 0, FileIdentity(info) == identity { return true }
        return Self.realPath(other) == resolved
    }

    /// `/dev/stdout`, `/dev/stderr`, `/dev/fd/N` and `/proc/self/fd/N` mean a descriptor
    /// capsim already holds: writing to it keeps a shell's `>>` append mode intact.
    static func namedDescriptor(_ path: String) -> Int32? {
        switch path {
        case "/dev/stdout": return STDOUT_FILENO
        case "/dev/stderr": return STDERR_FILENO
        default: break
        }
        for prefix in ["/dev/fd/", "/proc/self/fd/"] where path.hasPrefix(prefix) {
            if let number = Int32(path.dropFirst(prefix.count)), number >= 0, fcntl(number, F_GETFD) != -1 { return number }
        }
        return nil
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}

/// A file's device and inode.
struct FileIdentity: Equatable {
    var device: UInt64
    var inode: UInt64

    init(_ info: stat) {
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
    }
}

/// Every output of one command, checked together before the work starts and written
/// together after it: all temporary files first, then the renames, so that a failure
/// leaves either every output or none.
struct OutputFiles {
    var targets: [OutputTarget]

    /// Checks each path; `outputs` pairs a flag with its path (nil or `-`: standard output).
    init(_ outputs: [(option: String, path: String?)], inputs: [String]) throws {
        targets = try outputs.map { try OutputTarget.resolve($0.path, option: $0.option, inputs: inputs) }
        for (index, target) in targets.enumerated() {
            for earlier in targets[..<index] where Self.same(earlier.kind, target.kind) {
                if case .descriptor = target.kind { continue }
                throw CapsimFailure(description: "\(earlier.option) and \(target.option) name the same file (\(target.path))",
                                    exitCode: .badInput)
            }
        }
        let streamsToStandardOutput = targets.filter { $0.kind == .descriptor(STDOUT_FILENO) }
        if streamsToStandardOutput.count > 1 {
            throw CapsimFailure(description: "\(streamsToStandardOutput.map(\.option).joined(separator: " and ")) both go to standard output; give one of them a file",
                                exitCode: .badInput)
        }
    }

    static func same(_ a: OutputTarget.Kind, _ b: OutputTarget.Kind) -> Bool {
        switch (a, b) {
        case let (.file(x), .file(y)): return x == y
        case let (.stream(x), .stream(y)): return OutputTarget.realPath(x) == OutputTarget.realPath(y)
        case let (.descriptor(x), .descriptor(y)): return x == y
        default: return false
        }
    }

    /// Writes `texts[i]` to `targets[i]`.
    ///
    /// Interrupts and termination requests are held back while files are staged and
    /// renamed (and delivered right after), so that Ctrl-C leaves every output or none and
    /// no temporary file behind.
    func write(_ texts: [String]) throws {
        precondition(texts.count == targets.count, "one text per output")
        var held = sigset_t()
        var previous = sigset_t()
        sigemptyset(&held)
        for signal in [SIGINT, SIGTERM, SIGHUP] { sigaddset(&held, signal) }
        sigprocmask(SIG_BLOCK, &held, &previous)
        defer { sigprocmask(SIG_SETMASK, &previous, nil) }
        var staged: [(temporary: String, final: String)] = []
        func discard() { for file in staged { unlink(file.temporary) } }
        for (target, text) in zip(targets, texts) {
            guard case let .file(final) = target.kind else { continue }
            do {
                staged.append((try Self.stage(text, beside: final, option: target.option), final))
            } catch {
                discard()
                throw error
            }
        }
        for (target, text) in zip(targets, texts) {
            switch target.kind {
            case let .descriptor(descriptor):
                if let code = Console.write(text, to: descriptor) {
                    discard()
                    throw Self.writeFailure(target.option, target.path, code)
                }
            case let .stream(path):
                let descriptor = open(path, O_WRONLY | O_CLOEXEC)
                let code = descriptor < 0 ? errno : Console.write(text, to: descriptor)
                if descriptor >= 0 { close(descriptor) }
                if let code {
                    discard()
                    throw Self.writeFailure(target.option, path, code)
                }
            case .file:
                break
            }
        }
        for file in staged where rename(file.temporary, file.final) != 0 {
            let code = errno
            discard()
            throw CapsimFailure(description: "cannot write \(file.final) (\(String(cString: strerror(code))))", exitCode: .badInput)
        }
    }

    /// Writes `text` to a new temporary file in the destination's folder and returns its
    /// path; the mode follows the file it replaces, or 0644 less the umask for a new one.
    static func stage(_ text: String, beside final: String, option: String) throws -> String {
        let url = URL(fileURLWithPath: final)
        var template = Array(url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).capsim-XXXXXX").path.utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        let temporary = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard descriptor >= 0 else {
            throw CapsimFailure(description: "\(option) \(final): cannot create a file there (\(String(cString: strerror(errno))))",
                                exitCode: .badInput)
        }
        var existing = stat()
        if stat(final, &existing) == 0 {
            fchmod(descriptor, existing.st_mode & 0o7777)
        } else {
            let mask = umask(0)
            umask(mask)
            fchmod(descriptor, 0o666 & ~mask)
        }
        // The first failure's errno, taken before `close` can overwrite it.
        let code = Console.write(text, to: descriptor) ?? (fsync(descriptor) == 0 ? nil : errno)
        close(descriptor)
        if let code {
            unlink(temporary)
            throw writeFailure(option, final, code)
        }
        return temporary
    }

    /// "`--out PATH`: cannot write (the system's reason)", exit 2.
    static func writeFailure(_ option: String, _ path: String, _ code: Int32) -> CapsimFailure {
        CapsimFailure(description: "\(option) \(path): cannot write (\(String(cString: strerror(code))))", exitCode: .badInput)
    }
}

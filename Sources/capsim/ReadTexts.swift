import Foundation

/// Every scenario text read in this process, by path as written.
///
/// The run history records the scenario text that ran. Reading the file again after the
/// simulation could record another text (the file edited meanwhile), and standard input
/// cannot be read twice; so the text is kept as it was read.
final class ReadTexts: @unchecked Sendable {
    static let shared = ReadTexts()

    private let lock = NSLock()
    private var texts: [String: String] = [:]

    func remember(_ text: String, at path: String) {
        lock.withLock { texts[path] = text }
    }

    /// The text last read at `path`, if any.
    func text(at path: String) -> String? {
        lock.withLock { texts[path] }
    }
}

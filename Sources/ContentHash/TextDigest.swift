import Crypto
import Foundation

/// SHA-256 of text, for keys that name a file's exact contents (the run history keeps the
/// scenario text that ran under its hash).
public enum TextDigest {
    /// SHA-256 of `text`'s UTF-8 bytes, in lower-case hexadecimal.
    public static func sha256(_ text: String) -> String {
        SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}

import Crypto
import Foundation
import Scenarios

// Content hashes: SHA-256 of a value's canonical bytes, the key under which the run history
// and a search's resume find a value again. A target of its own so that only the consumers
// that key things (the command line, later the store and the optimizer) link swift-crypto;
// the scenario reader and the model do not.

extension Configuration {
    /// SHA-256 of the canonical bytes, in lower-case hexadecimal: stable across runs,
    /// machines and capsim versions that keep the schema.
    public var contentHash: String {
        SHA256.hash(data: canonicalJSON()).map { String(format: "%02x", $0) }.joined()
    }
}

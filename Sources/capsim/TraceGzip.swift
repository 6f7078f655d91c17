import CZlib
import Foundation

/// Inflates gzip bytes through zlib (Debian's zlib1g): access logs are usually rotated as
/// `access.log.1.gz`. Concatenated gzip members (what `cat a.gz b.gz` makes) are read
/// one after another, as `gzip -d` does.
enum TraceGzip {
    /// Whether the bytes start with gzip's magic number.
    static func isCompressed(_ bytes: [UInt8]) -> Bool { bytes.count >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b }

    /// The inflated bytes, or nil when the stream is corrupt or larger than `limit`.
    static func inflate(_ input: [UInt8], limit: Int) -> [UInt8]? {
        var output: [UInt8] = []
        var stream = z_stream()
        // 15 window bits + 32: detect the gzip header.
        guard inflateInit2_(&stream, 15 + 32, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else { return nil }
        defer { inflateEnd(&stream) }
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        var consumed = 0
        while true {
            let status: Int32 = input.withUnsafeBufferPointer { source in
                buffer.withUnsafeMutableBufferPointer { target in
                    stream.next_in = UnsafeMutablePointer(mutating: source.baseAddress! + consumed)
                    stream.avail_in = uInt(input.count - consumed)
                    stream.next_out = target.baseAddress
                    stream.avail_out = uInt(target.count)
                    let result = CZlib.inflate(&stream, Z_NO_FLUSH)
                    consumed = input.count - Int(stream.avail_in)
                    return result
                }
            }
            output.append(contentsOf: buffer[0..<(buffer.count - Int(stream.avail_out))])
            if output.count > limit { return nil }
            if status == Z_STREAM_END {
                guard consumed < input.count, isCompressed(Array(input[consumed...].prefix(2))) else { return output }
                guard inflateReset(&stream) == Z_OK else { return nil }
                continue
            }
            guard status == Z_OK else { return nil }
            if stream.avail_in == 0 && stream.avail_out != 0 { return nil }
        }
    }
}

import CZlib

/// Payload compression: a zlib stream (RFC 1950) of the message bytes, used only when the receiver listed
/// "deflate" in its HELLO and the payload is at least `threshold` bytes.
public enum Deflate {
    /// Payloads smaller than this are sent as they are: compressing them costs more time than it saves bytes.
    public static let defaultThreshold = 8 * 1024

    /// Compresses `input`; returns nil when the result would not be smaller, so the caller sends it plain.
    public static func compress(_ input: ArraySlice<UInt8>, level: Int32 = 1) -> [UInt8]? {
        var stream = z_stream()
        guard samen_deflateInit2(&stream, level, 15) == Z_OK else { return nil }
        defer { deflateEnd(&stream) }
        let bound = Int(deflateBound(&stream, UInt(input.count)))
        var output = [UInt8](repeating: 0, count: bound)
        let produced: Int? = input.withUnsafeBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                stream.next_in = UnsafeMutablePointer(mutating: inBuffer.baseAddress)
                stream.avail_in = UInt32(inBuffer.count)
                stream.next_out = outBuffer.baseAddress
                stream.avail_out = UInt32(outBuffer.count)
                guard deflate(&stream, Z_FINISH) == Z_STREAM_END else { return nil }
                return outBuffer.count - Int(stream.avail_out)
            }
        }
        guard let produced, produced < input.count else { return nil }
        output.removeSubrange(produced...)
        return output
    }

    /// Decompresses `input`, refusing to produce more than `limit` bytes: a small frame that inflates to
    /// gigabytes (a compression bomb) stops at the limit with `decompressedTooLarge`.
    public static func decompress(_ input: ArraySlice<UInt8>, limit: Int) throws(WireError) -> [UInt8] {
        var stream = z_stream()
        guard samen_inflateInit2(&stream, 15) == Z_OK else {
            throw WireError(.badCompression, "cannot start zlib inflate")
        }
        defer { inflateEnd(&stream) }
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: min(max(input.count * 4, 4096), 256 * 1024))
        let result: Result<Void, WireError> = input.withUnsafeBufferPointer { inBuffer in
            stream.next_in = UnsafeMutablePointer(mutating: inBuffer.baseAddress)
            stream.avail_in = UInt32(inBuffer.count)
            while true {
                let (status, produced) = chunk.withUnsafeMutableBufferPointer { outBuffer -> (Int32, Int) in
                    stream.next_out = outBuffer.baseAddress
                    stream.avail_out = UInt32(outBuffer.count)
                    let status = inflate(&stream, Z_NO_FLUSH)
                    return (status, outBuffer.count - Int(stream.avail_out))
                }
                if output.count + produced > limit {
                    return .failure(WireError(.decompressedTooLarge,
                                              "compressed payload inflates beyond the limit of \(limit) bytes"))
                }
                output.append(contentsOf: chunk[0..<produced])
                switch status {
                case Z_STREAM_END:
                    return stream.avail_in == 0
                        ? .success(())
                        : .failure(WireError(.badCompression, "bytes follow the end of the zlib stream"))
                case Z_OK:
                    continue
                case Z_BUF_ERROR where stream.avail_in == 0:
                    return .failure(WireError(.badCompression, "zlib stream is truncated"))
                default:
                    return .failure(WireError(.badCompression, "payload is not a valid zlib stream (zlib status \(status))"))
                }
            }
        }
        try result.get()
        return output
    }
}

import SamenWire

/// Real frame bodies made by the real encoders, from which the wire targets build their seed corpora and re-encode
/// what they decoded.
public enum WireSamples {
    public static let hellos: [Hello] = [
        Hello(maximumFrameSize: 4 << 20, maximumConcurrentRequests: 100),
        Hello(versions: [1, 2, 7], maximumFrameSize: Hello.minimumFrameSize, maximumConcurrentRequests: 1,
              compression: [], extensions: [("trace", "on"), ("é", "ü")]),
        Hello(versions: [2], maximumFrameSize: UInt32.max, maximumConcurrentRequests: UInt32.max,
              compression: [Hello.deflate, "zstd"]),
    ]

    public static let requestHeads: [RequestHead] = [
        RequestHead(method: "samen.health/check", requestID: "r-1"),
        RequestHead(method: "samen.registry/lookup", timeoutMicroseconds: 1_500_000, requestID: "0af3c2d1",
                    idempotencyKey: "key-1", metadata: [("desk", "gent"), ("é", "ü")]),
        RequestHead(method: "samen.admin/drain", timeoutMicroseconds: 1, requestID: ""),
        RequestHead(method: "samen.bench/echo", timeoutMicroseconds: UInt64(Int64.max), requestID: "max"),
    ]

    public static let responseHeads: [ResponseHead] = [
        .ok,
        ResponseHead(status: .invalidArgument, message: "ttlSeconds must be positive", details: [("field", "ttlSeconds")]),
        ResponseHead(status: .unavailable, message: "draining"),
    ]

    /// A small payload, and one long and repetitive enough that it compresses.
    public static let payloads: [[UInt8]] = [
        Array("hello".utf8),
        Array(repeating: Array("samen ".utf8), count: 300).flatMap { $0 },
    ]

    public static func requestBody(_ head: RequestHead, payload: [UInt8] = []) -> [UInt8] {
        var body: [UInt8] = []
        head.encode(into: &body)
        body.append(contentsOf: payload)
        return body
    }

    public static func responseBody(_ head: ResponseHead, payload: [UInt8] = []) -> [UInt8] {
        var body: [UInt8] = []
        head.encode(into: &body)
        body.append(contentsOf: payload)
        return body
    }

    /// `payload` as a zlib stream; the compressible sample always compresses.
    public static func compressed(_ payload: [UInt8]) -> [UInt8] {
        Deflate.compress(payload[...]) ?? payload
    }

    public static func frame(_ type: FrameType, flags: FrameFlags = [], streamID: UInt32, _ body: [UInt8]) -> [UInt8] {
        var bytes: [UInt8] = []
        Frame(type: type, flags: flags, streamID: streamID, body: body).encode(into: &bytes)
        return bytes
    }
}

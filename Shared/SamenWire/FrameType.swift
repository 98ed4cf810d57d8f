/// The kind of a frame: the byte after the length prefix. See docs/PROTOCOL.md for each body's layout.
public enum FrameType: UInt8, Sendable, CustomStringConvertible {
    case hello = 0x01
    case request = 0x02
    case response = 0x03
    case streamItem = 0x04
    case streamEnd = 0x05
    case cancel = 0x06
    case ping = 0x07
    case pong = 0x08
    case goAway = 0x09
    case error = 0x0A

    /// HELLO, PING, PONG, GOAWAY and ERROR concern the whole connection and travel on stream 0; the others
    /// belong to one call and never do.
    public var isConnectionLevel: Bool {
        switch self {
        case .hello, .ping, .pong, .goAway, .error: true
        case .request, .response, .streamItem, .streamEnd, .cancel: false
        }
    }

    public var description: String {
        switch self {
        case .hello: "HELLO"
        case .request: "REQUEST"
        case .response: "RESPONSE"
        case .streamItem: "STREAM_ITEM"
        case .streamEnd: "STREAM_END"
        case .cancel: "CANCEL"
        case .ping: "PING"
        case .pong: "PONG"
        case .goAway: "GOAWAY"
        case .error: "ERROR"
        }
    }
}

/// Per-frame flag bits. Bits not defined here are sent as zero and ignored on receipt.
public struct FrameFlags: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// The frame's payload (the message bytes after the head) is a zlib stream (RFC 1950).
    public static let compressed = FrameFlags(rawValue: 0x01)
}

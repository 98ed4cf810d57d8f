/// One decoded frame: everything after the 4-byte length prefix.
///
/// Layout on the wire: `length u32 BE | type u8 | flags u8 | stream id u32 BE | body`, where `length` counts
/// the 6 header bytes plus the body.
public struct Frame: Sendable {
    /// Bytes of type, flags and stream id that follow the length prefix.
    public static let headerSize = 6
    /// Bytes of the length prefix.
    public static let lengthPrefixSize = 4

    /// The type byte as received; `type` is nil for a type this version does not know (such frames are skipped).
    public var rawType: UInt8
    public var flags: FrameFlags
    public var streamID: UInt32
    public var body: [UInt8]

    public var type: FrameType? { FrameType(rawValue: rawType) }

    public init(type: FrameType, flags: FrameFlags = [], streamID: UInt32, body: [UInt8]) {
        self.rawType = type.rawValue
        self.flags = flags
        self.streamID = streamID
        self.body = body
    }

    public init(rawType: UInt8, flags: FrameFlags, streamID: UInt32, body: [UInt8]) {
        self.rawType = rawType
        self.flags = flags
        self.streamID = streamID
        self.body = body
    }

    /// Appends this frame, length prefix included, to `bytes`.
    public func encode(into bytes: inout [UInt8]) {
        FrameBuilder.begin(type: rawType, flags: flags, streamID: streamID, into: &bytes) { bytes in
            bytes.append(contentsOf: body)
        }
    }
}

/// Writes frames straight into an output buffer, patching the length prefix once the body is written,
/// so that building a frame costs no intermediate allocation.
public enum FrameBuilder {
    /// Writes a frame header, lets `body` append the body, then fills in the length.
    @inlinable
    public static func begin(type: UInt8, flags: FrameFlags, streamID: UInt32, into bytes: inout [UInt8],
                             body: (inout [UInt8]) throws -> Void) rethrows {
        let start = bytes.count
        bytes.append(contentsOf: [0, 0, 0, 0, type, flags.rawValue])
        bytes.appendUInt32(streamID)
        try body(&bytes)
        let length = UInt32(truncatingIfNeeded: bytes.count - start - Frame.lengthPrefixSize)
        bytes[start] = UInt8(truncatingIfNeeded: length >> 24)
        bytes[start + 1] = UInt8(truncatingIfNeeded: length >> 16)
        bytes[start + 2] = UInt8(truncatingIfNeeded: length >> 8)
        bytes[start + 3] = UInt8(truncatingIfNeeded: length)
    }
}

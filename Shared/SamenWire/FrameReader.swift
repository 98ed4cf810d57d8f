/// Cuts a byte stream into frames, enforcing the receiver's frame size limit before anything is allocated.
///
/// A frame whose declared length exceeds the limit is not buffered: the reader reports it as `.oversized`
/// (with its type and stream id, so the caller can refuse that one call) and then silently drops its body as
/// it arrives, which keeps the connection usable.
public struct FrameReader {
    /// One thing the reader found in the stream.
    public enum Event: Sendable {
        case frame(Frame)
        case oversized(rawType: UInt8, streamID: UInt32, length: UInt32)
    }

    public var maximumFrameSize: UInt32
    public let buffer: ByteBuffer
    private var bytesToDiscard = 0

    public init(maximumFrameSize: UInt32, initialCapacity: Int = 16 * 1024) {
        self.maximumFrameSize = maximumFrameSize
        self.buffer = ByteBuffer(capacity: initialCapacity)
    }

    /// True while a frame has begun but not fully arrived (or an oversized one is still being dropped).
    public var isMidFrame: Bool { bytesToDiscard > 0 || !buffer.isEmpty }

    /// Adds received bytes (for tests and in-memory use; sockets read straight into `buffer`).
    public mutating func append(_ bytes: [UInt8]) {
        buffer.append(bytes)
    }

    /// The next complete frame or oversize notice, or nil when more bytes are needed.
    public mutating func next() throws(WireError) -> Event? {
        if bytesToDiscard > 0 {
            let dropped = min(bytesToDiscard, buffer.readableCount)
            buffer.consume(dropped)
            bytesToDiscard -= dropped
            if bytesToDiscard > 0 { return nil }
        }
        let readable = buffer.readableBytes
        guard readable.count >= Frame.lengthPrefixSize else { return nil }
        let length = UInt32(readable[0]) << 24 | UInt32(readable[1]) << 16 | UInt32(readable[2]) << 8 | UInt32(readable[3])
        guard length >= UInt32(Frame.headerSize) else {
            throw WireError(.malformedFrame, "frame length \(length) is shorter than the \(Frame.headerSize)-byte frame header")
        }
        guard readable.count >= Frame.lengthPrefixSize + Frame.headerSize else { return nil }
        let rawType = readable[4]
        let flags = FrameFlags(rawValue: readable[5])
        let streamID = UInt32(readable[6]) << 24 | UInt32(readable[7]) << 16 | UInt32(readable[8]) << 8 | UInt32(readable[9])
        if length > maximumFrameSize {
            buffer.consume(Frame.lengthPrefixSize + Frame.headerSize)
            bytesToDiscard = Int(length) - Frame.headerSize
            let dropped = min(bytesToDiscard, buffer.readableCount)
            buffer.consume(dropped)
            bytesToDiscard -= dropped
            return .oversized(rawType: rawType, streamID: streamID, length: length)
        }
        let total = Frame.lengthPrefixSize + Int(length)
        // No room is reserved for the announced length: the buffer grows only as bytes arrive, so a peer that
        // announces large frames and stalls pins no more memory than it actually sent.
        guard readable.count >= total else { return nil }
        let bodyStart = Frame.lengthPrefixSize + Frame.headerSize
        let body = [UInt8](UnsafeRawBufferPointer(rebasing: readable[bodyStart..<total]))
        buffer.consume(total)
        return .frame(Frame(rawType: rawType, flags: flags, streamID: streamID, body: body))
    }
}

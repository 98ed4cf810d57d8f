/// Primitive encodings shared by every frame body: big-endian fixed-width integers, LEB128 varints and
/// length-prefixed UTF-8 strings (a varint byte count, then the bytes).
extension Array where Element == UInt8 {
    @inlinable
    public mutating func appendUInt32(_ value: UInt32) {
        append(UInt8(truncatingIfNeeded: value >> 24))
        append(UInt8(truncatingIfNeeded: value >> 16))
        append(UInt8(truncatingIfNeeded: value >> 8))
        append(UInt8(truncatingIfNeeded: value))
    }

    @inlinable
    public mutating func appendUInt16(_ value: UInt16) {
        append(UInt8(truncatingIfNeeded: value >> 8))
        append(UInt8(truncatingIfNeeded: value))
    }

    @inlinable
    public mutating func appendVarint(_ value: UInt64) {
        var value = value
        while value >= 0x80 {
            append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        append(UInt8(truncatingIfNeeded: value))
    }

    @inlinable
    public mutating func appendString(_ string: String) {
        var string = string
        string.withUTF8 { utf8 in
            appendVarint(UInt64(utf8.count))
            append(contentsOf: utf8)
        }
    }
}

/// Reads the primitive encodings from a frame body, checking every length against the bytes that remain
/// before anything is allocated.
public struct ByteReader {
    public let bytes: [UInt8]
    public private(set) var offset: Int
    /// Names the frame being read, for error messages.
    public let context: String

    public init(_ bytes: [UInt8], offset: Int = 0, context: String) {
        self.bytes = bytes
        self.offset = offset
        self.context = context
    }

    public var remaining: Int { bytes.count - offset }
    public var isAtEnd: Bool { offset >= bytes.count }

    public mutating func readUInt8(_ field: String) throws(WireError) -> UInt8 {
        guard remaining >= 1 else { throw truncated(field) }
        defer { offset += 1 }
        return bytes[offset]
    }

    public mutating func readUInt16(_ field: String) throws(WireError) -> UInt16 {
        guard remaining >= 2 else { throw truncated(field) }
        defer { offset += 2 }
        return UInt16(bytes[offset]) << 8 | UInt16(bytes[offset + 1])
    }

    public mutating func readUInt32(_ field: String) throws(WireError) -> UInt32 {
        guard remaining >= 4 else { throw truncated(field) }
        defer { offset += 4 }
        return UInt32(bytes[offset]) << 24 | UInt32(bytes[offset + 1]) << 16
            | UInt32(bytes[offset + 2]) << 8 | UInt32(bytes[offset + 3])
    }

    public mutating func readVarint(_ field: String) throws(WireError) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard remaining >= 1 else { throw truncated(field) }
            let byte = bytes[offset]
            offset += 1
            if shift == 63 && byte > 1 { throw malformed(field, "\(context): \(field) varint overflows 64 bits") }
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
            if shift > 63 { throw malformed(field, "\(context): \(field) varint is longer than 10 bytes") }
        }
    }

    /// A length that must fit in what remains of the body.
    public mutating func readLength(_ field: String) throws(WireError) -> Int {
        let length = try readVarint(field)
        guard length <= UInt64(remaining) else {
            throw malformed(field, "\(context): \(field) claims \(length) bytes but only \(remaining) remain")
        }
        return Int(length)
    }

    public mutating func readString(_ field: String) throws(WireError) -> String {
        let length = try readLength(field)
        defer { offset += length }
        guard let string = bytes.withUnsafeBufferPointer({ String(validating: $0[offset..<(offset + length)], as: UTF8.self) }) else {
            throw malformed(field, "\(context): \(field) is not valid UTF-8")
        }
        return string
    }

    /// A string whose UTF-8 length must lie in `bytes`: what a peer chooses is bounded before anyone keeps it.
    public mutating func readString(_ field: String, bytes range: ClosedRange<Int>) throws(WireError) -> String {
        let string = try readString(field)
        let length = string.utf8.count
        guard range.contains(length) else {
            throw malformed(field, "\(context): \(field) has \(length) bytes; it must have \(range.lowerBound) to \(range.upperBound)")
        }
        return string
    }

    /// A count of entries that follow, at most `maximum`; checked before anything is reserved for them.
    public mutating func readCount(_ field: String, maximum: Int) throws(WireError) -> Int {
        let count = try readLength(field)
        guard count <= maximum else {
            throw malformed(field, "\(context): \(field) is \(count); the limit is \(maximum)")
        }
        return count
    }

    /// A string pair list (metadata, extensions) of at most `maximum` pairs with bounded keys and values.
    public mutating func readPairs(_ field: String, maximum: Int, keyBytes: ClosedRange<Int>,
                                   valueBytes: ClosedRange<Int>) throws(WireError) -> [(String, String)] {
        let count = try readCount("\(field) count", maximum: maximum)
        var pairs: [(String, String)] = []
        pairs.reserveCapacity(count)
        for _ in 0..<count {
            let key = try readString("\(field) key", bytes: keyBytes)
            pairs.append((key, try readString("\(field) value", bytes: valueBytes)))
        }
        return pairs
    }

    public mutating func readBytes(_ count: Int, _ field: String) throws(WireError) -> ArraySlice<UInt8> {
        guard remaining >= count else { throw truncated(field) }
        defer { offset += count }
        return bytes[offset..<(offset + count)]
    }

    /// Everything after the current offset: a frame's message payload.
    public mutating func readRest() -> ArraySlice<UInt8> {
        defer { offset = bytes.count }
        return bytes[offset...]
    }

    /// Refuses bytes after the last field of a body that has no payload: a peer that appends something is
    /// speaking another layout, and guessing what it meant would make two implementations disagree.
    public func expectEnd() throws(WireError) {
        guard isAtEnd else { throw WireError(.malformedFrame, "\(context): \(remaining) bytes after the last field") }
    }

    private func truncated(_ field: String) -> WireError {
        malformed(field, "\(context): body ends inside \(field)")
    }

    /// Field names read like prose in messages ("idempotency key") and are snake case in details.
    private func malformed(_ field: String, _ message: String) -> WireError {
        WireError(.malformedFrame, message, field: String(field.map { $0 == " " ? "_" : $0 }))
    }
}

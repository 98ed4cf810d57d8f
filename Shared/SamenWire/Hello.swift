/// The first frame each side sends: which protocol versions it speaks and the limits it will enforce.
///
/// The client lists every version it supports; the server answers with exactly one, the highest both share.
/// Each side must keep to the other's limits: no frame longer than `maximumFrameSize`, no more than
/// `maximumConcurrentRequests` requests outstanding, compression only with a method the receiver listed.
public struct Hello: Sendable, Equatable {
    /// The protocol version this implementation speaks.
    public static let currentVersion: UInt16 = 1
    /// The name of the one compression method: a zlib stream (RFC 1950) of the payload.
    public static let deflate = "deflate"

    public var versions: [UInt16]
    /// The largest frame this side accepts, counted like the length prefix (header and body).
    public var maximumFrameSize: UInt32
    /// The most requests this side serves at once on this connection.
    public var maximumConcurrentRequests: UInt32
    /// Compression methods this side can decode, e.g. ["deflate"].
    public var compression: [String]
    /// Free key/values for later versions; unknown keys are ignored.
    public var extensions: [(String, String)]

    public init(versions: [UInt16] = [Hello.currentVersion], maximumFrameSize: UInt32, maximumConcurrentRequests: UInt32,
                compression: [String] = [Hello.deflate], extensions: [(String, String)] = []) {
        self.versions = versions
        self.maximumFrameSize = maximumFrameSize
        self.maximumConcurrentRequests = maximumConcurrentRequests
        self.compression = compression
        self.extensions = extensions
    }

    public static func == (lhs: Hello, rhs: Hello) -> Bool {
        lhs.versions == rhs.versions && lhs.maximumFrameSize == rhs.maximumFrameSize
            && lhs.maximumConcurrentRequests == rhs.maximumConcurrentRequests && lhs.compression == rhs.compression
            && lhs.extensions.map(\.0) == rhs.extensions.map(\.0) && lhs.extensions.map(\.1) == rhs.extensions.map(\.1)
    }

    /// The smallest frame limit a peer may announce; a HELLO must always fit.
    public static let minimumFrameSize: UInt32 = 16 * 1024

    public func encode() -> [UInt8] {
        var body: [UInt8] = []
        body.append(UInt8(versions.count))
        for version in versions { body.appendUInt16(version) }
        body.appendUInt32(maximumFrameSize)
        body.appendUInt32(maximumConcurrentRequests)
        body.appendVarint(UInt64(compression.count))
        for method in compression { body.appendString(method) }
        body.appendVarint(UInt64(extensions.count))
        for (key, value) in extensions {
            body.appendString(key)
            body.appendString(value)
        }
        return body
    }

    public static func decode(_ body: [UInt8]) throws(WireError) -> Hello {
        var reader = ByteReader(body, context: "HELLO")
        let versionCount = Int(try reader.readUInt8("version count"))
        var versions: [UInt16] = []
        for _ in 0..<versionCount { versions.append(try reader.readUInt16("version")) }
        let maximumFrameSize = try reader.readUInt32("maximum frame size")
        let maximumConcurrentRequests = try reader.readUInt32("maximum concurrent requests")
        // A HELLO is kept for the connection's life: its lists are bounded like a request head's.
        let compressionCount = try reader.readCount("compression count", maximum: 16)
        var compression: [String] = []
        for _ in 0..<compressionCount { compression.append(try reader.readString("compression method", bytes: 1...64)) }
        let extensions = try reader.readPairs("extension", maximum: 32, keyBytes: 1...64, valueBytes: 0...1024)
        try reader.expectEnd()
        guard !versions.isEmpty else { throw WireError(.unsupportedVersion, "HELLO lists no protocol version") }
        guard maximumFrameSize >= minimumFrameSize else {
            throw WireError(.malformedFrame, "HELLO announces a maximum frame size of \(maximumFrameSize) bytes; the minimum is \(minimumFrameSize)")
        }
        guard maximumConcurrentRequests >= 1 else {
            throw WireError(.malformedFrame, "HELLO announces a maximum of 0 concurrent requests")
        }
        return Hello(versions: versions, maximumFrameSize: maximumFrameSize,
                     maximumConcurrentRequests: maximumConcurrentRequests, compression: compression, extensions: extensions)
    }

    /// The version a server picks from a client's list: the highest one it also speaks.
    public static func negotiateVersion(offered: [UInt16], supported: [UInt16] = [currentVersion]) throws(WireError) -> UInt16 {
        guard let version = offered.filter(supported.contains).max() else {
            throw WireError(.unsupportedVersion,
                            "no common protocol version: peer offers \(offered), this side speaks \(supported)")
        }
        return version
    }
}

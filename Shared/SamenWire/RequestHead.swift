/// The part of a REQUEST frame's body before the message payload: what is called, until when, and on whose behalf.
///
/// Layout: `method string | timeout_us varint (0 = none) | request_id string | idempotency_key string (empty = none)
/// | metadata count varint | (key string, value string)*`, then the payload fills the rest of the frame.
public struct RequestHead: Sendable, Equatable {
    /// `service/method`, e.g. `samen.health/check`.
    public var method: String
    /// Time the caller still allows, in microseconds, measured when the frame was sent; 0 means no deadline.
    public var timeoutMicroseconds: UInt64
    /// Follows the call across services, for logs and audit; never personal data.
    public var requestID: String
    /// Makes a retried write safe: the server answers a repeat with the first outcome. Empty means none.
    public var idempotencyKey: String
    /// Free key/values from the caller.
    public var metadata: [(String, String)]

    public init(method: String, timeoutMicroseconds: UInt64 = 0, requestID: String, idempotencyKey: String = "",
                metadata: [(String, String)] = []) {
        self.method = method
        self.timeoutMicroseconds = timeoutMicroseconds
        self.requestID = requestID
        self.idempotencyKey = idempotencyKey
        self.metadata = metadata
    }

    public func encode(into bytes: inout [UInt8]) {
        bytes.appendString(method)
        bytes.appendVarint(timeoutMicroseconds)
        bytes.appendString(requestID)
        bytes.appendString(idempotencyKey)
        bytes.appendVarint(UInt64(metadata.count))
        for (key, value) in metadata {
            bytes.appendString(key)
            bytes.appendString(value)
        }
    }

    /// Reads the head and leaves `reader` at the payload. A head beyond `Limits` is malformed: these strings
    /// reach logs, handlers and the idempotency ledger, so their size is bounded before anything keeps them.
    /// The request id is not checked here: an unfit one is replaced by the server, not refused.
    public static func decode(_ reader: inout ByteReader) throws(WireError) -> RequestHead {
        let method = try reader.readString("method", bytes: 1...Limits.maximumMethodBytes)
        let timeout = try reader.readVarint("timeout")
        let requestID = try reader.readString("request id")
        let idempotencyKey = try reader.readString("idempotency key", bytes: 0...Limits.maximumIdempotencyKeyBytes)
        let metadata = try reader.readPairs("metadata", maximum: Limits.maximumMetadataPairs,
                                           keyBytes: 1...Limits.maximumMetadataKeyBytes, valueBytes: 0...Limits.maximumMetadataValueBytes)
        return RequestHead(method: method, timeoutMicroseconds: timeout, requestID: requestID,
                           idempotencyKey: idempotencyKey, metadata: metadata)
    }

    /// The bounds of a request head's caller-chosen fields (docs/PROTOCOL.md §5.2).
    public enum Limits {
        public static let maximumMethodBytes = 128
        /// Request ids are 1 to 64 characters of `[A-Za-z0-9._:-]`; see `isValidRequestID`.
        public static let maximumRequestIDBytes = 64
        public static let maximumIdempotencyKeyBytes = 128
        public static let maximumMetadataPairs = 32
        public static let maximumMetadataKeyBytes = 64
        public static let maximumMetadataValueBytes = 1024
        /// The longest timeout a server honours, 7 days; a longer one (up to 2^64 - 1) is served as this one.
        public static let maximumTimeoutMicroseconds: UInt64 = 7 * 86_400 * 1_000_000
    }

    /// True for 1 to 64 characters of `A-Z a-z 0-9 . _ : -`: safe to log and to pass on as it is.
    public static func isValidRequestID(_ id: String) -> Bool {
        var id = id
        // Checked on every request: a loop over the contiguous UTF-8 bytes, not a generic walk of the view.
        return id.withUTF8 { bytes in
            guard (1...Limits.maximumRequestIDBytes).contains(bytes.count) else { return false }
            for byte in bytes {
                switch byte {
                case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                     UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: ":"), UInt8(ascii: "-"): continue
                default: return false
                }
            }
            return true
        }
    }

    public static func == (lhs: RequestHead, rhs: RequestHead) -> Bool {
        lhs.method == rhs.method && lhs.timeoutMicroseconds == rhs.timeoutMicroseconds && lhs.requestID == rhs.requestID
            && lhs.idempotencyKey == rhs.idempotencyKey && lhs.metadata.map(\.0) == rhs.metadata.map(\.0)
            && lhs.metadata.map(\.1) == rhs.metadata.map(\.1)
    }
}

/// The part of a RESPONSE or STREAM_END frame's body before the payload: how the call ended.
///
/// Layout: `status u8 | message string | details count varint | (key string, value string)*`, then (RESPONSE with
/// status ok only) the payload fills the rest of the frame.
public struct ResponseHead: Sendable, Equatable {
    public var status: StatusCode
    /// For people: what went wrong and, where it helps, what to do. Empty on success.
    public var message: String
    /// For programs: e.g. `field` = `insz`. Never personal data.
    public var details: [(String, String)]

    public init(status: StatusCode, message: String = "", details: [(String, String)] = []) {
        self.status = status
        self.message = message
        self.details = details
    }

    public static let ok = ResponseHead(status: .ok)

    public func encode(into bytes: inout [UInt8]) {
        bytes.append(status.rawValue)
        bytes.appendString(message)
        bytes.appendVarint(UInt64(details.count))
        for (key, value) in details {
            bytes.appendString(key)
            bytes.appendString(value)
        }
    }

    public static func decode(_ reader: inout ByteReader) throws(WireError) -> ResponseHead {
        let status = StatusCode(wireValue: try reader.readUInt8("status"))
        let message = try reader.readString("message")
        // Bounded like a request's metadata: otherwise a frame of empty pairs is millions of strings in the client.
        let details = try reader.readPairs("details", maximum: Limits.maximumDetails, keyBytes: 1...Limits.maximumDetailKeyBytes,
                                           valueBytes: 0...Limits.maximumDetailValueBytes)
        return ResponseHead(status: status, message: message, details: details)
    }

    /// The bounds of a response's details (docs/PROTOCOL.md §5.3); a head beyond them is malformed.
    public enum Limits {
        public static let maximumDetails = 32
        public static let maximumDetailKeyBytes = 64
        public static let maximumDetailValueBytes = 1024
    }

    public static func == (lhs: ResponseHead, rhs: ResponseHead) -> Bool {
        lhs.status == rhs.status && lhs.message == rhs.message && lhs.details.map(\.0) == rhs.details.map(\.0)
            && lhs.details.map(\.1) == rhs.details.map(\.1)
    }
}

/// The body of GOAWAY (`last stream id u32 | status u8 | message string`) and ERROR (`status u8 | message string`).
public struct GoAway: Sendable, Equatable {
    /// The highest stream id the sender has accepted and will finish; later ones were not processed and may be retried.
    public var lastStreamID: UInt32
    public var status: StatusCode
    public var message: String

    public init(lastStreamID: UInt32, status: StatusCode = .unavailable, message: String) {
        self.lastStreamID = lastStreamID
        self.status = status
        self.message = message
    }

    public func encode() -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.appendUInt32(lastStreamID)
        bytes.append(status.rawValue)
        bytes.appendString(message)
        return bytes
    }

    public static func decode(_ body: [UInt8]) throws(WireError) -> GoAway {
        var reader = ByteReader(body, context: "GOAWAY")
        let goAway = GoAway(lastStreamID: try reader.readUInt32("last stream id"),
                            status: StatusCode(wireValue: try reader.readUInt8("status")),
                            message: try reader.readString("message"))
        try reader.expectEnd()
        return goAway
    }
}

/// The body of a connection ERROR frame: the sender closes the connection right after it.
public struct ConnectionError: Sendable, Equatable {
    public var status: StatusCode
    public var message: String

    public init(status: StatusCode, message: String) {
        self.status = status
        self.message = message
    }

    public func encode() -> [UInt8] {
        var bytes: [UInt8] = [status.rawValue]
        bytes.appendString(message)
        return bytes
    }

    public static func decode(_ body: [UInt8]) throws(WireError) -> ConnectionError {
        var reader = ByteReader(body, context: "ERROR")
        let error = ConnectionError(status: StatusCode(wireValue: try reader.readUInt8("status")),
                                    message: try reader.readString("message"))
        try reader.expectEnd()
        return error
    }
}

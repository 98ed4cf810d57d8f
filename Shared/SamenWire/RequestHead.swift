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

    /// Reads the head and leaves `reader` at the payload.
    public static func decode(_ reader: inout ByteReader) throws(WireError) -> RequestHead {
        let method = try reader.readString("method")
        let timeout = try reader.readVarint("timeout")
        let requestID = try reader.readString("request id")
        let idempotencyKey = try reader.readString("idempotency key")
        let count = try reader.readLength("metadata count")
        var metadata: [(String, String)] = []
        metadata.reserveCapacity(count)
        for _ in 0..<count {
            metadata.append((try reader.readString("metadata key"), try reader.readString("metadata value")))
        }
        return RequestHead(method: method, timeoutMicroseconds: timeout, requestID: requestID,
                           idempotencyKey: idempotencyKey, metadata: metadata)
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
        let count = try reader.readLength("details count")
        var details: [(String, String)] = []
        for _ in 0..<count {
            details.append((try reader.readString("detail key"), try reader.readString("detail value")))
        }
        return ResponseHead(status: status, message: message, details: details)
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
        return GoAway(lastStreamID: try reader.readUInt32("last stream id"),
                      status: StatusCode(wireValue: try reader.readUInt8("status")),
                      message: try reader.readString("message"))
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
        return ConnectionError(status: StatusCode(wireValue: try reader.readUInt8("status")),
                               message: try reader.readString("message"))
    }
}

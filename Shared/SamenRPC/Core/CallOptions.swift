/// Per-call settings on the client side.
public struct CallOptions: Sendable {
    /// How long the caller waits; the server sees the remainder as the call's deadline. Nil: the client's default,
    /// further capped by the deadline of the call this one is made on behalf of, if any.
    public var timeout: Duration?
    /// Follows the call through every service; nil takes the current call's id, or makes a new one.
    public var requestID: String?
    /// Makes a retried write safe: the server answers a repeat with the first outcome.
    public var idempotencyKey: String?
    /// Free key/values for the server.
    public var metadata: [(String, String)]

    public init(timeout: Duration? = nil, requestID: String? = nil, idempotencyKey: String? = nil,
                metadata: [(String, String)] = []) {
        self.timeout = timeout
        self.requestID = requestID
        self.idempotencyKey = idempotencyKey
        self.metadata = metadata
    }
}

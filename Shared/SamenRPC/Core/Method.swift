/// A unary method of a service contract: one request, one response. The name is `service/method`.
///
/// Contracts in SamenContracts declare these as static constants; servers register handlers for them and
/// clients call them, so both sides share one definition of the name and the types.
public struct UnaryMethod<Request: Codable & Sendable, Response: Codable & Sendable>: Sendable {
    public let name: String
    public init(_ name: String) { self.name = name }
}

/// A server-streaming method: one request, then a stream of items (watches, exports), then an end status.
public struct ServerStreamingMethod<Request: Codable & Sendable, Item: Codable & Sendable>: Sendable {
    public let name: String
    public init(_ name: String) { self.name = name }
}

/// A body for requests or responses that carry nothing.
public struct Empty: Codable, Sendable, Equatable {
    public init() {}
}

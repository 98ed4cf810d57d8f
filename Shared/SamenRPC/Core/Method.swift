/// A unary method of a service contract: one request, one response. The name is `service/method`.
///
/// Contracts in SamenContracts declare these as static constants; servers register handlers for them and
/// clients call them, so both sides share one definition of the name, the types, who may call it and the errors
/// it answers with. `samenctl docs methods` writes the reference in `docs/METHODS.md` from these declarations.
public struct UnaryMethod<Request: Codable & Sendable, Response: Codable & Sendable>: Sendable {
    public let name: String
    public let contract: MethodContract

    public init(_ name: String, _ summary: String = "", policy: CallerPolicy = .nobody, errors: [DeclaredError] = []) {
        self.name = name
        contract = MethodContract(summary: summary, policy: policy, errors: errors)
    }
}

/// A server-streaming method: one request, then a stream of items (watches, exports), then an end status.
public struct ServerStreamingMethod<Request: Codable & Sendable, Item: Codable & Sendable>: Sendable {
    public let name: String
    public let contract: MethodContract

    public init(_ name: String, _ summary: String = "", policy: CallerPolicy = .nobody, errors: [DeclaredError] = []) {
        self.name = name
        contract = MethodContract(summary: summary, policy: policy, errors: errors)
    }
}

/// What a contract promises about a method besides its types: what it does, who may call it, how it fails.
///
/// The policy is the one `RPCServer.register(_:_:)` enforces, so the reference and the server cannot disagree.
/// `.nobody` (the default) means the contract leaves the decision to the registration (`register(_:allow:_:)`).
public struct MethodContract: Sendable {
    public let summary: String
    public let policy: CallerPolicy
    /// The statuses the method's own handler answers with; the runtime's (§6 of PROTOCOL.md) come on top.
    public let errors: [DeclaredError]
}

/// A status a method answers with, and when.
public struct DeclaredError: Sendable, Equatable {
    public let status: StatusCode
    public let when: String
    public init(_ status: StatusCode, _ when: String) {
        self.status = status
        self.when = when
    }
}

/// A body for requests or responses that carry nothing.
public struct Empty: Codable, Sendable, Equatable {
    public init() {}
}

/// Operator methods every Samen server answers, for `samenctl`.
public enum Admin {
    /// Starts a graceful drain of the server (GOAWAY, calls in flight finish, then the process may exit).
    /// Only callers whose certificate names the service `operator` may call it.
    public static let drain = UnaryMethod<DrainRequest, DrainResponse>("samen.admin/drain")
    /// The longest grace period a drain accepts: a day. A larger, negative or non-finite `graceSeconds` is
    /// refused with `invalid_argument`.
    public static let maximumGrace: Duration = .seconds(86_400)
}

public struct DrainRequest: Codable, Sendable, Equatable {
    /// Grace period for calls in flight; nil takes the server's configured grace.
    public var graceSeconds: Double?
    public init(graceSeconds: Double? = nil) { self.graceSeconds = graceSeconds }
}

public struct DrainResponse: Codable, Sendable, Equatable {
    public var callsInFlight: Int
    public init(callsInFlight: Int) { self.callsInFlight = callsInFlight }
}

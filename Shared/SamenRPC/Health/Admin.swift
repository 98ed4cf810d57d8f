/// Operator methods every Samen server answers, for `samenctl`.
public enum Admin {
    /// Starts a graceful drain of the server (GOAWAY, calls in flight finish, then the process may exit).
    /// Administrative, so same-region only: an operator certificate of another region is refused, like every
    /// method an operator alone may call.
    public static let drain = UnaryMethod<DrainRequest, DrainResponse>(
        "samen.admin/drain",
        "Starts a graceful drain: GOAWAY, calls in flight finish within the grace, then the process may exit.",
        policy: .services(["operator"], regions: .sameRegion),
        errors: [DeclaredError(.permissionDenied, "the caller is not an operator certificate of the server's own region"),
                 DeclaredError(.invalidArgument, "graceSeconds is NaN, infinite, negative or more than 86,400 (a day)")])
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

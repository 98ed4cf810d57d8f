import SamenTLS

/// Who may call a method: decided from the caller's certificate identity before the handler runs.
/// A caller that fails the policy gets `permission_denied` and the handler never sees the request.
public struct CallerPolicy: Sendable, CustomStringConvertible {
    private enum Rule: Sendable {
        case anyAuthenticated
        case services(Set<String>)
        case sameRegion(Set<String>)
        case custom(String, @Sendable (ServiceIdentity) -> Bool)
    }

    private let rule: Rule

    /// Every peer with a valid mesh certificate: for health checks and the like.
    public static let anyAuthenticated = CallerPolicy(rule: .anyAuthenticated)

    /// Peers whose certificate names one of these services, in any region (e.g. `["intake", "operator"]`).
    public static func services(_ names: Set<String>) -> CallerPolicy { CallerPolicy(rule: .services(names)) }

    /// Peers of these services in the server's own region only.
    public static func servicesInSameRegion(_ names: Set<String>) -> CallerPolicy { CallerPolicy(rule: .sameRegion(names)) }

    /// A rule of your own; `summary` explains it in denial messages.
    public static func custom(_ summary: String, _ allows: @escaping @Sendable (ServiceIdentity) -> Bool) -> CallerPolicy {
        CallerPolicy(rule: .custom(summary, allows))
    }

    public func allows(_ caller: ServiceIdentity, serverRegion: String) -> Bool {
        switch rule {
        case .anyAuthenticated: true
        case .services(let names): names.contains(caller.service)
        case .sameRegion(let names): names.contains(caller.service) && caller.region == serverRegion
        case .custom(_, let allows): allows(caller)
        }
    }

    public var description: String {
        switch rule {
        case .anyAuthenticated: "any mesh peer"
        case .services(let names): "services \(names.sorted().joined(separator: ", "))"
        case .sameRegion(let names): "services \(names.sorted().joined(separator: ", ")) of the same region"
        case .custom(let summary, _): summary
        }
    }
}

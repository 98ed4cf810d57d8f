import SamenTLS

/// Who may call a method: decided from the caller's certificate identity before the handler runs.
/// A caller that fails the policy gets `permission_denied` and the handler never sees the request.
///
/// A policy is a set of dimensions that must all match: the caller's service and the caller's region (relative to
/// the server's). Region defaults to the server's own region in every builder, so a method reaches other regions
/// only when its policy says `.anyRegion`; an operator certificate of antwerpen cannot drain gent. Further
/// dimensions (the agency services' staff roles) are added as fields of `Callers`, each matching anything by
/// default, so existing policies keep their meaning.
public struct CallerPolicy: Sendable, CustomStringConvertible {
    /// Which regions' callers a policy admits.
    public enum RegionScope: Sendable, Equatable {
        /// Only callers whose certificate names the server's own region: the default.
        case sameRegion
        /// Callers of every region: for methods that federation or cross-region discovery needs.
        case anyRegion
    }

    /// The caller's service, as named in its certificate.
    private enum ServiceMatch: Sendable {
        case any
        case named(Set<String>)
        /// A rule of the method's own; the summary explains it in denial messages and the reference.
        case custom(String, @Sendable (ServiceIdentity) -> Bool)
        case nobody
    }

    private let services: ServiceMatch
    public let regions: RegionScope

    private init(services: ServiceMatch, regions: RegionScope) {
        self.services = services
        self.regions = regions
    }

    /// Every peer with a valid mesh certificate, of any region: health checks and read-only discovery.
    public static let anyAuthenticated = CallerPolicy(services: .any, regions: .anyRegion)

    /// Every peer of the server's own region, whatever its service.
    public static let anyServiceInSameRegion = CallerPolicy(services: .any, regions: .sameRegion)

    /// No caller at all: what a contract method declares when it leaves the decision to its registration.
    public static let nobody = CallerPolicy(services: .nobody, regions: .sameRegion)

    /// Peers whose certificate names one of these services (e.g. `["intake", "operator"]`), of the server's own
    /// region unless `regions` says `.anyRegion`.
    public static func services(_ names: Set<String>, regions: RegionScope = .sameRegion) -> CallerPolicy {
        CallerPolicy(services: .named(names), regions: regions)
    }

    /// A rule of your own on top of the region scope; `summary` explains it in denial messages.
    public static func custom(_ summary: String, regions: RegionScope = .sameRegion,
                              _ allows: @escaping @Sendable (ServiceIdentity) -> Bool) -> CallerPolicy {
        CallerPolicy(services: .custom(summary, allows), regions: regions)
    }

    public func allows(_ caller: ServiceIdentity, serverRegion: String) -> Bool {
        guard regions == .anyRegion || caller.region == serverRegion else { return false }
        switch services {
        case .any: return true
        case .named(let names): return names.contains(caller.service)
        case .custom(_, let allows): return allows(caller)
        case .nobody: return false
        }
    }

    public var description: String {
        let who: String
        switch services {
        case .any: who = "any mesh peer"
        case .named(let names): who = "services \(names.sorted().joined(separator: ", "))"
        case .custom(let summary, _): who = summary
        case .nobody: return "nobody"
        }
        switch regions {
        case .anyRegion: return "\(who) of any region"
        case .sameRegion: return "\(who) of the same region"
        }
    }
}

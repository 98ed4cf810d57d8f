import SamenTLS

/// Who may call a method: decided from the caller's certificate identity before the handler runs.
/// A caller that fails the policy gets `permission_denied` and the handler never sees the request.
///
/// A policy admits two kinds of caller, each denied unless named:
/// - **services**, by the service their certificate names and their region (relative to the server's);
/// - **staff members** (`samen://<region>/staff/<user>` certificates), by the roles their certificate names and
///   their region. Staff are never admitted as "any service": a method takes staff only when it names their roles.
///
/// Region defaults to the server's own region in every builder, for services and staff alike, so a method reaches
/// other regions only when its policy says `.anyRegion`; an operator certificate of antwerpen cannot drain gent,
/// and a desk worker of antwerpen cannot read gent's files.
public struct CallerPolicy: Sendable, CustomStringConvertible {
    /// Which regions' callers a policy admits.
    public enum RegionScope: Sendable, Equatable {
        /// Only callers whose certificate names the server's own region: the default.
        case sameRegion
        /// Callers of every region: for methods that federation or cross-region discovery needs.
        case anyRegion
        /// Callers of the server's own region and of the regions it serves (`RPCServer.Configuration.servedRegions`):
        /// a central instance is the service of the regions routed to it (docs/REGISTRY.md, "Routes"), so their
        /// staff and services reach it as they would their own. A server serving no other region: `sameRegion`.
        case servedRegions

        func admits(_ region: String, serverRegion: String, servedRegions: Set<String>) -> Bool {
            switch self {
            case .sameRegion: region == serverRegion
            case .anyRegion: true
            case .servedRegions: region == serverRegion || servedRegions.contains(region)
            }
        }
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
    /// The staff roles admitted; empty admits no staff certificate.
    public let staffRoles: Set<String>
    public let staffRegions: RegionScope
    /// Every staff member whatever the role: only `discovery`, which a staff member's tool needs to find services.
    private let anyStaff: Bool

    private init(services: ServiceMatch, regions: RegionScope, staffRoles: Set<String> = [], staffRegions: RegionScope = .sameRegion,
                 anyStaff: Bool = false) {
        self.services = services
        self.regions = regions
        self.staffRoles = staffRoles
        self.staffRegions = staffRegions
        self.anyStaff = anyStaff
    }

    /// Every service with a valid mesh certificate, of any region (no staff member).
    public static let anyAuthenticated = CallerPolicy(services: .any, regions: .anyRegion)

    /// Every service and every staff member, of any region: health checks and the registry's read-only lookups,
    /// which a staff member's samenctl needs to find the service it calls. Nothing personal is behind these.
    public static let discovery = CallerPolicy(services: .any, regions: .anyRegion, staffRegions: .anyRegion, anyStaff: true)

    /// Every peer of the server's own region, whatever its service.
    public static let anyServiceInSameRegion = CallerPolicy(services: .any, regions: .sameRegion)

    /// No caller at all: what a contract method declares when it leaves the decision to its registration.
    public static let nobody = CallerPolicy(services: .nobody, regions: .sameRegion)

    /// Peers whose certificate names one of these services (e.g. `["intake", "operator"]`), of the server's own
    /// region unless `regions` says `.anyRegion`.
    public static func services(_ names: Set<String>, regions: RegionScope = .sameRegion) -> CallerPolicy {
        CallerPolicy(services: .named(names), regions: regions)
    }

    /// Services by name (of the server's region unless `regions` says `.anyRegion`) and staff members holding one
    /// of `staffRoles` (of the server's region unless `staffRegions` says `.anyRegion`).
    public static func services(_ names: Set<String>, regions: RegionScope = .sameRegion,
                                staffRoles: Set<String>, staffRegions: RegionScope = .sameRegion) -> CallerPolicy {
        CallerPolicy(services: names.isEmpty ? .nobody : .named(names), regions: regions, staffRoles: staffRoles, staffRegions: staffRegions)
    }

    /// A rule of your own on top of the region scope; `summary` explains it in denial messages.
    public static func custom(_ summary: String, regions: RegionScope = .sameRegion,
                              _ allows: @escaping @Sendable (ServiceIdentity) -> Bool) -> CallerPolicy {
        CallerPolicy(services: .custom(summary, allows), regions: regions)
    }

    /// Whether `caller`, whose certificate names `roles` (empty for a service), may call a server of `serverRegion`
    /// that also serves `servedRegions`.
    public func allows(_ caller: ServiceIdentity, roles: [String] = [], serverRegion: String, servedRegions: Set<String> = []) -> Bool {
        if caller.service == StaffCertificate.service {
            guard staffRegions.admits(caller.region, serverRegion: serverRegion, servedRegions: servedRegions) else { return false }
            return anyStaff || roles.contains { staffRoles.contains($0) }
        }
        guard regions.admits(caller.region, serverRegion: serverRegion, servedRegions: servedRegions) else { return false }
        switch services {
        case .any: return true
        case .named(let names): return names.contains(caller.service)
        case .custom(_, let allows): return allows(caller)
        case .nobody: return false
        }
    }

    public var description: String {
        func scope(_ regions: RegionScope) -> String {
            switch regions {
            case .sameRegion: "of the same region"
            case .anyRegion: "of any region"
            case .servedRegions: "of the same region or a region it serves"
            }
        }
        var parts: [String] = []
        switch services {
        case .any: parts.append("any mesh service \(scope(regions))")
        case .named(let names): parts.append("services \(names.sorted().joined(separator: ", ")) \(scope(regions))")
        case .custom(let summary, _): parts.append("\(summary) \(scope(regions))")
        case .nobody: break
        }
        if anyStaff {
            parts.append("staff with any role \(scope(staffRegions))")
        } else if !staffRoles.isEmpty {
            parts.append("staff with role \(staffRoles.sorted().joined(separator: " or ")) \(scope(staffRegions))")
        }
        return parts.isEmpty ? "nobody" : parts.joined(separator: "; ")
    }
}

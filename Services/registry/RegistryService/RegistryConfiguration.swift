import Foundation
import SamenRPC
import SamenTLS

/// How a registry runs. Lease times are in seconds, as the contract's `ttlSeconds` fields are.
public struct RegistryConfiguration: Sendable {
    /// The registry's own identity (`samen://<region>/registry/<instance>`); its region is the region it serves.
    public var identity: ServiceIdentity
    /// The SQLite catalogue file; created on first start.
    public var databasePath: String
    /// Other regions' registries, asked for lookups and catalogs in their region.
    public var peers: [String: [Endpoint]]
    /// Routes: service → the peer region whose instances serve this region for it (a central instance). Lookups and
    /// watches of that service in this region answer the serving region's instances (docs/REGISTRY.md, "Routes").
    public var routes: [String: String] = [:]
    /// How often a watch of a routed service asks the serving region again (through the peer cache).
    public var routeRefreshInterval: Duration = .seconds(5)
    /// The client-side TLS context used to reach peers; without it, peers are reported unreachable.
    public var clientTLS: TLSContext?
    /// Event loops for peer connections; nil makes a small group owned (and shut down) by the service.
    public var group: EventLoopGroup?
    /// Lease granted when a registration asks for none.
    public var defaultTTL: Double = 10
    /// Requested leases are clamped into `minimumTTL...maximumTTL`, so that one instance can neither make the
    /// registry sweep constantly nor stay listed for hours after it died.
    public var minimumTTL: Double = 1
    public var maximumTTL: Double = 300
    /// How long an instance may stay critical before it is removed (Consul's deregister_critical_service_after).
    public var deregisterCriticalAfter: Double = 60
    /// How often leases are checked; lookups compute health from timestamps, so this bounds only how late
    /// removals and watch updates for expired leases happen.
    public var sweepInterval: Duration = .seconds(1)
    /// How long another region's answer is reused without asking that region again.
    public var peerCacheTTL: Double = 5
    /// How old a cached answer may get and still be served (marked stale) while its region is unreachable.
    public var peerCacheMaximumStaleness: Double = 3_600
    /// How many other-region answers are cached (one per region and service asked for); past it the oldest goes.
    public var peerCacheMaximumEntries = 4_096
    /// How long one call to a peer registry may take before the peer counts as unreachable.
    public var peerTimeout: Duration = .seconds(3)
    /// How long an idempotency key of a register, heartbeat or deregister call is remembered (seconds).
    public var idempotencyRetention: Double = 86_400
    public var logger: Logger
    /// Wall-clock source; stored timestamps are wall-clock so that expiry survives a restart. Tests replace it.
    public var clock: @Sendable () -> Date = { Date() }

    public init(identity: ServiceIdentity, databasePath: String, peers: [String: [Endpoint]] = [:],
                clientTLS: TLSContext? = nil, logger: Logger) {
        self.identity = identity
        self.databasePath = databasePath
        self.peers = peers
        self.clientTLS = clientTLS
        self.logger = logger
    }

    /// The region this registry is authoritative for.
    public var region: String { identity.region }

    /// Every route names a service by identity syntax (not the registry, which is never looked up) and a peer region
    /// other than this one: a route to an unknown region could never be answered.
    func checkRoutes() throws(RPCError) {
        for (service, serving) in routes.sorted(by: { $0.key < $1.key }) {
            do {
                try RequestValidation.identityPart("service", service)
                try RequestValidation.identityPart("region", serving)
            } catch {
                throw RPCError.invalidField("route", "'\(service):\(serving)' is not a service and a region: \(error.message)")
            }
            guard service != "registry", service != StaffCertificate.service else {
                throw RPCError.invalidField("route", "cannot route '\(service)': it is never looked up")
            }
            guard serving != region, peers[serving] != nil else {
                throw RPCError.invalidField("route", "'\(service)' is routed to region '\(serving)', which is not a peer of "
                                                + "this registry (--peer \(serving)=host:port)")
            }
        }
    }

    /// The lease a registration gets: its request, or the default, within the bounds.
    func grantedTTL(_ requested: Double?) -> Double {
        min(max(requested ?? defaultTTL, minimumTTL), maximumTTL)
    }
}

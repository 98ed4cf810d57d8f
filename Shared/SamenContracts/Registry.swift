import Foundation
import SamenRPC

/// The registry's API: service discovery with health, per region, federated across regions.
///
/// Instances register with a lease that heartbeats keep alive (Consul's TTL checks are the model): an instance
/// whose heartbeats stop turns `critical`, and is removed after the registry's deregister-critical-after time.
public enum RegistryAPI {
    // Every registry method admits callers of any region: lookups and catalogues federate, and register,
    // heartbeat and deregister answer another region's instance with failed_precondition naming its own registry,
    // which says more than permission_denied would.
    /// Registers the caller's own instance. Service, region and instance must match the caller's certificate.
    public static let register = UnaryMethod<RegisterRequest, RegisterResponse>(
        "samen.registry/register",
        "Registers the caller's own instance with a lease; heartbeat within the granted ttlSeconds to keep it.",
        policy: .anyAuthenticated,
        errors: [.init(.invalidArgument, "a field breaks its rule (identity parts, address, empty version, ttlSeconds not positive, empty metadata key); the message names the field"),
                 .init(.permissionDenied, "service, region and instance are not the caller's certificate identity"),
                 .init(.failedPrecondition, "the instance belongs to another region than the registry's"),
                 .init(.unavailable, "the registry is shutting down")])
    /// Renews the caller's lease; `not_found` means the registry forgot it and the caller must register again.
    public static let heartbeat = UnaryMethod<HeartbeatRequest, HeartbeatResponse>(
        "samen.registry/heartbeat",
        "Renews the caller's lease and turns a critical instance passing again.",
        policy: .anyAuthenticated,
        errors: [.init(.invalidArgument, "an identity part breaks its rule; the message names the field"),
                 .init(.permissionDenied, "the instance is not the caller's certificate identity"),
                 .init(.failedPrecondition, "the instance belongs to another region than the registry's"),
                 .init(.notFound, "the registry does not know the instance (its lease ran out): register again"),
                 .init(.unavailable, "the registry is shutting down")])
    /// Removes the caller's own instance (a draining instance does this first).
    public static let deregister = UnaryMethod<DeregisterRequest, Empty>(
        "samen.registry/deregister",
        "Removes the caller's own instance; deregistering an unknown instance succeeds.",
        policy: .anyAuthenticated,
        errors: [.init(.invalidArgument, "an identity part breaks its rule; the message names the field"),
                 .init(.permissionDenied, "the instance is not the caller's certificate identity"),
                 .init(.failedPrecondition, "the instance belongs to another region than the registry's"),
                 .init(.unavailable, "the registry is shutting down")])
    /// The passing instances of one service in one region; another region's are asked of that region's registry,
    /// and so are the own region's services that a route sends to another region.
    public static let lookup = UnaryMethod<LookupRequest, LookupResponse>(
        "samen.registry/lookup",
        "The passing instances of one service in one region (nil: the registry's own); other regions are asked of their registry, "
            + "and a service the own region routes to another region answers that region's instances.",
        policy: .discovery,
        errors: [.init(.invalidArgument, "service or region breaks the identity part rule; the message names the field"),
                 .init(.notFound, "the region is neither the registry's own nor one of its peers"),
                 .init(.failedPrecondition, "a registry asked about a third region, or about a routed service (registries do not forward lookups)"),
                 .init(.unavailable, "the other region's registry cannot be reached and nothing is cached")])
    /// The whole catalogue of a region (or of all regions), critical instances included: for operators.
    public static let catalog = UnaryMethod<CatalogRequest, CatalogResponse>(
        "samen.registry/catalog",
        "Every instance of a region, or of every region the registry knows, critical ones included.",
        policy: .discovery,
        errors: [.init(.invalidArgument, "region breaks the identity part rule"),
                 .init(.notFound, "the region is neither the registry's own nor one of its peers"),
                 .init(.unavailable, "the other region's registry cannot be reached")])
    /// The regions of the federation as this registry is configured: its own and its peers'. Services that must ask
    /// every region (intake's one-file-per-person check) take the list from here, so an absent region is an error
    /// they can name rather than a region they never knew to ask.
    public static let regions = UnaryMethod<Empty, RegionsResponse>(
        "samen.registry/regions",
        "The registry's own region and its peer regions, as configured.",
        policy: .discovery)
    /// Pushes the passing instances of one service in the registry's region: once at start, then on every change.
    public static let watch = ServerStreamingMethod<WatchRequest, LookupResponse>(
        "samen.registry/watch",
        "Sends the passing instances of one service in the registry's region (for a routed service: of the serving region) at once, then on every change.",
        policy: .discovery,
        errors: [.init(.invalidArgument, "service breaks the identity part rule"),
                 .init(.failedPrecondition, "a registry watched a routed service (registries do not forward)"),
                 .init(.unavailable, "a routed service's serving region cannot be reached and nothing is cached"),
                 .init(.unavailable, "the registry is shutting down: watch again elsewhere")])
}

/// A lease's state, as Consul names check states.
public enum InstanceHealth: String, Codable, Sendable, CaseIterable {
    /// Heartbeats arrive within the lease's time to live.
    case passing
    /// Heartbeats stopped; removed after the registry's deregister-critical-after time unless they resume.
    case critical
}

/// One registered instance of a service.
public struct ServiceInstance: Codable, Sendable, Hashable {
    public var service: String
    public var region: String
    public var instance: String
    /// Where the instance serves Samen RPC.
    public var address: Endpoint
    public var version: String
    public var metadata: [String: String]
    public var health: InstanceHealth
    /// Seconds without a heartbeat before the instance turns critical.
    public var ttlSeconds: Double
    public var registeredAt: Date
    public var lastHeartbeatAt: Date

    public init(service: String, region: String, instance: String, address: Endpoint, version: String,
                metadata: [String: String] = [:], health: InstanceHealth = .passing, ttlSeconds: Double,
                registeredAt: Date, lastHeartbeatAt: Date) {
        self.service = service
        self.region = region
        self.instance = instance
        self.address = address
        self.version = version
        self.metadata = metadata
        self.health = health
        self.ttlSeconds = ttlSeconds
        self.registeredAt = registeredAt
        self.lastHeartbeatAt = lastHeartbeatAt
    }

    /// `samen://region/service/instance`.
    public var uri: String { "samen://\(region)/\(service)/\(instance)" }
}

public struct RegisterRequest: Codable, Sendable, Equatable {
    public var service: String
    public var region: String
    public var instance: String
    public var address: Endpoint
    public var version: String
    public var metadata: [String: String]
    /// The lease's time to live; the registry clamps it to its own bounds. Nil takes the registry's default.
    public var ttlSeconds: Double?

    public init(service: String, region: String, instance: String, address: Endpoint, version: String,
                metadata: [String: String] = [:], ttlSeconds: Double? = nil) {
        self.service = service
        self.region = region
        self.instance = instance
        self.address = address
        self.version = version
        self.metadata = metadata
        self.ttlSeconds = ttlSeconds
    }
}

public struct RegisterResponse: Codable, Sendable, Equatable {
    /// The lease's time to live as granted; heartbeat well within it (a third of it is a good interval).
    public var ttlSeconds: Double
    public init(ttlSeconds: Double) { self.ttlSeconds = ttlSeconds }
}

public struct HeartbeatRequest: Codable, Sendable, Equatable {
    public var service: String
    public var region: String
    public var instance: String
    public init(service: String, region: String, instance: String) {
        self.service = service
        self.region = region
        self.instance = instance
    }
}

public struct HeartbeatResponse: Codable, Sendable, Equatable {
    public var ttlSeconds: Double
    public init(ttlSeconds: Double) { self.ttlSeconds = ttlSeconds }
}

public struct DeregisterRequest: Codable, Sendable, Equatable {
    public var service: String
    public var region: String
    public var instance: String
    public init(service: String, region: String, instance: String) {
        self.service = service
        self.region = region
        self.instance = instance
    }
}

public struct LookupRequest: Codable, Sendable, Equatable {
    public var service: String
    /// Nil: the registry's own region.
    public var region: String?
    public init(service: String, region: String? = nil) {
        self.service = service
        self.region = region
    }
}

public struct LookupResponse: Codable, Sendable, Equatable {
    public var instances: [ServiceInstance]
    /// True when the answer came from a cache because the other region's registry could not be reached.
    public var stale: Bool
    public init(instances: [ServiceInstance], stale: Bool = false) {
        self.instances = instances
        self.stale = stale
    }
}

public struct CatalogRequest: Codable, Sendable, Equatable {
    /// Nil: the registry's own region.
    public var region: String?
    /// Every region this registry knows (its own and its peers'); overrides `region`.
    public var allRegions: Bool
    public init(region: String? = nil, allRegions: Bool = false) {
        self.region = region
        self.allRegions = allRegions
    }
}

public struct CatalogResponse: Codable, Sendable, Equatable {
    public var instances: [ServiceInstance]
    /// Regions whose registry did not answer usably (their instances are missing from `instances`).
    public var unreachableRegions: [String]
    /// Why, per region in `unreachableRegions`: the error, for operators. Absent from registries before it existed.
    public var regionErrors: [String: String]?
    public init(instances: [ServiceInstance], unreachableRegions: [String] = [], regionErrors: [String: String]? = nil) {
        self.instances = instances
        self.unreachableRegions = unreachableRegions
        self.regionErrors = regionErrors
    }
}

/// The federation's regions as one registry knows them.
public struct RegionsResponse: Codable, Sendable, Equatable {
    public var own: String
    public var peers: [String]
    public init(own: String, peers: [String]) {
        self.own = own
        self.peers = peers
    }
    /// Own and peers, sorted.
    public var all: [String] { ([own] + peers).sorted() }
}

public struct WatchRequest: Codable, Sendable, Equatable {
    public var service: String
    public init(service: String) { self.service = service }
}

/// Typed calls to a registry: `try await registry.lookup(LookupRequest(service: "intake", region: "antwerpen"))`.
public struct RegistryClient: Sendable {
    public let channel: any RPCChannel
    public init(channel: any RPCChannel) { self.channel = channel }

    public func register(_ request: RegisterRequest, options: CallOptions = CallOptions()) async throws -> RegisterResponse {
        try await channel.call(RegistryAPI.register, request, options: options)
    }

    public func heartbeat(_ request: HeartbeatRequest, options: CallOptions = CallOptions()) async throws -> HeartbeatResponse {
        try await channel.call(RegistryAPI.heartbeat, request, options: options)
    }

    public func deregister(_ request: DeregisterRequest, options: CallOptions = CallOptions()) async throws {
        _ = try await channel.call(RegistryAPI.deregister, request, options: options)
    }

    public func lookup(_ request: LookupRequest, options: CallOptions = CallOptions()) async throws -> LookupResponse {
        try await channel.call(RegistryAPI.lookup, request, options: options)
    }

    public func catalog(_ request: CatalogRequest, options: CallOptions = CallOptions()) async throws -> CatalogResponse {
        try await channel.call(RegistryAPI.catalog, request, options: options)
    }

    public func regions(options: CallOptions = CallOptions()) async throws -> RegionsResponse {
        try await channel.call(RegistryAPI.regions, Empty(), options: options)
    }

    public func watch(_ request: WatchRequest, options: CallOptions = CallOptions()) -> AsyncThrowingStream<LookupResponse, any Error> {
        channel.stream(RegistryAPI.watch, request, options: options)
    }
}

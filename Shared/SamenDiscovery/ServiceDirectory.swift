import SamenContracts
import SamenRPC
import SamenTLS
import Synchronization

/// Finds and calls the mesh's services: one `DiscoveryChannel` per service and region, resolved through the own
/// region's registry, which in turn asks other regions' registries.
///
///     let directory = ServiceDirectory(registries: [registry], tls: clientTLS, group: group, logger: logger)
///     let intake = IntakeClient(channel: directory.channel(service: "intake"))
public final class ServiceDirectory: Sendable {
    /// How discovery resolves, balances and fails over. The defaults suit a production mesh.
    public struct Configuration: Sendable {
        /// The own region's registry instances (`--registry`); tried in turn.
        public var registries: [Endpoint]
        /// This service's client-side TLS context.
        public var tls: TLSContext
        /// The own region: the one served by `registries`. Defaults to the certificate's region.
        public var region: String?
        public var logger: Logger
        /// How long an instance that failed with `unavailable` sits out; doubles per failure up to the maximum.
        public var basePenalty: Duration = .milliseconds(500)
        public var maximumPenalty: Duration = .seconds(30)
        /// How often another region's instances are looked up again (own-region ones are watched instead).
        public var refreshInterval: Duration = .seconds(10)
        /// One lookup's wait for the registry.
        public var lookupTimeout: Duration = .seconds(5)
        /// Waits between attempts to re-establish a watch that broke.
        public var watchRetryInitial: Duration = .milliseconds(200)
        public var watchRetryMaximum: Duration = .seconds(5)
        /// How long the client of an instance that left the registry stays open, so its calls in flight finish.
        public var retireClientsAfter: Duration = .seconds(30)
        /// Settings of the per-instance `RPCClient`s.
        public var connectTimeout: Duration = .seconds(3)
        public var clientInitialBackoff: Duration = .milliseconds(100)
        public var clientMaximumBackoff: Duration = .seconds(5)

        public init(registries: [Endpoint], tls: TLSContext, region: String? = nil, logger: Logger) {
            self.registries = registries
            self.tls = tls
            self.region = region ?? tls.localIdentity?.region
            self.logger = logger
        }
    }

    public let configuration: Configuration
    private let group: EventLoopGroup
    private let channels = Mutex<[String: DiscoveryChannel]>([:])
    /// The own region's registry, over its configured endpoints (never resolved through itself).
    public let registryChannel: DiscoveryChannel
    public let registry: RegistryClient

    public convenience init(registries: [Endpoint], tls: TLSContext, group: EventLoopGroup, logger: Logger) {
        self.init(configuration: Configuration(registries: registries, tls: tls, logger: logger), group: group)
    }

    public init(configuration: Configuration, group: EventLoopGroup) {
        self.configuration = configuration
        self.group = group
        registryChannel = DiscoveryChannel(service: "registry", region: configuration.region,
                                           source: .fixed(configuration.registries), configuration: configuration, group: group)
        registry = RegistryClient(channel: registryChannel)
    }

    /// The channel to `service` in `region` (nil: the own region); the same object for the same pair.
    /// The own region's registry is the configured endpoints; any other service is resolved through it.
    public func channel(service: String, region: String? = nil) -> DiscoveryChannel {
        let ownRegion = configuration.region
        let isOwn = region == nil || region == ownRegion
        if service == "registry" && isOwn { return registryChannel }
        let key = "\(service)@\(isOwn ? "" : region!)"
        return channels.withLock { channels in
            if let channel = channels[key] { return channel }
            let channel = DiscoveryChannel(service: service, region: isOwn ? ownRegion : region,
                                           source: .registry(registry, lookupRegion: isOwn ? nil : region, watches: isOwn),
                                           configuration: configuration, group: group)
            channels[key] = channel
            return channel
        }
    }

    /// Stops watches and closes every connection; channels fail with `unavailable` afterwards.
    public func shutdown() async {
        let all = channels.withLock { Array($0.values) }
        for channel in all { await channel.close() }
        await registryChannel.close()
    }
}

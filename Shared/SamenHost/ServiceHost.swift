#if canImport(Glibc)
import Glibc
#endif
import SamenContracts
import SamenDiscovery
import SamenRPC
import SamenTLS

/// Runs one service instance in the mesh: its RPC server, its registration with the region's registry, and a
/// `ServiceDirectory` for calling other services; on SIGTERM/SIGINT or `Admin.drain` it deregisters first,
/// then drains, so callers stop choosing it before it stops answering.
///
///     let host = try ServiceHost(options: options, service: "intake") { server, directory in
///         server.register(IntakeAPI.register) { request, context in ... }   // the contract declares who may call
///     }
///     try await host.run()
public final class ServiceHost: Sendable {
    /// Everything a host needs, already loaded (tests build it from in-memory certificates).
    public struct Configuration: Sendable {
        /// Who this instance is: must match its certificate, as the registry checks.
        public var identity: ServiceIdentity
        public var listen: Endpoint
        /// The address registered for others; nil takes `listen` with the bound port.
        public var advertise: Endpoint?
        public var serverTLS: TLSContext
        public var clientTLS: TLSContext
        /// The own region's registry instances.
        public var registries: [Endpoint]
        public var version: String
        public var metadata: [String: String] = [:]
        /// The lease to ask for; nil takes the registry's default.
        public var ttlSeconds: Double?
        /// Backoff between registration attempts while the registry cannot be reached.
        public var initialRetryDelay: Duration = .milliseconds(200)
        public var maximumRetryDelay: Duration = .seconds(10)
        /// How long the drain waits for the registry to confirm the deregistration.
        public var deregisterTimeout: Duration = .seconds(2)
        public var drainGrace: Duration = .seconds(10)
        public var loopCount = System.coreCount
        /// Connections the server holds at once; nil keeps `RPCServer.Configuration`'s default.
        public var maximumConnections: Int?
        /// The other regions this instance is the service of (`RPCServer.Configuration.servedRegions`).
        public var servedRegions: Set<String> = []
        public var logger: Logger

        public init(identity: ServiceIdentity, listen: Endpoint, serverTLS: TLSContext, clientTLS: TLSContext,
                    registries: [Endpoint], version: String = SamenVersion.current, logger: Logger) {
            self.identity = identity
            self.listen = listen
            self.serverTLS = serverTLS
            self.clientTLS = clientTLS
            self.registries = registries
            self.version = version
            self.logger = logger
        }
    }

    public let configuration: Configuration
    public let server: RPCServer
    /// Finds and calls the other services, through this region's registry.
    public let directory: ServiceDirectory
    private let group: EventLoopGroup
    private let registrar: any InstanceRegistrar
    private let keeper = LockedKeeper()

    /// Makes the host and lets `methods` register the service's handlers (with the directory for calling others).
    /// `registrar` overrides where the instance registers (the registry registers itself in-process).
    public init(configuration: Configuration, registrar: (any InstanceRegistrar)? = nil,
                methods: (RPCServer, ServiceDirectory) throws -> Void) rethrows {
        self.configuration = configuration
        var serverConfiguration = RPCServer.Configuration(listen: configuration.listen, tls: configuration.serverTLS,
                                                          identity: configuration.identity, version: configuration.version,
                                                          logger: configuration.logger)
        serverConfiguration.drainGrace = configuration.drainGrace
        serverConfiguration.loopCount = configuration.loopCount
        serverConfiguration.servedRegions = configuration.servedRegions
        if let maximumConnections = configuration.maximumConnections { serverConfiguration.maximumConnections = maximumConnections }
        server = RPCServer(configuration: serverConfiguration)
        group = EventLoopGroup(loopCount: 1, name: "\(configuration.identity.service)-calls")
        directory = ServiceDirectory(configuration: ServiceDirectory.Configuration(
            registries: configuration.registries, tls: configuration.clientTLS, region: configuration.identity.region,
            logger: configuration.logger), group: group)
        self.registrar = registrar ?? RemoteRegistrar(registry: directory.registry)
        try methods(server, directory)
        let keeper = keeper
        let timeout = configuration.deregisterTimeout
        // Runs for a signal and for Admin.drain alike: out of the registry before GOAWAY goes out.
        server.onDrain { await keeper.stop(timeout: timeout) }
    }

    /// Loads the certificate files named in `options` and checks that the certificate is this service's;
    /// `servedRegions` are the other regions a central instance is the service of.
    public convenience init(options: ServiceLaunchOptions, service: String, registrar: (any InstanceRegistrar)? = nil,
                            servedRegions: Set<String> = [],
                            methods: (RPCServer, ServiceDirectory) throws -> Void) throws {
        let serverTLS = try TLSContext.load(role: .server, certificateFile: options.certificateFile,
                                            privateKeyFile: options.privateKeyFile, trustRootsFile: options.trustRootsFile)
        let clientTLS = try TLSContext.load(role: .client, certificateFile: options.certificateFile,
                                            privateKeyFile: options.privateKeyFile, trustRootsFile: options.trustRootsFile)
        guard let identity = serverTLS.localIdentity else {
            throw RPCError(.invalidArgument, "the certificate \(options.certificateFile) carries no samen:// identity")
        }
        let expected = "samen://\(options.region)/\(service)/\(options.instance)"
        guard identity.uri == expected else {
            throw RPCError(.invalidArgument, "the certificate \(options.certificateFile) is for \(identity.uri), but the flags "
                               + "describe \(expected) (--region, --instance); use the certificate of this instance")
        }
        var configuration = Configuration(identity: identity, listen: options.listen, serverTLS: serverTLS, clientTLS: clientTLS,
                                          registries: options.registries, version: options.version,
                                          logger: Logger(service: service, minimumLevel: options.logLevel))
        configuration.advertise = options.advertise
        configuration.maximumConnections = options.maximumConnections
        configuration.servedRegions = servedRegions
        try self.init(configuration: configuration, registrar: registrar, methods: methods)
    }

    /// Starts serving and begins registering in the background; returns the bound port.
    @discardableResult
    public func start() throws(RPCError) -> Int {
        let port = try server.start()
        let address = configuration.advertise ?? Endpoint(host: configuration.listen.host, port: port)
        let identity = configuration.identity
        let request = RegisterRequest(service: identity.service, region: identity.region, instance: identity.instance,
                                      address: address, version: configuration.version, metadata: configuration.metadata,
                                      ttlSeconds: configuration.ttlSeconds)
        let keeper = RegistrationKeeper(registrar: registrar, request: request, initialRetryDelay: configuration.initialRetryDelay,
                                        maximumRetryDelay: configuration.maximumRetryDelay, logger: configuration.logger)
        self.keeper.set(keeper)
        keeper.start()
        return port
    }

    /// Starts, serves until SIGTERM/SIGINT or an operator's drain, then drains and releases everything.
    public func run() async throws {
        try start()
        await server.serveUntilStopped()
        await directory.shutdown()
        group.shutdown()
    }

    /// Deregisters, then drains the server (see `RPCServer.drain(grace:)`).
    public func drain(grace: Duration? = nil) async {
        await server.drain(grace: grace)
        await directory.shutdown()
        group.shutdown()
    }

    /// The address this instance registers, once started.
    public var registeredAddress: Endpoint? {
        guard let port = server.port else { return nil }
        return configuration.advertise ?? Endpoint(host: configuration.listen.host, port: port)
    }

    /// True while the registry holds a lease for this instance, as far as the host knows.
    public var isRegistered: Bool {
        if case .registered = keeper.get()?.status { return true }
        return false
    }

    /// Heartbeats the registry accepted so far.
    public var heartbeatCount: Int { keeper.get()?.heartbeatCount ?? 0 }
}

import Synchronization

/// The keeper exists from `start()` on; the drain hook is installed earlier and finds it here.
private final class LockedKeeper: Sendable {
    private let keeper = Mutex<RegistrationKeeper?>(nil)
    func set(_ value: RegistrationKeeper) { keeper.withLock { $0 = value } }
    func get() -> RegistrationKeeper? { keeper.withLock { $0 } }
    func stop(timeout: Duration) async { await get()?.stop(timeout: timeout) }
}

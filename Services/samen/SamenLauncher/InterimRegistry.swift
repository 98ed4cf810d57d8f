import Foundation
#if canImport(Glibc)
import Glibc
#endif
import SamenContracts
import SamenHost
import SamenRPC
import SamenTLS
import Synchronization

// STAND-IN: a minimal in-memory registry, so that `samen up`, `samenctl` and their tests run before the real
// registry (RegistryService's `RegistryProgram`, on branch helper-registry) is merged. It implements the unary
// RegistryAPI methods (register, heartbeat, deregister, lookup, catalog; not watch), registers itself in its own
// catalogue, and answers `allRegions` and other-region requests by asking its `--peer` registries.
// No persistence, no TTL clamping, no anti-entropy. Once `RegistryProgram` exists, replace
// `InterimRegistryProgram.self` with `RegistryProgram.self` in `ServiceCatalog.all` and delete this file.

/// The stand-in registry's state and handlers; tests install it on an in-process `RPCServer`.
public final class InterimRegistry: Sendable {
    public let region: String
    /// Critical instances are forgotten after this long without a heartbeat.
    public let deregisterCriticalAfter: Double = 60
    public let defaultTTL: Double = 10
    private let peers: [String: [Endpoint]]
    private let peerTLS: TLSContext?
    private let logger: Logger
    private let instances = Mutex<[String: ServiceInstance]>([:])
    private let ownInstance = Mutex<ServiceInstance?>(nil)
    private let peerClients = Mutex<[Endpoint: RPCClient]>([:])
    private let group: EventLoopGroup?

    /// `peerTLS` is a client context (this registry's certificate) for asking `peers`; nil without peers.
    public init(region: String, peers: [String: [Endpoint]] = [:], peerTLS: TLSContext? = nil, logger: Logger) {
        self.region = region
        self.peers = peers
        self.peerTLS = peerTLS
        self.logger = logger
        self.group = peers.isEmpty ? nil : EventLoopGroup(loopCount: 1, name: "registry-peers")
    }

    deinit { group?.shutdown() }

    /// Registers the registry's methods on `server` (before it starts).
    public func install(on server: RPCServer) {
        server.register(RegistryAPI.register, allow: .anyAuthenticated) { [self] request, context in
            try authorize(context.peer, service: request.service, region: request.region, instance: request.instance)
            let ttl = request.ttlSeconds.map { min(max($0, 0.05), 300) } ?? defaultTTL
            let now = Date()
            insert(ServiceInstance(service: request.service, region: request.region, instance: request.instance,
                                   address: request.address, version: request.version, metadata: request.metadata,
                                   ttlSeconds: ttl, registeredAt: now, lastHeartbeatAt: now))
            return RegisterResponse(ttlSeconds: ttl)
        }
        server.register(RegistryAPI.heartbeat, allow: .anyAuthenticated) { [self] request, context in
            try authorize(context.peer, service: request.service, region: request.region, instance: request.instance)
            let key = Self.key(request.region, request.service, request.instance)
            let ttl = instances.withLock { table -> Double? in
                guard table[key] != nil else { return nil }
                table[key]!.lastHeartbeatAt = Date()
                return table[key]!.ttlSeconds
            }
            guard let ttl else { throw RPCError(.notFound, "\(key) is not registered; register again") }
            return HeartbeatResponse(ttlSeconds: ttl)
        }
        server.register(RegistryAPI.deregister, allow: .anyAuthenticated) { [self] request, context in
            try authorize(context.peer, service: request.service, region: request.region, instance: request.instance)
            _ = instances.withLock { $0.removeValue(forKey: Self.key(request.region, request.service, request.instance)) }
            return Empty()
        }
        server.register(RegistryAPI.lookup, allow: .anyAuthenticated) { [self] request, _ in
            let wanted = request.region ?? region
            if wanted != region {
                let response = try await askPeer(wanted) { try await $0.lookup(LookupRequest(service: request.service, region: wanted)) }
                return LookupResponse(instances: response.instances, stale: response.stale)
            }
            return LookupResponse(instances: snapshot().filter { $0.service == request.service && $0.health == .passing })
        }
        server.register(RegistryAPI.catalog, allow: .anyAuthenticated) { [self] request, _ in
            if request.allRegions {
                var all = snapshot()
                var unreachable: [String] = []
                for peer in peers.keys.sorted() where peer != region {
                    do {
                        all += try await askPeer(peer) { try await $0.catalog(CatalogRequest(region: peer)) }.instances
                    } catch {
                        unreachable.append(peer)
                    }
                }
                return CatalogResponse(instances: all, unreachableRegions: unreachable)
            }
            let wanted = request.region ?? region
            if wanted != region {
                return try await askPeer(wanted) { try await $0.catalog(CatalogRequest(region: wanted)) }
            }
            return CatalogResponse(instances: snapshot())
        }
    }

    /// Adds or replaces an instance as given (health is recomputed from its last heartbeat on every read).
    public func insert(_ instance: ServiceInstance) {
        instances.withLock { $0[Self.key(instance.region, instance.service, instance.instance)] = instance }
    }

    /// Lists the registry itself, always passing, at `address`.
    public func registerSelf(instance: String, address: Endpoint, version: String) {
        let now = Date()
        ownInstance.withLock {
            $0 = ServiceInstance(service: "registry", region: region, instance: instance, address: address, version: version,
                                 ttlSeconds: defaultTTL, registeredAt: now, lastHeartbeatAt: now)
        }
    }

    /// This region's instances with their current health; forgets long-critical ones.
    public func snapshot(now: Date = Date()) -> [ServiceInstance] {
        var result = instances.withLock { table -> [ServiceInstance] in
            table = table.filter { now.timeIntervalSince($0.value.lastHeartbeatAt) < $0.value.ttlSeconds + deregisterCriticalAfter }
            return Array(table.values)
        }
        for index in result.indices {
            result[index].health = now.timeIntervalSince(result[index].lastHeartbeatAt) > result[index].ttlSeconds ? .critical : .passing
        }
        if var own = ownInstance.withLock({ $0 }) {
            own.lastHeartbeatAt = now
            result.append(own)
        }
        return result.sorted { ($0.service, $0.instance) < ($1.service, $1.instance) }
    }

    /// Closes the connections to peer registries.
    public func close() async {
        for client in peerClients.withLock({ Array($0.values) }) { await client.close() }
    }

    private func authorize(_ caller: ServiceIdentity, service: String, region: String, instance: String) throws(RPCError) {
        guard caller.service == "operator" || (caller.service == service && caller.region == region && caller.instance == instance) else {
            throw RPCError(.permissionDenied, "\(caller.uri) may only register itself, not samen://\(region)/\(service)/\(instance)")
        }
    }

    private func askPeer<T: Sendable>(_ peerRegion: String, _ body: (RegistryClient) async throws -> T) async throws -> T {
        guard let endpoints = peers[peerRegion], !endpoints.isEmpty else {
            throw RPCError(.notFound, "region \(peerRegion) is unknown to the registry of \(region)")
        }
        guard let peerTLS, let group else { throw RPCError(.unavailable, "no TLS context for peer registries") }
        var lastError: any Error = RPCError(.unavailable, "no registry of \(peerRegion) answered")
        for endpoint in endpoints {
            let client = peerClients.withLock { clients in
                if let existing = clients[endpoint] { return existing }
                var configuration = RPCClient.Configuration(endpoint: endpoint, tls: peerTLS, logger: logger)
                configuration.expectedService = "registry"
                configuration.defaultTimeout = .seconds(2)
                configuration.connectTimeout = .seconds(2)
                configuration.maximumBackoff = .seconds(1)
                let client = RPCClient(configuration: configuration, group: group)
                clients[endpoint] = client
                return client
            }
            do { return try await body(RegistryClient(channel: client)) } catch { lastError = error }
        }
        throw lastError
    }

    private static func key(_ region: String, _ service: String, _ instance: String) -> String { "\(region)/\(service)/\(instance)" }
}

/// STAND-IN for RegistryService's `RegistryProgram`: runs `InterimRegistry` on the launch options' address until
/// SIGTERM or SIGINT, then drains.
public enum InterimRegistryProgram: ServiceProgram {
    public static let name = "registry"

    public static func run(_ options: ServiceLaunchOptions) async throws {
        let logger = Logger(service: name, minimumLevel: options.logLevel).with("region", options.region)
        let identity = try ServiceIdentity(region: options.region, service: name, instance: options.instance)
        let serverTLS = try TLSContext.load(role: .server, certificateFile: options.certificateFile,
                                            privateKeyFile: options.privateKeyFile, trustRootsFile: options.trustRootsFile)
        let clientTLS = try TLSContext.load(role: .client, certificateFile: options.certificateFile,
                                            privateKeyFile: options.privateKeyFile, trustRootsFile: options.trustRootsFile)
        var configuration = RPCServer.Configuration(listen: options.listen, tls: serverTLS, identity: identity,
                                                    version: options.version, logger: logger)
        configuration.loopCount = 1
        configuration.drainGrace = .seconds(5)
        let server = RPCServer(configuration: configuration)
        let registry = InterimRegistry(region: options.region, peers: options.peers, peerTLS: clientTLS, logger: logger)
        registry.install(on: server)
        let port = try server.start()
        registry.registerSelf(instance: options.instance,
                              address: options.advertise ?? Endpoint(host: options.listen.host, port: port), version: options.version)
        logger.info("stand-in registry ready", [("peers", options.peers.keys.sorted().joined(separator: ","))])
        // Stop on SIGTERM/SIGINT, and also after a drain asked for over RPC (`samenctl drain`), so the process exits
        // and `samen up` starts it again.
        Task {
            await SignalWaiter.wait(for: [SIGTERM, SIGINT])
            await server.drain()
        }
        await server.waitUntilStopped()
        await registry.close()
    }
}

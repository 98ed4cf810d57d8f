import Foundation
import SamenContracts
import SamenHost
import SamenRPC
import SamenStorage
import SamenTLS
import Synchronization

/// One region's registry: the catalogue of the region's service instances with their leases, persisted in
/// SQLite, plus lookups in other regions through their registries.
///
/// Tests and the registry program drive it in-process: make it, `register(on:)` an `RPCServer`, start the
/// server, and `stop()` it after the server drained.
public final class RegistryService: Sendable {
    public let configuration: RegistryConfiguration
    private let database: Database
    /// The catalogue in memory, always equal to the file after each write (both change inside one write).
    private let catalogue: Mutex<[InstanceKey: ServiceInstance]>
    private let watchers = WatchHub()
    private let peers: PeerRegistries
    /// Other-region answers cached now.
    var peerCacheCount: Int { peers.cacheCount }
    private let ownedGroup: EventLoopGroup?
    /// The expiry sweep and, with routes, the routed watches' refresh.
    private let periodic = Mutex<[Task<Void, Never>]>([])
    private let stopped = Atomic<Bool>(false)
    private var logger: Logger { configuration.logger }

    /// Opens (or creates) the catalogue, settles the leases that ran out while the registry was down, and
    /// starts the periodic expiry sweep.
    public init(configuration: RegistryConfiguration) async throws {
        try configuration.checkRoutes()
        self.configuration = configuration
        database = try CatalogueStore.open(path: configuration.databasePath)
        var loaded = try await CatalogueStore.loadAll(database, region: configuration.region, logger: configuration.logger)
        let graced = Lease.restartGrace(loaded, at: configuration.clock())
        if !graced.isEmpty {
            // Persisted, so that a second restart within the grace sees the same lease.
            try await database.write { connection in
                for instance in graced {
                    try CatalogueStore.updateHeartbeat(InstanceKey(instance), at: instance.lastHeartbeatAt, health: .passing,
                                                       on: connection)
                }
            }
            let byKey = Dictionary(graced.map { (InstanceKey($0), $0) }, uniquingKeysWith: { _, last in last })
            loaded = loaded.map { byKey[InstanceKey($0)] ?? $0 }
            configuration.logger.info("leases that ran out while the registry was down get one ttl of grace",
                                      [("instances", "\(graced.count)")])
        }
        catalogue = Mutex(Dictionary(loaded.map { (InstanceKey($0), $0) }, uniquingKeysWith: { _, last in last }))
        let group: EventLoopGroup
        if let given = configuration.group {
            group = given
            ownedGroup = nil
        } else {
            group = EventLoopGroup(loopCount: 1, name: "registry-peers")
            ownedGroup = group
        }
        peers = PeerRegistries(configuration: configuration, group: group)
        logger.info("catalogue opened", [("instances", "\(loaded.count)"), ("region", configuration.region)])
        try await sweep()
        startPeriodic(every: configuration.sweepInterval, "expiry sweep") { try await $0.sweep() }
        if !configuration.routes.isEmpty {
            // The serving region pushes nothing here: its instances are looked up again (through the peer cache),
            // and a routed watch sends only when they changed.
            let routed = Set(configuration.routes.keys)
            startPeriodic(every: configuration.routeRefreshInterval, "route refresh") { $0.watchers.changed(routed) }
        }
    }

    /// Registers every RegistryAPI method with the policy its contract declares; the handlers also check that
    /// register, heartbeat and deregister are about the caller itself.
    public func register(on server: RPCServer) {
        server.register(RegistryAPI.register) { [self] request, context in
            try await register(request, caller: context.peer, logger: context.logger, idempotencyKey: context.idempotencyKey)
        }
        server.register(RegistryAPI.heartbeat) { [self] request, context in
            try await heartbeat(request, caller: context.peer, logger: context.logger, idempotencyKey: context.idempotencyKey)
        }
        server.register(RegistryAPI.deregister) { [self] request, context in
            try await deregister(request, caller: context.peer, logger: context.logger, idempotencyKey: context.idempotencyKey)
            return Empty()
        }
        server.register(RegistryAPI.lookup) { [self] request, context in
            try await lookup(request, caller: context.peer)
        }
        server.register(RegistryAPI.catalog) { [self] request, _ in
            try await catalog(request)
        }
        server.register(RegistryAPI.regions) { [self] _, _ in
            RegionsResponse(own: configuration.region, peers: peers.regions.sorted())
        }
        server.register(RegistryAPI.watch) { [self] request, context, sender in
            try await watch(request, caller: context.peer, sender: sender)
        }
        // Watches would otherwise hold the drain for its whole grace period.
        server.onDrain { [watchers] in watchers.close() }
    }

    /// Registers this registry's own instance without the network: `ServiceHost` uses it for the registry.
    public var localRegistrar: any InstanceRegistrar { LocalRegistrar(service: self) }

    /// Stops sweeping, ends every watch and closes the catalogue file. Call after the server drained.
    public func stop() async {
        guard !stopped.exchange(true, ordering: .acquiringAndReleasing) else { return }
        let tasks = periodic.withLock { tasks in defer { tasks = [] }; return tasks }
        for task in tasks { task.cancel() }
        for task in tasks { await task.value }
        watchers.close()
        await peers.close()
        ownedGroup?.shutdown()
        database.close()
        logger.info("catalogue closed")
    }

    // MARK: Leases
    // Register, heartbeat and deregister run once per idempotency key (`mutate(once:)`); a replayed answer
    // changes nothing, so it wakes no watcher and logs nothing.

    func register(_ request: RegisterRequest, caller: ServiceIdentity, logger: Logger,
                  idempotencyKey: String? = nil) async throws -> RegisterResponse {
        let identity = try RequestValidation.register(request)
        try RequestValidation.requireCaller(caller, is: identity, action: "register", logger: logger)
        try requireOwnRegion(identity)
        let call = try IdempotentCall(method: RegistryAPI.register.name, request: request, caller: caller, key: idempotencyKey)
        let now = configuration.clock()
        let ttl = configuration.grantedTTL(request.ttlSeconds)
        let instance = ServiceInstance(service: request.service, region: request.region, instance: request.instance,
                                       address: request.address, version: request.version, metadata: request.metadata,
                                       health: .passing, ttlSeconds: ttl, registeredAt: now, lastHeartbeatAt: now)
        let (response, replayed) = try await mutate(once: call, at: now) { instances, connection in
            try CatalogueStore.upsert(instance, on: connection)
            instances[InstanceKey(instance)] = instance
            return RegisterResponse(ttlSeconds: ttl)
        }
        if replayed { return response }
        watchers.changed([instance.service])
        logger.info("instance registered", [("instance", instance.uri), ("address", instance.address.description),
                                            ("ttl_seconds", "\(ttl)")])
        return response
    }

    func heartbeat(_ request: HeartbeatRequest, caller: ServiceIdentity, logger: Logger,
                   idempotencyKey: String? = nil) async throws -> HeartbeatResponse {
        let identity = try RequestValidation.identity(service: request.service, region: request.region, instance: request.instance)
        try RequestValidation.requireCaller(caller, is: identity, action: "heartbeat for", logger: logger)
        try requireOwnRegion(identity)
        let call = try IdempotentCall(method: RegistryAPI.heartbeat.name, request: request, caller: caller, key: idempotencyKey)
        let key = InstanceKey(service: request.service, instance: request.instance)
        let now = configuration.clock()
        let deregisterAfter = configuration.deregisterCriticalAfter
        enum Outcome: Codable, Sendable { case renewed(ttl: Double, revived: Bool), expired, unknown }
        let (outcome, replayed) = try await mutate(once: call, at: now) { instances, connection -> Outcome in
            guard var instance = instances[key] else { return .unknown }
            if Lease.isExpired(instance, at: now, deregisterCriticalAfter: deregisterAfter) {
                // The sweep had not come round yet; the lease is over all the same.
                try CatalogueStore.delete(key, on: connection)
                instances[key] = nil
                return .expired
            }
            let revived = Lease.health(of: instance, at: now) == .critical || instance.health == .critical
            instance.lastHeartbeatAt = now
            instance.health = .passing
            try CatalogueStore.updateHeartbeat(key, at: now, health: .passing, on: connection)
            instances[key] = instance
            return .renewed(ttl: instance.ttlSeconds, revived: revived)
        }
        switch outcome {
        case .renewed(let ttl, let revived):
            if revived && !replayed {
                watchers.changed([request.service])
                logger.info("instance passing again", [("instance", identity.uri)])
            }
            return HeartbeatResponse(ttlSeconds: ttl)
        case .expired, .unknown:
            if case .expired = outcome, !replayed { watchers.changed([request.service]) }
            throw RPCError(.notFound, "\(identity.uri) is not registered here (its lease may have run out); register again")
        }
    }

    func deregister(_ request: DeregisterRequest, caller: ServiceIdentity, logger: Logger,
                    idempotencyKey: String? = nil) async throws {
        let identity = try RequestValidation.identity(service: request.service, region: request.region, instance: request.instance)
        try RequestValidation.requireCaller(caller, is: identity, action: "deregister", logger: logger)
        try requireOwnRegion(identity)
        let call = try IdempotentCall(method: RegistryAPI.deregister.name, request: request, caller: caller, key: idempotencyKey)
        let key = InstanceKey(service: request.service, instance: request.instance)
        let now = configuration.clock()
        let (removed, replayed) = try await mutate(once: call, at: now) { instances, connection -> Bool in
            guard instances[key] != nil else { return false }
            try CatalogueStore.delete(key, on: connection)
            instances[key] = nil
            return true
        }
        // Deregistering twice is fine: a draining instance may retry after a lost answer.
        if removed && !replayed {
            watchers.changed([request.service])
            logger.info("instance deregistered", [("instance", identity.uri)])
        }
    }

    /// One expiry pass: marks leases that ran out critical and removes those critical for too long, and forgets
    /// idempotency keys older than `idempotencyRetention`.
    public func sweep() async throws {
        let now = configuration.clock()
        let deregisterAfter = configuration.deregisterCriticalAfter
        let ledgerCutoff = now.addingTimeInterval(-configuration.idempotencyRetention)
        let changes = try await mutate { instances, connection -> [(ServiceInstance, removed: Bool)] in
            try IdempotencyLedger().purge(in: connection, olderThan: ledgerCutoff)
            var changes: [(ServiceInstance, removed: Bool)] = []
            for (key, instance) in instances.sorted(by: { $0.key < $1.key }) {
                if Lease.isExpired(instance, at: now, deregisterCriticalAfter: deregisterAfter) {
                    try CatalogueStore.delete(key, on: connection)
                    instances[key] = nil
                    changes.append((instance, true))
                } else if Lease.health(of: instance, at: now) != instance.health {
                    let health = Lease.health(of: instance, at: now)
                    try CatalogueStore.updateHealth(key, health, on: connection)
                    instances[key]?.health = health
                    changes.append((instance, false))
                }
            }
            return changes
        }
        for (instance, removed) in changes {
            if removed {
                logger.warning("instance removed: critical for longer than deregister-critical-after",
                               [("instance", instance.uri), ("deregister_critical_after", "\(deregisterAfter)")])
            } else {
                logger.warning("lease ran out: instance critical", [("instance", instance.uri)])
            }
        }
        watchers.changed(Set(changes.map(\.0.service)))
    }

    private func startPeriodic(every interval: Duration, _ name: String, _ body: @escaping @Sendable (RegistryService) async throws -> Void) {
        let task = Task { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                guard !Task.isCancelled, let self else { return }
                do {
                    try await body(self)
                } catch {
                    self.logger.error("\(name) failed", [("error", "\(error)")])
                }
            }
        }
        periodic.withLock { $0.append(task) }
    }

    private func requireOwnRegion(_ identity: ServiceIdentity) throws(RPCError) {
        guard identity.region == configuration.region else {
            throw RPCError(.failedPrecondition,
                           "\(identity.uri) belongs to region '\(identity.region)'; this is the registry of '\(configuration.region)'. "
                               + "Register with your own region's registry")
        }
    }

    /// Applies a change to memory and to the file in the same order as every other change: the body runs on the
    /// database's serial writer queue, on a copy that replaces the catalogue only when the SQL succeeded.
    private func mutate<T: Sendable>(_ body: @escaping @Sendable (inout [InstanceKey: ServiceInstance], SQLiteConnection) throws -> T) async throws -> T {
        guard !stopped.load(ordering: .acquiring) else {
            throw RPCError(.unavailable, "the registry is shutting down; retry on another registry instance")
        }
        return try await database.write { [self] connection in
            try self.catalogue.withLock { instances in
                var copy = instances
                let result = try body(&copy, connection)
                instances = copy
                return result
            }
        }
    }

    /// `mutate` once per idempotency key: a retry of `call` gets the first outcome and `body` does not run.
    private func mutate<T: Codable & Sendable>(once call: IdempotentCall, at time: Date,
                                               _ body: @escaping @Sendable (inout [InstanceKey: ServiceInstance], SQLiteConnection) throws -> T)
        async throws -> (outcome: T, replayed: Bool) {
        try await mutate { instances, connection in
            try call.run(on: connection, at: time) { try body(&instances, connection) }
        }
    }

    // MARK: Queries

    /// The passing instances of `service` in this region, in a stable order.
    func passingInstances(of service: String) -> [ServiceInstance] {
        let now = configuration.clock()
        return catalogue.withLock { instances in
            instances.values.filter { $0.service == service }.map { Lease.current($0, at: now) }
        }
        .filter { $0.health == .passing }
        .sorted { InstanceKey($0) < InstanceKey($1) }
    }

    func allInstances() -> [ServiceInstance] {
        let now = configuration.clock()
        return catalogue.withLock { Array($0.values) }.map { Lease.current($0, at: now) }.sorted { InstanceKey($0) < InstanceKey($1) }
    }

    /// How many watches of `service` are open (for tests that wait for a client to watch again).
    func watchCount(of service: String) -> Int { watchers.count(of: service) }

    func lookup(_ request: LookupRequest, caller: ServiceIdentity) async throws -> LookupResponse {
        try RequestValidation.identityPart("service", request.service)
        let region = request.region ?? configuration.region
        try RequestValidation.identityPart("region", region)
        if region == configuration.region {
            guard let serving = configuration.routes[request.service] else {
                return LookupResponse(instances: passingInstances(of: request.service))
            }
            if caller.service == "registry" { throw routedForRegistry(request.service, serving) }
            return try await peers.lookup(service: request.service, region: serving)
        }
        guard peers.knows(region) else { throw unknownRegion(region) }
        // A registry asking us about a third region means a peer loop; refuse rather than forward again.
        if caller.service == "registry" {
            throw RPCError(.failedPrecondition, "registries do not forward lookups: ask the registry of '\(region)' directly")
        }
        return try await peers.lookup(service: request.service, region: region)
    }

    func catalog(_ request: CatalogRequest) async throws -> CatalogResponse {
        if request.allRegions {
            // Each child returns a named struct: with a (String, CatalogResponse?) tuple as the child result type,
            // release builds of Swift 6.3.1 handed the group an uninitialised result (valgrind: "conditional jump
            // depends on uninitialised value" in TaskGroup's offer), so peer regions vanished or the process crashed.
            let answers = await withTaskGroup(of: PeerCatalogAnswer.self) { group in
                for region in peers.regions {
                    group.addTask { [peers] in
                        do {
                            return PeerCatalogAnswer(region: region, response: try await peers.catalog(region: region), error: nil)
                        } catch {
                            return PeerCatalogAnswer(region: region, response: nil, error: (error as? RPCError)?.message ?? "\(error)")
                        }
                    }
                }
                var answers: [PeerCatalogAnswer] = []
                for await answer in group { answers.append(answer) }
                return answers
            }
            var instances = allInstances()
            var errors: [String: String] = [:]
            for answer in answers {
                if let response = answer.response { instances += response.instances } else { errors[answer.region] = answer.error }
            }
            instances.sort { ($0.region, $0.service, $0.instance) < ($1.region, $1.service, $1.instance) }
            return CatalogResponse(instances: instances, unreachableRegions: errors.keys.sorted(), regionErrors: errors)
        }
        let region = request.region ?? configuration.region
        try RequestValidation.identityPart("region", region)
        if region == configuration.region { return CatalogResponse(instances: allInstances()) }
        guard peers.knows(region) else { throw unknownRegion(region) }
        return try await peers.catalog(region: region)
    }

    /// A route is followed once, for the callers of this region: another registry passing on a lookup for this
    /// region would get another region's instances, which it rightly refuses, and two routes could chase each other.
    private func routedForRegistry(_ service: String, _ serving: String) -> RPCError {
        RPCError(.failedPrecondition, "'\(service)' of region '\(configuration.region)' is served by region '\(serving)' "
                     + "(a route); registries do not forward lookups: look '\(service)' up in region '\(serving)'",
                 details: ["region": serving])
    }

    /// What a watch of `service` sends: the own passing instances, or for a routed service the serving region's.
    private func watched(_ service: String, caller: ServiceIdentity) async throws -> [ServiceInstance] {
        guard let serving = configuration.routes[service] else { return passingInstances(of: service) }
        if caller.service == "registry" { throw routedForRegistry(service, serving) }
        return try await peers.lookup(service: service, region: serving).instances
    }

    private func unknownRegion(_ region: String) -> RPCError {
        let known = ([configuration.region] + peers.regions).sorted().joined(separator: ", ")
        return RPCError(.notFound, "unknown region '\(region)'; this registry knows: \(known)")
    }

    /// Sends the passing instances at once, then again whenever that set changes, until the caller cancels or
    /// the registry stops (then `unavailable`, so the caller watches again elsewhere). A routed service's
    /// instances come from the serving region; while it cannot be reached the watch keeps what it sent.
    func watch(_ request: WatchRequest, caller: ServiceIdentity, sender: StreamSender<LookupResponse>) async throws {
        try RequestValidation.identityPart("service", request.service)
        let (id, signals) = watchers.subscribe(request.service)
        defer { watchers.unsubscribe(id) }
        var last = try await watched(request.service, caller: caller)
        try await sender.send(LookupResponse(instances: last))
        for await _ in signals {
            guard let current = try? await watched(request.service, caller: caller) else { continue }
            if WatchSnapshot(current) != WatchSnapshot(last) {
                try await sender.send(LookupResponse(instances: current))
                last = current
            }
        }
        if Task.isCancelled { throw CancellationError() }
        throw RPCError(.unavailable, "the registry is shutting down; watch again")
    }
}

/// What makes two watch snapshots different: membership, addresses, versions and metadata, not heartbeat times
/// (a heartbeat changes nothing a caller routes by).
private struct WatchSnapshot: Equatable {
    struct Entry: Equatable {
        let instance: String
        let address: Endpoint
        let version: String
        let metadata: [String: String]
    }

    let entries: [Entry]

    init(_ instances: [ServiceInstance]) {
        entries = instances.map { Entry(instance: $0.instance, address: $0.address, version: $0.version, metadata: $0.metadata) }
    }
}

/// One peer region's catalogue, or why there is none.
struct PeerCatalogAnswer: Sendable {
    let region: String
    let response: CatalogResponse?
    let error: String?
}

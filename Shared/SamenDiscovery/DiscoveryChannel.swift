import SamenContracts
import SamenRPC
import Synchronization

/// Calls one service in one region, over whichever of its instances are healthy: typed clients run over it
/// unchanged (`RegistryClient(channel: directory.channel(service: "registry"))`).
///
/// Endpoints come from the registry (a watch in the own region, a periodic lookup for other regions) and are
/// kept when the registry cannot be reached, so a registry outage does not stop calls between services.
/// Calls go round-robin; an instance that fails with `unavailable` sits out for a while; a failed call is retried
/// once on another instance when that cannot do harm: the server certainly did not process it, or it carries an
/// idempotency key.
public final class DiscoveryChannel: RPCChannel, Sendable {
    enum Source: Sendable {
        /// Fixed endpoints: the own region's registry.
        case fixed([Endpoint])
        /// Resolved through a registry; `lookupRegion` nil means the registry's own region.
        case registry(RegistryClient, lookupRegion: String?, watches: Bool)
    }

    private struct State: Sendable {
        var rotation: EndpointRotation
        var clients: [Endpoint: RPCClient] = [:]
        /// Clients of instances that left, closed once their calls had time to finish.
        var retiring: [Endpoint: (client: RPCClient, since: ContinuousClock.Instant)] = [:]
        var lastRefresh: ContinuousClock.Instant?
        var refreshing: Task<Void, Never>?
        var watchTask: Task<Void, Never>?
        /// Why no endpoint is known, for the error a caller sees.
        var problem: String?
        var closed = false
    }

    public let service: String
    /// The region called, as far as known (nil: the registry's region, when the certificate names none).
    public let region: String?
    private let source: Source
    private let configuration: ServiceDirectory.Configuration
    private let group: EventLoopGroup
    private let state: Mutex<State>

    init(service: String, region: String?, source: Source, configuration: ServiceDirectory.Configuration, group: EventLoopGroup) {
        self.service = service
        self.region = region
        self.source = source
        self.configuration = configuration
        self.group = group
        var rotation = EndpointRotation(basePenalty: configuration.basePenalty, maximumPenalty: configuration.maximumPenalty)
        if case .fixed(let endpoints) = source { rotation.replace(endpoints) }
        state = Mutex(State(rotation: rotation, problem: {
            if case .fixed(let endpoints) = source, endpoints.isEmpty { return "no registry address is configured (--registry)" }
            return nil
        }()))
    }

    /// The endpoints calls are spread over right now.
    public var endpoints: [Endpoint] { state.withLock { $0.rotation.endpoints } }

    // MARK: RPCChannel

    public func unary(method: String, payload: [UInt8], options: CallOptions) async throws -> [UInt8] {
        var tried = Set<Endpoint>()
        var lastError: RPCError?
        while true {
            guard let endpoint = try await nextEndpoint(excluding: tried) else {
                throw lastError ?? noInstanceError()
            }
            do {
                let response = try await client(for: endpoint).unary(method: method, payload: payload, options: options)
                state.withLock { $0.rotation.succeeded(endpoint) }
                return response
            } catch let error as RPCError where error.status == .unavailable {
                markFailed(endpoint, error)
                guard tried.isEmpty, error.wasNotProcessed || options.idempotencyKey != nil else { throw error }
                tried.insert(endpoint)
                lastError = error
            }
        }
    }

    public func serverStreaming(method: String, payload: [UInt8], options: CallOptions) -> AsyncThrowingStream<[UInt8], any Error> {
        // Items are taken from the instance's stream as the consumer asks, so that the client's bound on what the
        // consumer has not taken (`ClientStreamLimits`) holds through this channel too.
        let attempt = StreamAttempt()
        return AsyncThrowingStream(unfolding: { [self] in
            while true {
                guard !attempt.isDone else { return nil }
                if attempt.current == nil {
                    let next: Endpoint?
                    do {
                        next = try await nextEndpoint(excluding: attempt.tried)
                    } catch {
                        attempt.isDone = true
                        throw error
                    }
                    guard let endpoint = next else {
                        attempt.isDone = true
                        throw attempt.lastError ?? noInstanceError()
                    }
                    attempt.current = (endpoint, PulledIterator(client(for: endpoint).serverStreaming(method: method, payload: payload,
                                                                                                        options: options)))
                }
                guard let (endpoint, items) = attempt.current else { continue }
                do {
                    if let item = try await items.next() {
                        attempt.receivedItems = true
                        return item
                    }
                    state.withLock { $0.rotation.succeeded(endpoint) }
                    attempt.isDone = true
                    return nil
                } catch let error as RPCError where error.status == .unavailable {
                    markFailed(endpoint, error)
                    // Items already delivered cannot be taken back: only a stream that never started is retried.
                    guard !attempt.receivedItems, attempt.tried.isEmpty, error.wasNotProcessed || options.idempotencyKey != nil else {
                        attempt.isDone = true
                        throw error
                    }
                    attempt.tried.insert(endpoint)
                    attempt.lastError = error
                    attempt.current = nil
                } catch {
                    attempt.isDone = true
                    throw error
                }
            }
        })
    }

    /// Stops the watch and closes every connection; later calls fail with `unavailable`.
    public func close() async {
        let (clients, tasks) = state.withLock { state -> ([RPCClient], [Task<Void, Never>]) in
            state.closed = true
            let clients = Array(state.clients.values) + state.retiring.values.map(\.client)
            state.clients = [:]
            state.retiring = [:]
            let tasks = [state.watchTask, state.refreshing].compactMap { $0 }
            state.watchTask = nil
            state.refreshing = nil
            return (clients, tasks)
        }
        for task in tasks { task.cancel() }
        for client in clients { await client.close() }
    }

    // MARK: Choosing an instance

    /// The endpoint for the next attempt; resolves first when nothing is known yet. Nil when only excluded
    /// endpoints are left.
    private func nextEndpoint(excluding tried: Set<Endpoint>) async throws(RPCError) -> Endpoint? {
        if let waitFor = prepare() {
            await waitFor.value
        }
        return try state.withLock { state throws(RPCError) -> Endpoint? in
            if state.closed { throw RPCError(.unavailable, "the channel to \(service) is closed") }
            if state.rotation.endpoints.isEmpty { throw noInstanceError(problem: state.problem) }
            return state.rotation.pick(excluding: tried, now: .now)
        }
    }

    /// Starts the watch or a refresh when due; returns the lookup to wait for when no endpoint is known.
    private func prepare() -> Task<Void, Never>? {
        guard case .registry(_, _, let watches) = source else { return nil }
        return state.withLock { state -> Task<Void, Never>? in
            guard !state.closed else { return nil }
            if watches && state.watchTask == nil { state.watchTask = makeWatchTask() }
            if !state.rotation.endpoints.isEmpty {
                let due = !watches && (state.lastRefresh.map { .now - $0 >= configuration.refreshInterval } ?? true)
                if due && state.refreshing == nil { state.refreshing = makeRefreshTask() }
                return nil
            }
            if state.refreshing == nil { state.refreshing = makeRefreshTask() }
            return state.refreshing
        }
    }

    private func makeRefreshTask() -> Task<Void, Never> {
        Task { [weak self] in await self?.refresh() }
    }

    private func refresh() async {
        guard case .registry(let registry, let lookupRegion, _) = source else { return }
        do {
            let answer = try await registry.lookup(LookupRequest(service: service, region: lookupRegion),
                                                   options: CallOptions(timeout: configuration.lookupTimeout))
            apply(answer.instances)
            state.withLock {
                $0.lastRefresh = .now
                $0.refreshing = nil
            }
        } catch {
            let reason = (error as? RPCError)?.message ?? "\(error)"
            configuration.logger.warning("lookup failed; keeping the known instances",
                                         [("service", service), ("region", region ?? ""), ("reason", reason)])
            state.withLock {
                if $0.rotation.endpoints.isEmpty { $0.problem = "the registry could not answer (\(reason))" }
                // Counts as a refresh: a registry outage must not turn every call into another lookup.
                if !$0.rotation.endpoints.isEmpty { $0.lastRefresh = .now }
                $0.refreshing = nil
            }
        }
    }

    private func makeWatchTask() -> Task<Void, Never> {
        guard case .registry(let registry, _, _) = source else { return Task {} }
        let service = service
        let initial = configuration.watchRetryInitial
        let maximum = configuration.watchRetryMaximum
        let logger = configuration.logger
        return Task { [weak self] in
            var retry = Backoff(initial: initial, maximum: maximum, jitter: false)
            while !Task.isCancelled {
                do {
                    for try await snapshot in registry.watch(WatchRequest(service: service)) {
                        guard let self else { return }
                        self.apply(snapshot.instances)
                        retry.reset()
                    }
                } catch {
                    logger.debug("watch interrupted; retrying", [("service", service), ("reason", "\(error)")])
                }
                try? await Task.sleep(for: retry.nextDelay())
            }
        }
    }

    /// Takes the registry's current instances; clients of instances that left are retired, not closed at once,
    /// so that calls in flight on a draining instance can finish.
    private func apply(_ instances: [ServiceInstance]) {
        let endpoints = instances.filter { $0.health == .passing }.map(\.address)
        let now = ContinuousClock.now
        let (expired, kept) = state.withLock { state -> ([RPCClient], Int) in
            state.rotation.replace(endpoints)
            state.problem = endpoints.isEmpty ? "the registry lists no passing instance" : nil
            // Endpoints kept from before an empty answer keep their clients too.
            let current = Set(state.rotation.endpoints)
            for (endpoint, client) in state.clients where !current.contains(endpoint) {
                state.retiring[endpoint] = (client, now)
                state.clients[endpoint] = nil
            }
            for endpoint in current {
                if let (client, _) = state.retiring.removeValue(forKey: endpoint) { state.clients[endpoint] = client }
            }
            let old = state.retiring.filter { now - $0.value.since >= configuration.retireClientsAfter }
            for endpoint in old.keys { state.retiring[endpoint] = nil }
            return (old.values.map(\.client), state.rotation.unlisted.count)
        }
        if endpoints.isEmpty && kept > 0 {
            configuration.logger.info("the registry lists no passing instance; calling the known ones until they fail",
                                      [("service", service), ("kept", "\(kept)")])
        }
        if !expired.isEmpty { Task { for client in expired { await client.close() } } }
    }

    private func client(for endpoint: Endpoint) -> RPCClient {
        state.withLock { state in
            if let client = state.clients[endpoint] ?? state.retiring[endpoint]?.client { return client }
            var settings = RPCClient.Configuration(endpoint: endpoint, tls: configuration.tls, logger: configuration.logger)
            // The instance must prove it is the service we meant: a stale address may now belong to another one.
            settings.expectedService = service
            settings.connectTimeout = configuration.connectTimeout
            settings.initialBackoff = configuration.clientInitialBackoff
            settings.maximumBackoff = configuration.clientMaximumBackoff
            let client = RPCClient(configuration: settings, group: group)
            state.clients[endpoint] = client
            return client
        }
    }

    private func markFailed(_ endpoint: Endpoint, _ error: RPCError) {
        state.withLock { $0.rotation.failed(endpoint, now: .now) }
        configuration.logger.info("instance out of rotation", [("service", service), ("address", endpoint.description),
                                                               ("reason", error.message)])
    }

    private func noInstanceError(problem: String? = nil) -> RPCError {
        let problem = problem ?? state.withLock { $0.problem } ?? "every known instance failed"
        let regionText = region.map { "region '\($0)'" } ?? "the registry's region"
        let registries = configuration.registries.map(\.description).joined(separator: ", ")
        let check: String
        if case .fixed = source {
            check = "check that the registry runs at \(registries.isEmpty ? "(none configured)" : registries)"
        } else {
            check = "check that \(service) runs in \(region ?? "that region") and heartbeats (samenctl catalog), "
                + "and that the registry at \(registries.isEmpty ? "(none configured)" : registries) is reachable"
        }
        return RPCError(.unavailable, "no instance of '\(service)' in \(regionText) can be called: \(problem); \(check)",
                        details: ["service": service, "region": region ?? ""])
    }
}

/// Where a stream through a `DiscoveryChannel` stands: the instance being read, those tried, whether items came.
/// Touched only by the stream's one consumer, one call at a time.
private final class StreamAttempt: @unchecked Sendable {
    var current: (endpoint: Endpoint, items: PulledIterator<[UInt8]>)?
    var tried = Set<Endpoint>()
    var lastError: RPCError?
    var receivedItems = false
    var isDone = false
}

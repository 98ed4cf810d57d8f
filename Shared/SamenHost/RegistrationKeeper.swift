import SamenContracts
import SamenRPC
import Synchronization

/// Keeps one instance registered: registers (retrying with backoff while the registry is down), heartbeats at a
/// third of the granted lease, registers again when the registry forgot the instance, and deregisters on stop.
final class RegistrationKeeper: Sendable {
    /// Where the instance stands with its registry, for tests and health reporting.
    enum Status: Sendable, Equatable {
        case unregistered
        case registered(ttlSeconds: Double)
        case deregistered
    }

    private let registrar: any InstanceRegistrar
    private let request: RegisterRequest
    private let initialRetryDelay: Duration
    private let maximumRetryDelay: Duration
    private let logger: Logger
    private let task = Mutex<Task<Void, Never>?>(nil)
    private let state = Mutex<Status>(.unregistered)
    private let heartbeats = Atomic<Int>(0)

    init(registrar: any InstanceRegistrar, request: RegisterRequest, initialRetryDelay: Duration,
         maximumRetryDelay: Duration, logger: Logger) {
        self.registrar = registrar
        self.request = request
        self.initialRetryDelay = initialRetryDelay
        self.maximumRetryDelay = maximumRetryDelay
        self.logger = logger
    }

    var status: Status { state.withLock { $0 } }
    var heartbeatCount: Int { heartbeats.load(ordering: .relaxed) }

    /// Starts keeping the registration in the background; serving never waits for the registry.
    func start() {
        task.withLock { task in
            guard task == nil else { return }
            task = Task { [self] in await keepRegistered() }
        }
    }

    /// Stops heartbeating, then removes the registration so that callers stop choosing this instance before it
    /// drains. A registry that cannot be reached only delays removal until the lease runs out.
    func stop(timeout: Duration) async {
        let running = task.withLock { $0 }
        running?.cancel()
        await running?.value
        let wasRegistered = state.withLock { status in
            defer { status = .deregistered }
            if case .registered = status { return true }
            return false
        }
        guard wasRegistered else { return }
        let identity = DeregisterRequest(service: request.service, region: request.region, instance: request.instance)
        let registrar = registrar
        do {
            try await withDeadline(timeout) { try await registrar.deregister(identity) }
            logger.info("deregistered", [("registry_call", "deregister")])
        } catch {
            logger.warning("could not deregister; the registry will expire the lease", [("reason", "\(error)")])
        }
    }

    private func keepRegistered() async {
        var retry = Backoff(initial: initialRetryDelay, maximum: maximumRetryDelay, jitter: true)
        var ttl: Duration?
        while !Task.isCancelled {
            guard let granted = ttl else {
                do {
                    let response = try await registrar.register(request)
                    ttl = try RegistrationKeeper.lease(response.ttlSeconds)
                    state.withLock { $0 = .registered(ttlSeconds: response.ttlSeconds) }
                    logger.info("registered", [("address", request.address.description), ("ttl_seconds", "\(response.ttlSeconds)")])
                    retry.reset()
                } catch {
                    if Task.isCancelled { return }
                    let delay = retry.nextDelay()
                    logger.warning("registration failed; retrying", [("reason", "\(error)"), ("retry_in", "\(delay)")])
                    try? await Task.sleep(for: delay)
                }
                continue
            }
            try? await Task.sleep(for: granted / 3)
            if Task.isCancelled { return }
            do {
                let response = try await registrar.heartbeat(
                    HeartbeatRequest(service: request.service, region: request.region, instance: request.instance))
                ttl = try RegistrationKeeper.lease(response.ttlSeconds)
                heartbeats.add(1, ordering: .relaxed)
            } catch let error as RPCError where error.status == .notFound {
                logger.warning("the registry forgot this instance; registering again", [("reason", error.message)])
                ttl = nil
                state.withLock { $0 = .unregistered }
            } catch {
                // Keep the lease's rhythm: the next heartbeat may reach a registry that is back.
                logger.warning("heartbeat failed", [("reason", "\(error)")])
            }
        }
    }
}

extension RegistrationKeeper {
    /// The lease a registry granted, from its answer's `ttlSeconds`: a registry that answers NaN, a negative or
    /// an absurd lease is treated like one that failed, rather than setting the heartbeat rhythm.
    static func lease(_ seconds: Double) throws(RPCError) -> Duration {
        try Duration.seconds(checking: seconds, field: "ttlSeconds", maximum: .seconds(86_400), allowsZero: false)
    }
}

/// Runs `body`, giving up after `timeout` with `deadline_exceeded`.
func withDeadline<T: Sendable>(_ timeout: Duration, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: timeout)
            throw RPCError(.deadlineExceeded, "no answer within \(timeout)")
        }
        defer { group.cancelAll() }
        return try await group.next()!
    }
}

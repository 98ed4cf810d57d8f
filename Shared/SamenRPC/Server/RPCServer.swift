#if canImport(Glibc)
import Glibc
#endif
import Dispatch
import Foundation
import SamenTLS
import SamenWire
import Synchronization

/// A Samen RPC server: listens on one address, authenticates every peer by its certificate, dispatches each
/// request to its method's handler concurrently, and drains gracefully.
///
/// Register every method before `start()`. The health method `samen.health/check` is built in.
public final class RPCServer: Sendable {
    /// How a server runs.
    public struct Configuration: Sendable {
        /// Where to listen; port 0 picks a free port (see `start()`'s result).
        public var listen: Endpoint
        /// The server-side TLS context: the service's certificate and the mesh CA.
        public var tls: TLSContext
        /// Who this server is: region, service and instance (normally its certificate's identity).
        public var identity: ServiceIdentity
        /// The other regions this server is the service of (a central instance); policies scoped `.servedRegions`
        /// admit their callers. Empty: its own region only.
        public var servedRegions: Set<String> = []
        /// Reported by the health method.
        public var version: String
        public var logger: Logger
        public var maximumFrameSize: UInt32 = 4 * 1024 * 1024 + 64 * 1024
        /// The largest payload accepted after decompression.
        public var maximumMessageSize: UInt32 = 4 * 1024 * 1024
        /// Calls in flight per connection; more are refused with resource_exhausted.
        public var maximumConcurrentRequests: UInt32 = 16_384
        /// Bytes of request payloads (as decompressed) that the calls in flight on one connection may hold; a request
        /// that would go beyond is refused with resource_exhausted, unless it would be the connection's only call.
        public var maximumRequestBytesInFlight = 64 * 1024 * 1024
        public var compressionThreshold = Deflate.defaultThreshold
        public var handshakeTimeout: Duration = .seconds(10)
        /// Servers do not ping by default: clients do, and a dead client's calls end with their deadlines.
        public var keepaliveInterval: Duration? = nil
        /// How long a PING (keep-alive or idle probe) may go unanswered before the connection is closed.
        public var keepaliveTimeout: Duration = .seconds(10)
        /// A connection with no call in flight and no REQUEST for this long is closed: the server sends GOAWAY and a
        /// PING, and closes once the PONG is back (or `keepaliveTimeout` passed without one). nil keeps idle
        /// connections open. Clients treat this like any GOAWAY and reconnect for their next call.
        public var idleTimeout: Duration? = .seconds(300)
        /// A frame whose first bytes have arrived must be complete within this time, or the connection is closed
        /// with ERROR `deadline_exceeded`: a peer cannot pin a half-sent frame's buffer. A peer that reads nothing of
        /// the output waiting for it for this long is closed too.
        public var readTimeout: Duration = .seconds(30)
        /// Connections open at once, established or not; more are closed as soon as they are accepted. Lowered at
        /// start to fit the process's open-file limit (half the descriptors then still free).
        public var maximumConnections = 10_000
        /// Connections still in the TLS handshake or HELLO exchange; a new one beyond this evicts the oldest of them.
        /// Lowered at start to a quarter of the effective `maximumConnections`.
        public var maximumHandshakingConnections = 2_500
        /// How long in-flight calls may take to finish once a drain starts.
        public var drainGrace: Duration = .seconds(10)
        /// Event loops (threads) for connections; one per core by default.
        public var loopCount = System.coreCount
        /// Run handlers on the connection's event loop (no thread hop). Turn off for handlers that compute a lot
        /// without awaiting, so they run on Swift's global executor and cannot stall other connections' I/O.
        public var runsHandlersOnEventLoop = true

        public init(listen: Endpoint, tls: TLSContext, identity: ServiceIdentity, version: String, logger: Logger) {
            self.listen = listen
            self.tls = tls
            self.identity = identity
            self.version = version
            self.logger = logger
        }
    }

    private let core: ServerCore
    private let methods = Mutex<[String: RegisteredMethod]>([:])
    private let running = Mutex<RunningState?>(nil)
    private let drainActions = Mutex<[@Sendable () async -> Void]>([])

    private struct RunningState: @unchecked Sendable {
        let group: EventLoopGroup
        let listener: Listener
        let port: Int
    }

    public init(configuration: Configuration) {
        core = ServerCore(configuration: configuration)
    }

    public var configuration: Configuration { core.configuration }

    /// Serves `method` with `handler` for the callers its contract's policy allows: the one way for contracts whose
    /// policy is part of the contract (and so of `docs/METHODS.md`).
    public func register<Request, Response>(_ method: UnaryMethod<Request, Response>,
                                            _ handler: @escaping @Sendable (Request, CallContext) async throws -> Response) {
        add(.unary(method, policy: method.contract.policy, handler: handler))
    }

    /// Serves `method` with a handler that answers with a response already in the codec's form (a file a service
    /// stores as encoded bytes), so the server does not decode it only to encode it again.
    public func registerEncoded<Request, Response>(_ method: UnaryMethod<Request, Response>,
                                                   _ handler: @escaping @Sendable (Request, CallContext) async throws -> EncodedResponse<Response>) {
        add(.unaryEncoded(method, policy: method.contract.policy, handler: handler))
    }

    /// Serves a server-streaming `method` for the callers its contract's policy allows.
    public func register<Request, Item>(_ method: ServerStreamingMethod<Request, Item>,
                                        _ handler: @escaping @Sendable (Request, CallContext, StreamSender<Item>) async throws -> Void) {
        add(.serverStreaming(method, policy: method.contract.policy, handler: handler))
    }

    /// Serves `method` with `handler` for callers that `policy` allows: for contracts that leave the policy to the
    /// deployment (tests, the benchmark).
    public func register<Request, Response>(_ method: UnaryMethod<Request, Response>, allow policy: CallerPolicy,
                                            _ handler: @escaping @Sendable (Request, CallContext) async throws -> Response) {
        add(.unary(method, policy: policy, handler: handler))
    }

    /// Serves a server-streaming `method`: the handler sends items, and its return ends the stream with ok.
    public func register<Request, Item>(_ method: ServerStreamingMethod<Request, Item>, allow policy: CallerPolicy,
                                        _ handler: @escaping @Sendable (Request, CallContext, StreamSender<Item>) async throws -> Void) {
        add(.serverStreaming(method, policy: policy, handler: handler))
    }

    private func add(_ method: RegisteredMethod) {
        methods.withLock {
            precondition($0[method.name] == nil, "method \(method.name) registered twice")
            $0[method.name] = method
        }
    }

    /// Binds and starts serving; returns the bound port.
    @discardableResult
    public func start() throws(RPCError) -> Int {
        let status = HealthService(core: core)
        add(.unary(Health.check, policy: Health.check.contract.policy) { request, _ in try status.check(request) })
        add(.unary(Admin.drain, policy: Admin.drain.contract.policy) { [self] request, context in
            let grace = try request.graceSeconds.map { seconds throws(RPCError) in
                try Duration.seconds(checking: seconds, field: "graceSeconds", maximum: Admin.maximumGrace)
            }
            context.logger.info("drain requested", [("by", context.peer.uri)])
            let inFlight = core.callsInFlight - 1
            // Drain after this answer is on its way; the drain waits for calls in flight, this one included.
            Task { await self.drain(grace: grace) }
            return DrainResponse(callsInFlight: max(0, inFlight))
        })
        core.methods = methods.withLock { $0 }
        System.ignoreBrokenPipes()
        try prepareResources()
        let group = EventLoopGroup(loopCount: core.configuration.loopCount, name: "\(core.configuration.identity.service)-loop")
        let (fd, port) = try Socket.listen(on: core.configuration.listen)
        let listener = Listener(fd: fd, group: group, core: core)
        group.loops[0].execute { listener.start() }
        running.withLock { $0 = RunningState(group: group, listener: listener, port: port) }
        let limits = core.connections.limits
        core.logger.info("listening", [("address", Endpoint(host: core.configuration.listen.host, port: port).description),
                                       ("identity", core.configuration.identity.uri),
                                       ("max_connections", "\(limits.total)"), ("max_handshaking", "\(limits.handshaking)"),
                                       ("open_file_limit", "\(OpenFileLimit.current.soft)")])
        return port
    }

    /// Raises the open-file limit, sizes the connection caps to it, and sets up what must not meet EMFILE later.
    private func prepareResources() throws(RPCError) {
        let configuration = core.configuration
        guard configuration.maximumConnections >= 1, configuration.maximumHandshakingConnections >= 1 else {
            throw RPCError(.invalidArgument, "maximumConnections and maximumHandshakingConnections must be at least 1, "
                + "found \(configuration.maximumConnections) and \(configuration.maximumHandshakingConnections)")
        }
        guard configuration.readTimeout > .zero, (configuration.idleTimeout ?? .seconds(1)) > .zero else {
            throw RPCError(.invalidArgument, "readTimeout and idleTimeout must be positive, found \(configuration.readTimeout) "
                + "and \(configuration.idleTimeout.map { "\($0)" } ?? "nil")")
        }
        let change = try OpenFileLimit.apply(setting: ProcessInfo.processInfo.environment[OpenFileLimit.environmentVariable])
        if change.after != change.before {
            core.logger.info("raised the open-file limit", [("from", "\(change.before)"), ("to", "\(change.after)")])
        }
        OpenFileLimit.prepareDispatch()
        let room = OpenFileLimit.connectionRoom(soft: change.after, inUse: OpenFileLimit.descriptorsInUse())
        let total = min(configuration.maximumConnections, room)
        core.connections.limits = ConnectionTable.Limits(
            total: total, handshaking: min(configuration.maximumHandshakingConnections, max(1, total / 4)))
    }

    /// The port the server listens on, once started.
    public var port: Int? { running.withLock { $0?.port } }

    /// Connections open right now, established or still handshaking.
    public var connectionCount: Int { core.connections.count }

    /// Calls being served right now, over all connections.
    public var callsInFlight: Int { core.callsInFlight }

    /// True once a drain has begun: health reports not serving and new calls are refused.
    public var isDraining: Bool { core.isDraining }

    /// Stops accepting, sends GOAWAY on every connection, lets calls in flight finish within `grace`, then
    /// cancels the rest and closes everything. Returns when all is closed.
    public func drain(grace: Duration? = nil) async {
        guard let state = running.withLock({ $0 }), core.beginDrain() else { return }
        let grace = grace ?? core.configuration.drainGrace
        core.logger.info("draining", [("calls_in_flight", "\(core.callsInFlight)"), ("grace", "\(grace)")])
        for action in drainActions.withLock({ $0 }) { await action() }
        state.group.loops[0].execute { state.listener.stop() }
        for session in core.allSessions() { session.connection.loop.execute { session.beginDrain() } }
        let deadline = MonotonicClock.deadline(after: grace)
        while core.callsInFlight > 0 && MonotonicClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(5))
        }
        let abandoned = core.callsInFlight
        for session in core.allSessions() { session.connection.loop.execute { session.forceClose() } }
        let closeDeadline = MonotonicClock.deadline(after: .seconds(1))
        while !core.allSessions().isEmpty && MonotonicClock.now < closeDeadline {
            try? await Task.sleep(for: .milliseconds(5))
        }
        state.group.shutdown()
        running.withLock { $0 = nil }
        core.logger.info("stopped", abandoned > 0 ? [("calls_cancelled", "\(abandoned)")] : [])
    }

    /// Serves until SIGTERM or SIGINT (then drains) or until a drain started elsewhere (`samen.admin/drain`)
    /// has finished. For a service's `main`, after `start()`.
    public func serveUntilStopped() async {
        let signals = Task { [self] in
            await SignalWaiter.wait(for: [SIGTERM, SIGINT])
            await drain()
        }
        await waitUntilStopped()
        signals.cancel()
    }

    /// Returns once the server has stopped (after a drain, however it was started).
    public func waitUntilStopped() async {
        while running.withLock({ $0 != nil }) || !core.isDraining {
            try? await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Runs `action` when a drain begins, before GOAWAY is sent: a service deregisters itself here.
    public func onDrain(_ action: @escaping @Sendable () async -> Void) {
        drainActions.withLock { $0.append(action) }
    }
}

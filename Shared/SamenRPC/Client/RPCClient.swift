#if canImport(Glibc)
import Glibc
#endif
import Dispatch
import SamenTLS
import SamenWire

/// A client for one endpoint: one multiplexed TLS connection carries all its calls, opened on first use,
/// kept alive with PINGs, and reopened with exponential backoff after a failure.
public final class RPCClient: RPCChannel, @unchecked Sendable {
    /// How a client connects and calls.
    public struct Configuration: Sendable {
        public var endpoint: Endpoint
        /// The client-side TLS context: this service's certificate and the mesh CA.
        public var tls: TLSContext
        /// The name or IP the server's certificate must carry; defaults to the endpoint's host.
        public var serverName: String?
        /// When set, the server's certificate identity must be of this service, or the connection is refused.
        public var expectedService: String?
        /// Applied to unary calls without their own timeout. Streams have none unless the call sets one.
        public var defaultTimeout: Duration = .seconds(30)
        public var connectTimeout: Duration = .seconds(5)
        public var keepaliveInterval: Duration? = .seconds(10)
        public var keepaliveTimeout: Duration = .seconds(5)
        public var initialBackoff: Duration = .milliseconds(100)
        public var maximumBackoff: Duration = .seconds(10)
        public var maximumFrameSize: UInt32 = 4 * 1024 * 1024 + 64 * 1024
        public var compressionThreshold = Deflate.defaultThreshold
        public var logger: Logger

        public init(endpoint: Endpoint, tls: TLSContext, logger: Logger) {
            self.endpoint = endpoint
            self.tls = tls
            self.logger = logger
        }
    }

    private enum State {
        case idle
        case connecting([ClientCall])
        case ready(ClientSession)
        case backingOff(until: UInt64, error: RPCError)
        case closed
    }

    public let configuration: Configuration
    /// The loop this client's connection lives on; callers may use it as their task executor to avoid hops.
    public let loop: EventLoop
    private var state: State = .idle
    private var reconnectBackoff: Backoff
    /// Sessions that received GOAWAY and still finish calls.
    private var drainingSessions: [ObjectIdentifier: ClientSession] = [:]
    private let requestIDs = RequestIDGenerator()

    public init(configuration: Configuration, group: EventLoopGroup) {
        self.reconnectBackoff = Backoff(initial: configuration.initialBackoff, maximum: configuration.maximumBackoff, jitter: true)
        self.configuration = configuration
        self.loop = group.next()
        System.ignoreBrokenPipes()
    }

    // MARK: Calls

    public func unary(method: String, payload: [UInt8], options: CallOptions) async throws -> [UInt8] {
        let call = makeCall(method: method, payload: payload, options: options, defaultTimeout: configuration.defaultTimeout)
        return try await withTaskCancellationHandler {
            try await withUnsafeThrowingContinuation { continuation in
                loop.runOnLoop { [self] in
                    call.sink = .unary(continuation)
                    start(call)
                }
            }
        } onCancel: {
            loop.execute { [self] in cancel(call) }
        }
    }

    public func serverStreaming(method: String, payload: [UInt8], options: CallOptions) -> AsyncThrowingStream<[UInt8], any Error> {
        let call = makeCall(method: method, payload: payload, options: options, defaultTimeout: nil)
        let received = AsyncThrowingStream<[UInt8], any Error> { continuation in
            loop.execute { [self] in
                call.sink = .stream(continuation)
                start(call)
            }
            continuation.onTermination = { [self] termination in
                if case .cancelled = termination { loop.execute { self.cancel(call) } }
            }
        }
        // What the consumer takes stops counting against the bound on what it has not taken.
        return AsyncThrowingStream(pulling: received) { item in
            call.taken(item)
            return item
        }
    }

    /// Closes the connection; calls in flight fail with `unavailable`, later calls reconnect.
    public func close() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            loop.execute { [self] in
                if case .ready(let session) = state { session.connection.close(reason: RPCError(.unavailable, "client closed")) }
                for session in drainingSessions.values { session.connection.close(reason: RPCError(.unavailable, "client closed")) }
                state = .idle
                continuation.resume()
            }
        }
    }

    /// A handler's calls carry the staff member it serves, unless the caller set the entries itself.
    private static func forwarding(_ staff: StaffMember?, _ metadata: [(String, String)]) -> [(String, String)] {
        guard let staff, !metadata.contains(where: { $0.0 == ActingUser.userKey }) else { return metadata }
        return metadata + ActingUser.metadata(for: staff)
    }

    private func makeCall(method: String, payload: [UInt8], options: CallOptions, defaultTimeout: Duration?) -> ClientCall {
        let parent = CallContext.current
        var timeout = options.timeout ?? defaultTimeout
        if let remaining = parent?.remaining { timeout = min(timeout ?? remaining, remaining) }
        // 0 on the wire means "no deadline", so a zero or negative timeout is sent as 1 µs: already over.
        let timeoutMicroseconds = timeout.map { min(max(1, $0.microseconds), RequestHead.Limits.maximumTimeoutMicroseconds) }
        let head = RequestHead(method: method, timeoutMicroseconds: timeoutMicroseconds ?? 0,
                               requestID: options.requestID ?? parent?.requestID ?? requestIDs.next(),
                               idempotencyKey: options.idempotencyKey ?? "", metadata: Self.forwarding(parent?.staff, options.metadata))
        var flags: FrameFlags = []
        var body = payload
        if payload.count >= configuration.compressionThreshold, let compressed = Deflate.compress(payload[...]) {
            flags = .compressed
            body = compressed
        }
        var frame: [UInt8] = []
        frame.reserveCapacity(Frame.lengthPrefixSize + Frame.headerSize + method.utf8.count + 32 + body.count)
        FrameBuilder.begin(type: FrameType.request.rawValue, flags: flags, streamID: 0, into: &frame) { bytes in
            head.encode(into: &bytes)
            bytes.append(contentsOf: body)
        }
        return ClientCall(method: method, frame: frame, timeout: timeout)
    }

    // MARK: Loop-thread state machine

    private func start(_ call: ClientCall) {
        if call.cancelledEarly {
            call.fail(RPCError(.cancelled, "the call was cancelled"))
            return
        }
        if let timeout = call.timeout {
            // The timer is cancelled when the call finishes, which drops these references.
            call.deadlineTimer = loop.schedule(after: timeout) { [self] in
                expire(call, timeout: timeout)
            }
        }
        dispatch(call)
    }

    /// Sends the call on the open connection, or opens one. The call's deadline timer already runs.
    private func dispatch(_ call: ClientCall) {
        guard !call.isFinished else { return }
        switch state {
        case .ready(let session):
            session.send(call)
        case .connecting(var waiting):
            waiting.append(call)
            state = .connecting(waiting)
        case .idle:
            connect(firstCall: call)
        case .backingOff(let until, let error):
            if MonotonicClock.now < until {
                let wait = Double(until - MonotonicClock.now) / 1e9
                call.fail(RPCError.notProcessed("\(error.message); next attempt in \(String(format: "%.1f", wait)) s"))
            } else {
                connect(firstCall: call)
            }
        case .closed:
            call.fail(RPCError.notProcessed("client is closed"))
        }
    }

    private func expire(_ call: ClientCall, timeout: Duration) {
        let error = RPCError(.deadlineExceeded, "\(call.method) did not complete within \(timeout)")
        if let session = call.session {
            session.abandon(call, error)
        } else {
            removeWaiting(call)
            call.fail(error)
        }
    }

    private func cancel(_ call: ClientCall) {
        let error = RPCError(.cancelled, "the call was cancelled")
        guard call.sink != nil else {
            call.cancelledEarly = true
            return
        }
        if let session = call.session {
            session.abandon(call, error)
        } else {
            removeWaiting(call)
            call.fail(error)
        }
    }

    private func removeWaiting(_ call: ClientCall) {
        if case .connecting(let waiting) = state {
            state = .connecting(waiting.filter { $0 !== call })
        }
    }

    private func connect(firstCall: ClientCall) {
        state = .connecting([firstCall])
        let endpoint = configuration.endpoint
        if let address = Socket.literalAddress(endpoint) {
            openConnection(to: endpoint, address: address)
        } else {
            // Name resolution blocks; it runs off the loop, and the loop connects to what it found.
            DispatchQueue.global().async { [self] in
                let result = Result { () throws(RPCError) in try Socket.resolve(endpoint) }
                loop.execute { [self] in
                    switch result {
                    case .success(let address): openConnection(to: endpoint, address: address)
                    case .failure(let error): connectionFailed(error)
                    }
                }
            }
        }
    }

    private func openConnection(to endpoint: Endpoint, address: ResolvedAddress) {
        let fd: Int32
        let ssl: OpaquePointer
        do {
            fd = try Socket.connect(to: endpoint, address: address)
            do {
                ssl = try configuration.tls.makeSSL(fd: fd, serverName: configuration.serverName ?? endpoint.host)
            } catch {
                Glibc.close(fd)
                throw RPCError(.unavailable, "cannot set up TLS for \(endpoint): \(error)")
            }
        } catch let error as RPCError {
            connectionFailed(error)
            return
        } catch {
            connectionFailed(RPCError(.unavailable, "cannot connect to \(endpoint): \(error)"))
            return
        }
        let settings = ConnectionSettings(
            maximumFrameSize: configuration.maximumFrameSize, maximumConcurrentRequests: 1,
            acceptsCompression: true, handshakeTimeout: configuration.connectTimeout,
            keepaliveInterval: configuration.keepaliveInterval, keepaliveTimeout: configuration.keepaliveTimeout)
        let connection = Connection(loop: loop, role: .client, fd: fd, ssl: ssl, remoteAddress: endpoint.description,
                                    settings: settings, connecting: true)
        let session = ClientSession(
            connection: connection,
            onOpen: { [weak self] session in self?.sessionOpened(session) },
            onDrain: { [weak self] session in self?.sessionDraining(session) },
            onClose: { [weak self] session, error in self?.sessionClosed(session, error) },
            onResend: { [weak self] call in self?.dispatch(call) })
        connection.delegate = session
        connection.start()
    }

    private func sessionOpened(_ session: ClientSession) {
        if let expected = configuration.expectedService, session.connection.peerIdentity?.service != expected {
            let found = session.connection.peerIdentity?.uri ?? "no identity"
            session.connection.close(reason: RPCError(.unauthenticated,
                "\(configuration.endpoint) presented \(found), expected a \(expected) certificate"))
            return
        }
        reconnectBackoff.reset()
        guard case .connecting(let waiting) = state else {
            session.connection.close(reason: RPCError(.unavailable, "connection no longer needed"))
            return
        }
        state = .ready(session)
        for call in waiting where !call.isFinished { session.send(call) }
    }

    private func sessionDraining(_ session: ClientSession) {
        drainingSessions[ObjectIdentifier(session)] = session
        if case .ready(let current) = state, current === session { state = .idle }
    }

    private func sessionClosed(_ session: ClientSession, _ error: RPCError) {
        drainingSessions[ObjectIdentifier(session)] = nil
        switch state {
        case .ready(let current) where current === session:
            configuration.logger.info("connection lost", [("address", configuration.endpoint.description), ("reason", error.message)])
            state = .idle
        case .connecting:
            connectionFailed(error)
        default:
            break
        }
    }

    private func connectionFailed(_ error: RPCError) {
        let delay = reconnectBackoff.nextDelay()
        let waiting: [ClientCall]
        if case .connecting(let calls) = state { waiting = calls } else { waiting = [] }
        state = .backingOff(until: MonotonicClock.deadline(after: delay), error: error)
        configuration.logger.warning("connect failed", [("address", configuration.endpoint.description),
                                                        ("reason", error.message), ("attempt", "\(reconnectBackoff.failures)")])
        let status: StatusCode = error.status == .unauthenticated ? .unauthenticated : .unavailable
        // These calls were never sent: safe to retry elsewhere.
        for call in waiting {
            call.fail(status == .unavailable ? RPCError.notProcessed(error.message) : RPCError(status, error.message))
        }
    }
}

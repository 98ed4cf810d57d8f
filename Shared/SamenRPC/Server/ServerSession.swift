import SamenTLS
import SamenWire

/// The server's side of one connection: turns REQUEST frames into handler tasks and their outcomes into
/// RESPONSE or STREAM_* frames, enforcing policy, limits and deadlines. Loop-thread only.
final class ServerSession: ConnectionDelegate, @unchecked Sendable {
    /// One call being served.
    private final class ActiveCall {
        var task: Task<Void, Never>?
        var deadlineTimer: TimerHandle?
        let method: String
        let isStreaming: Bool
        /// Monotonic nanoseconds; nil when the caller set no timeout.
        let deadline: UInt64?
        let timeoutMicroseconds: UInt64
        /// The request payload the handler holds until it finishes.
        let payloadBytes: Int

        init(method: String, isStreaming: Bool, deadline: UInt64?, timeoutMicroseconds: UInt64, payloadBytes: Int) {
            self.payloadBytes = payloadBytes
            self.method = method
            self.isStreaming = isStreaming
            self.deadline = deadline
            self.timeoutMicroseconds = timeoutMicroseconds
        }

        /// True once the deadline has passed: the timer may not have run yet in this loop pass, and nothing (a
        /// result, an item, the start of the handler) goes ahead after it.
        var isPastDeadline: Bool {
            guard let deadline else { return false }
            return MonotonicClock.now >= deadline
        }

        var deadlineExceeded: RPCError {
            RPCError(.deadlineExceeded, "deadline of \(Double(timeoutMicroseconds) / 1000) ms exceeded in \(method)")
        }
    }

    let connection: Connection
    private let core: ServerCore
    private var calls: [UInt32: ActiveCall] = [:]
    /// The sum of the calls' `payloadBytes`.
    private var requestBytesInFlight = 0
    private var highestStreamID: UInt32 = 0
    private var draining = false

    init(connection: Connection, core: ServerCore) {
        self.connection = connection
        self.core = core
    }

    private var peer: ServiceIdentity { connection.peerIdentity! }

    // MARK: ConnectionDelegate

    func connectionDidOpen(_ connection: Connection) {
        core.logger.debug("connection opened", [("peer", peer.uri), ("address", connection.remoteAddress)])
        core.sessionEstablished(self)
        if core.isDraining { beginDrain() }
    }

    func connection(_ connection: Connection, didReceive frame: Frame, type: FrameType) {
        switch type {
        case .request:
            receiveRequest(frame)
        case .cancel:
            guard let call = removeCall(frame.streamID) else { return }
            call.deadlineTimer?.cancel()
            call.task?.cancel()
            core.callFinished()
            core.logger.debug("call cancelled by the caller", [("method", call.method), ("stream", "\(frame.streamID)")])
        default:
            connection.closeWithError(ConnectionError(status: .invalidArgument, message: "a client may not send \(type) frames"))
        }
    }

    func connection(_ connection: Connection, didRefuseOversized rawType: UInt8, streamID: UInt32, length: UInt32) {
        guard rawType == FrameType.request.rawValue, streamID != 0, calls[streamID] == nil else {
            connection.closeWithError(ConnectionError(status: .resourceExhausted,
                message: "frame of \(length) bytes exceeds this server's limit of \(connection.localMaximumFrameSize) bytes"))
            return
        }
        respond(streamID, RPCError(.resourceExhausted,
            "request of \(length) bytes exceeds this server's frame limit of \(connection.localMaximumFrameSize) bytes"))
    }

    func connection(_ connection: Connection, didReceiveGoAway goAway: GoAway) {
        // A client going away just stops sending; its calls in flight still finish.
    }

    var hasCallsInFlight: Bool { !calls.isEmpty }

    func connectionBecameIdle(_ connection: Connection) {
        beginDrain(message: "connection idle; reconnect for further calls")
    }

    func connectionDidClose(_ connection: Connection, error: RPCError) {
        for (_, call) in calls {
            call.deadlineTimer?.cancel()
            call.task?.cancel()
            core.callFinished()
        }
        calls = [:]
        requestBytesInFlight = 0
        core.sessionClosed(self)
        if let peer = connection.peerIdentity {
            core.logger.debug("connection closed", [("peer", peer.uri), ("reason", error.message)])
        } else if let refused = core.refusedLog.note() {
            // Anyone who can reach the port can make this happen, as often as they like.
            core.logger.warning("connection refused", [("address", connection.remoteAddress), ("reason", error.message),
                                                       ("refused", "\(refused)")])
        }
    }

    // MARK: Requests

    private func receiveRequest(_ frame: Frame) {
        let arrival = MonotonicClock.now
        let streamID = frame.streamID
        guard calls[streamID] == nil else {
            connection.closeWithError(ConnectionError(status: .invalidArgument, message: "stream id \(streamID) is already in use"))
            return
        }
        highestStreamID = max(highestStreamID, streamID)
        var reader = ByteReader(frame.body, context: "REQUEST")
        var head: RequestHead
        do {
            head = try RequestHead.decode(&reader)
        } catch {
            respond(streamID, RPCError(.invalidArgument, error.message, details: error.field.map { ["field": $0] } ?? [:]))
            return
        }
        if !RequestHead.isValidRequestID(head.requestID) {
            // The caller's id is neither logged nor passed on: only its length, which is enough to find the caller.
            let replacement = core.requestIDs.next()
            // A caller can do this on every call: one line per interval, with how many since the last one.
            if !head.requestID.isEmpty, let times = core.replacedRequestIDLog.note() {
                core.logger.warning("request id replaced", [("method", head.method), ("peer", peer.uri), ("request_id", replacement),
                                                            ("request_id_replaced", "\(head.requestID.utf8.count)"), ("times", "\(times)")])
            }
            head.requestID = replacement
        }
        if draining {
            respond(streamID, RPCError.notProcessed("server is draining; retry on another instance"))
            return
        }
        guard calls.count < Int(core.configuration.maximumConcurrentRequests) else {
            respond(streamID, RPCError(.resourceExhausted,
                "\(calls.count) calls already in flight on this connection, the server's limit"))
            return
        }
        guard let method = core.methods[head.method] else {
            respond(streamID, RPCError(.unimplemented, "unknown method '\(head.method)'"))
            return
        }
        let staff: StaffMember?
        do {
            staff = try ActingUser.resolve(peer: peer, peerRoles: connection.peerRoles, metadata: head.metadata)
        } catch {
            respond(streamID, error)
            return
        }
        guard method.policy.allows(peer, roles: connection.peerRoles, serverRegion: core.configuration.identity.region,
                                   servedRegions: core.configuration.servedRegions) else {
            core.logger.warning("call denied by policy", [("method", head.method), ("peer", peer.uri), ("request_id", head.requestID)])
            respond(streamID, RPCError(.permissionDenied,
                "\(peer) may not call \(head.method); allowed: \(method.policy)"))
            return
        }
        let payload: ArraySlice<UInt8>
        do {
            payload = try requestPayload(frame, &reader)
        } catch {
            respond(streamID, error)
            return
        }
        // Handlers hold their requests until they finish: slow ones must not let one peer pin memory without end.
        let budget = core.configuration.maximumRequestBytesInFlight
        guard calls.isEmpty || payload.count <= budget - min(budget, requestBytesInFlight) else {
            respond(streamID, RPCError(.resourceExhausted, "request of \(payload.count) bytes refused: \(requestBytesInFlight) bytes of "
                + "requests already in flight on this connection, and the server's limit is \(budget)"))
            return
        }
        // A timeout beyond the cap (up to 2^64 - 1 µs) is served as the cap; see docs/PROTOCOL.md §7.
        let timeoutMicroseconds = min(head.timeoutMicroseconds, RequestHead.Limits.maximumTimeoutMicroseconds)
        let deadline = timeoutMicroseconds > 0
            ? MonotonicClock.deadline(after: Duration(saturatingMicroseconds: timeoutMicroseconds), from: arrival) : nil
        let call = ActiveCall(method: head.method, isStreaming: method.isStreaming, deadline: deadline,
                              timeoutMicroseconds: timeoutMicroseconds, payloadBytes: payload.count)
        if call.isPastDeadline {
            respond(streamID, call.deadlineExceeded, asStreamEnd: call.isStreaming)
            return
        }
        let context = CallContext(
            peer: peer, staff: staff, method: head.method, requestID: head.requestID, deadline: deadline,
            idempotencyKey: head.idempotencyKey.isEmpty ? nil : head.idempotencyKey, metadata: head.metadata,
            logger: core.logger.with("request_id", head.requestID).with("method", head.method))
        calls[streamID] = call
        requestBytesInFlight += call.payloadBytes
        core.callStarted()
        if deadline != nil {
            // Cancelled when the call finishes; until then the session is alive anyway.
            call.deadlineTimer = connection.loop.schedule(after: Duration(saturatingMicroseconds: timeoutMicroseconds)) { [self] in
                expire(streamID)
            }
        }
        let sink = method.isStreaming ? ServerStreamSink(loop: connection.loop, streamID: streamID, session: self) : nil
        let loop = connection.loop
        let invoke = method.invoke
        let body: @Sendable () async -> Void = { [self] in
            let outcome = await CallContext.$current.withValue(context) {
                await invoke(payload, context, sink)
            }
            loop.runOnLoop { self.finish(streamID, outcome) }
        }
        call.task = core.configuration.runsHandlersOnEventLoop
            ? Task(executorPreference: loop, operation: body)
            : Task(operation: body)
    }

    /// The request message, inflated if it came compressed; either way no larger than the maximum message size.
    private func requestPayload(_ frame: Frame, _ reader: inout ByteReader) throws(RPCError) -> ArraySlice<UInt8> {
        let limit = Int(core.configuration.maximumMessageSize)
        // The payload stays a slice of the frame body: the handler decodes it from there, without another copy.
        let payload = reader.readRest()
        guard frame.flags.contains(.compressed) else {
            guard payload.count <= limit else {
                throw RPCError(.resourceExhausted, "request payload of \(payload.count) bytes exceeds the limit of \(limit) bytes")
            }
            return payload
        }
        do {
            return try Deflate.decompress(payload, limit: limit)[...]
        } catch {
            throw RPCError(error.status, "request payload: \(error.message)")
        }
    }

    private func finish(_ streamID: UInt32, _ outcome: HandlerOutcome) {
        guard let call = removeCall(streamID) else { return }  // cancelled or expired already
        call.deadlineTimer?.cancel()
        core.callFinished()
        if call.isPastDeadline {
            respond(streamID, call.deadlineExceeded, asStreamEnd: call.isStreaming)
            return
        }
        switch outcome {
        case .response(let payload):
            do {
                let (flags, body) = try encodePayload(payload, as: .response)
                connection.enqueueFrame(type: .response, flags: flags, streamID: streamID) { bytes in
                    ResponseHead.ok.encode(into: &bytes)
                    bytes.append(contentsOf: body)
                }
            } catch {
                respond(streamID, error)
            }
        case .streamFinished:
            connection.enqueueFrame(type: .streamEnd, streamID: streamID) { ResponseHead.ok.encode(into: &$0) }
        case .failure(let error):
            respond(streamID, error, asStreamEnd: call.isStreaming)
        }
    }

    /// A RESPONSE or STREAM_ITEM payload as it goes out: deflated when that pays and the caller accepts it, and
    /// refused with `resource_exhausted` when its frame would exceed the caller's announced frame limit.
    private func encodePayload(_ payload: [UInt8], as kind: OutgoingPayload) throws(RPCError) -> (FrameFlags, [UInt8]) {
        var flags: FrameFlags = []
        var body = payload
        if payload.count >= core.configuration.compressionThreshold, connection.peerAcceptsCompression,
           let compressed = Deflate.compress(payload[...]) {
            body = compressed
            flags = .compressed
        }
        let frameLength = Frame.headerSize + kind.headBytes + body.count
        guard frameLength <= Int(connection.peerMaximumFrameSize) else {
            throw RPCError(.resourceExhausted,
                "\(kind.rawValue) of \(frameLength) bytes exceeds the caller's frame limit of \(connection.peerMaximumFrameSize) bytes")
        }
        return (flags, body)
    }

    /// Sends a STREAM_ITEM; the error says why not (the caller is gone, or the item exceeds its frame limit).
    func sendStreamItem(streamID: UInt32, payload: [UInt8]) -> RPCError? {
        guard let call = calls[streamID] else {
            return RPCError(.cancelled, "the stream ended: the caller cancelled or the connection closed")
        }
        if call.isPastDeadline {
            expire(streamID)
            return call.deadlineExceeded
        }
        do {
            let (flags, body) = try encodePayload(payload, as: .streamItem)
            connection.enqueueFrame(type: .streamItem, flags: flags, streamID: streamID) { $0.append(contentsOf: body) }
            return nil
        } catch {
            return error
        }
    }

    private func removeCall(_ streamID: UInt32) -> ActiveCall? {
        guard let call = calls.removeValue(forKey: streamID) else { return nil }
        requestBytesInFlight -= call.payloadBytes
        return call
    }

    private func respond(_ streamID: UInt32, _ error: RPCError, asStreamEnd: Bool = false) {
        connection.enqueueFrame(type: asStreamEnd ? .streamEnd : .response, streamID: streamID) {
            error.responseHead.encode(into: &$0)
        }
    }

    private func expire(_ streamID: UInt32) {
        guard let call = removeCall(streamID) else { return }
        call.task?.cancel()
        core.callFinished()
        respond(streamID, call.deadlineExceeded, asStreamEnd: call.isStreaming)
    }

    // MARK: Drain

    /// Sends GOAWAY: no new calls on this connection, those in flight finish.
    func beginDrain(message: String = "server is draining") {
        guard !draining else { return }
        draining = true
        guard connection.state == .open else { return }
        let goAway = GoAway(lastStreamID: highestStreamID, status: .unavailable, message: message)
        connection.enqueueFrame(type: .goAway, streamID: 0) { $0.append(contentsOf: goAway.encode()) }
    }

    /// After the grace period: cancels what still runs and closes.
    func forceClose() {
        for (streamID, call) in calls {
            call.deadlineTimer?.cancel()
            call.task?.cancel()
            respond(streamID, RPCError(.unavailable, "server shut down before the call finished"), asStreamEnd: call.isStreaming)
        }
        connection.flush()
        connection.close(reason: RPCError(.unavailable, "server shut down"))
    }
}

/// What a handler's payload goes out as; the name reads in the refusal when it exceeds the caller's frame limit.
private enum OutgoingPayload: String {
    case response
    case streamItem = "stream item"

    /// A RESPONSE's ok head is 3 bytes (status, empty message, no details); a STREAM_ITEM has none.
    var headBytes: Int { self == .response ? 3 : 0 }
}

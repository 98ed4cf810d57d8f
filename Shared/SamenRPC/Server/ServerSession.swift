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
        init(method: String, isStreaming: Bool) {
            self.method = method
            self.isStreaming = isStreaming
        }
    }

    let connection: Connection
    private let core: ServerCore
    private var calls: [UInt32: ActiveCall] = [:]
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
            guard let call = calls.removeValue(forKey: frame.streamID) else { return }
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
        core.sessionClosed(self)
        if let peer = connection.peerIdentity {
            core.logger.debug("connection closed", [("peer", peer.uri), ("reason", error.message)])
        } else {
            core.logger.warning("connection refused", [("address", connection.remoteAddress), ("reason", error.message)])
        }
    }

    // MARK: Requests

    private func receiveRequest(_ frame: Frame) {
        let streamID = frame.streamID
        guard streamID != 0, calls[streamID] == nil else {
            connection.closeWithError(ConnectionError(status: .invalidArgument,
                message: streamID == 0 ? "REQUEST on stream 0" : "stream id \(streamID) is already in use"))
            return
        }
        highestStreamID = max(highestStreamID, streamID)
        var reader = ByteReader(frame.body, context: "REQUEST")
        let head: RequestHead
        do {
            head = try RequestHead.decode(&reader)
        } catch {
            respond(streamID, RPCError(.invalidArgument, error.message))
            return
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
        guard method.policy.allows(peer, serverRegion: core.configuration.identity.region) else {
            core.logger.warning("call denied by policy", [("method", head.method), ("peer", peer.uri), ("request_id", head.requestID)])
            respond(streamID, RPCError(.permissionDenied,
                "\(peer) may not call \(head.method); allowed: \(method.policy)"))
            return
        }
        // The payload stays a slice of the frame body: the handler decodes it from there, without another copy.
        var payload = reader.readRest()
        if frame.flags.contains(.compressed) {
            do {
                payload = try Deflate.decompress(payload, limit: Int(core.configuration.maximumMessageSize))[...]
            } catch {
                respond(streamID, RPCError(error.status, "request payload: \(error.message)"))
                return
            }
        }
        let now = MonotonicClock.now
        let deadline = head.timeoutMicroseconds > 0 ? now + head.timeoutMicroseconds * 1_000 : nil
        let context = CallContext(
            peer: peer, method: head.method, requestID: head.requestID, deadline: deadline,
            idempotencyKey: head.idempotencyKey.isEmpty ? nil : head.idempotencyKey, metadata: head.metadata,
            logger: core.logger.with("request_id", head.requestID).with("method", head.method))
        let call = ActiveCall(method: head.method, isStreaming: method.isStreaming)
        calls[streamID] = call
        core.callStarted()
        if head.timeoutMicroseconds > 0 {
            // Cancelled when the call finishes; until then the session is alive anyway.
            call.deadlineTimer = connection.loop.schedule(after: .microseconds(Int64(head.timeoutMicroseconds))) { [self] in
                expire(streamID, timeoutMicroseconds: head.timeoutMicroseconds)
            }
        }
        let sink = method.isStreaming ? ServerStreamSink(loop: connection.loop, streamID: streamID, session: self) : nil
        let loop = connection.loop
        let invoke = method.invoke
        let requestPayload = payload
        let body: @Sendable () async -> Void = { [self] in
            let outcome = await CallContext.$current.withValue(context) {
                await invoke(requestPayload, context, sink)
            }
            loop.runOnLoop { self.finish(streamID, outcome) }
        }
        call.task = core.configuration.runsHandlersOnEventLoop
            ? Task(executorPreference: loop, operation: body)
            : Task(operation: body)
    }

    private func finish(_ streamID: UInt32, _ outcome: HandlerOutcome) {
        guard let call = calls.removeValue(forKey: streamID) else { return }  // cancelled or expired already
        call.deadlineTimer?.cancel()
        core.callFinished()
        switch outcome {
        case .response(let payload):
            sendResponse(streamID, payload)
        case .streamFinished:
            connection.enqueueFrame(type: .streamEnd, streamID: streamID) { ResponseHead.ok.encode(into: &$0) }
        case .failure(let error):
            respond(streamID, error, asStreamEnd: call.isStreaming)
        }
    }

    private func sendResponse(_ streamID: UInt32, _ payload: [UInt8]) {
        var flags: FrameFlags = []
        var body = payload
        if payload.count >= core.configuration.compressionThreshold, connection.peerAcceptsCompression,
           let compressed = Deflate.compress(payload[...]) {
            body = compressed
            flags = .compressed
        }
        // 1 status byte, an empty message and an empty details list: 3 bytes of head.
        let frameLength = Frame.headerSize + 3 + body.count
        guard frameLength <= Int(connection.peerMaximumFrameSize) else {
            respond(streamID, RPCError(.resourceExhausted,
                "response of \(frameLength) bytes exceeds the caller's frame limit of \(connection.peerMaximumFrameSize) bytes"))
            return
        }
        connection.enqueueFrame(type: .response, flags: flags, streamID: streamID) { bytes in
            ResponseHead.ok.encode(into: &bytes)
            bytes.append(contentsOf: body)
        }
    }

    /// Sends a STREAM_ITEM if the call is still live; false when the caller is gone.
    func sendStreamItem(streamID: UInt32, payload: [UInt8]) -> Bool {
        guard calls[streamID] != nil else { return false }
        connection.enqueueFrame(type: .streamItem, streamID: streamID) { $0.append(contentsOf: payload) }
        return true
    }

    private func respond(_ streamID: UInt32, _ error: RPCError, asStreamEnd: Bool = false) {
        connection.enqueueFrame(type: asStreamEnd ? .streamEnd : .response, streamID: streamID) {
            error.responseHead.encode(into: &$0)
        }
    }

    private func expire(_ streamID: UInt32, timeoutMicroseconds: UInt64) {
        guard let call = calls.removeValue(forKey: streamID) else { return }
        call.task?.cancel()
        core.callFinished()
        respond(streamID, RPCError(.deadlineExceeded,
            "deadline of \(Double(timeoutMicroseconds) / 1000) ms exceeded in \(call.method)"), asStreamEnd: call.isStreaming)
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
            respond(streamID, RPCError(.unavailable, "server shut down before the call finished"))
        }
        connection.flush()
        connection.close(reason: RPCError(.unavailable, "server shut down"))
    }
}

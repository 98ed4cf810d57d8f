import SamenWire

/// The client's side of one open connection: assigns stream ids, matches responses to calls (in any order),
/// and fails the calls that can no longer complete. Loop-thread only.
final class ClientSession: ConnectionDelegate {
    let connection: Connection
    private var calls: [UInt32: ClientCall] = [:]
    private var nextStreamID: UInt32 = 1
    /// Set on GOAWAY or when stream ids run out: finish what runs, start nothing new.
    private(set) var isDraining = false
    private let onOpen: (ClientSession) -> Void
    private let onDrain: (ClientSession) -> Void
    private let onClose: (ClientSession, RPCError) -> Void
    private let onResend: (ClientCall) -> Void

    /// `onResend` takes calls a GOAWAY showed were not processed, to send them again on another connection.
    init(connection: Connection, onOpen: @escaping (ClientSession) -> Void, onDrain: @escaping (ClientSession) -> Void,
         onClose: @escaping (ClientSession, RPCError) -> Void, onResend: @escaping (ClientCall) -> Void) {
        self.connection = connection
        self.onOpen = onOpen
        self.onDrain = onDrain
        self.onClose = onClose
        self.onResend = onResend
    }

    var callCount: Int { calls.count }

    var hasCallsInFlight: Bool { !calls.isEmpty }

    /// Sends the call's REQUEST; fails the call instead if the server's limits would refuse it.
    func send(_ call: ClientCall) {
        guard calls.count < Int(connection.peerMaximumConcurrentRequests) else {
            call.fail(RPCError(.resourceExhausted,
                "\(calls.count) calls already in flight to \(connection.remoteAddress), the server's limit"))
            return
        }
        let frameLength = call.frame.count - Frame.lengthPrefixSize
        guard frameLength <= Int(connection.peerMaximumFrameSize) else {
            call.fail(RPCError(.resourceExhausted,
                "request of \(frameLength) bytes exceeds the server's frame limit of \(connection.peerMaximumFrameSize) bytes"))
            return
        }
        let streamID = nextStreamID
        nextStreamID &+= 1
        if nextStreamID == UInt32.max { beginDraining() }
        call.frame[6] = UInt8(truncatingIfNeeded: streamID >> 24)
        call.frame[7] = UInt8(truncatingIfNeeded: streamID >> 16)
        call.frame[8] = UInt8(truncatingIfNeeded: streamID >> 8)
        call.frame[9] = UInt8(truncatingIfNeeded: streamID)
        call.streamID = streamID
        call.session = self
        calls[streamID] = call
        connection.enqueueEncodedFrame(call.frame)
    }

    /// Gives up on a call (deadline or cancellation) and tells the server with CANCEL.
    func abandon(_ call: ClientCall, _ error: RPCError) {
        guard calls.removeValue(forKey: call.streamID) != nil else { return }
        call.fail(error)
        connection.enqueueFrame(type: .cancel, streamID: call.streamID) { _ in }
        closeIfDrained()
    }

    private func beginDraining() {
        guard !isDraining else { return }
        isDraining = true
        onDrain(self)
        closeIfDrained()
    }

    private func closeIfDrained() {
        if isDraining && calls.isEmpty {
            connection.close(reason: RPCError(.unavailable, "connection drained"))
        }
    }

    // MARK: ConnectionDelegate

    func connectionDidOpen(_ connection: Connection) { onOpen(self) }

    func connection(_ connection: Connection, didReceive frame: Frame, type: FrameType) {
        switch type {
        case .response:
            guard let call = calls.removeValue(forKey: frame.streamID) else { return }  // abandoned earlier
            complete(call, frame, isStreamEnd: false)
            closeIfDrained()
        case .streamItem:
            guard let call = calls[frame.streamID] else { return }
            do {
                guard call.yield(try payload(of: frame, offset: 0)) else {
                    abandon(call, RPCError(.resourceExhausted, "stream \(call.method) from \(connection.remoteAddress): more than "
                        + "\(ClientStreamLimits.maximumBufferedBytes) bytes of items were received and not taken by the consumer"))
                    return
                }
            } catch {
                calls[frame.streamID] = nil
                abandonAfterBadFrame(call, error)
            }
        case .streamEnd:
            guard let call = calls.removeValue(forKey: frame.streamID) else { return }
            complete(call, frame, isStreamEnd: true)
            closeIfDrained()
        default:
            connection.closeWithError(ConnectionError(status: .invalidArgument, message: "a server may not send \(type) frames"))
        }
    }

    private func complete(_ call: ClientCall, _ frame: Frame, isStreamEnd: Bool) {
        var reader = ByteReader(frame.body, context: isStreamEnd ? "STREAM_END" : "RESPONSE")
        do {
            let head = try ResponseHead.decode(&reader)
            guard head.status == .ok else {
                call.fail(RPCError(head))
                return
            }
            call.succeed(isStreamEnd ? [] : try payload(of: frame, offset: reader.offset))
        } catch {
            abandonAfterBadFrame(call, error)
        }
    }

    private func payload(of frame: Frame, offset: Int) throws(WireError) -> [UInt8] {
        let bytes = offset == 0 ? frame.body : Array(frame.body[offset...])
        guard frame.flags.contains(.compressed) else { return bytes }
        return try Deflate.decompress(bytes[...], limit: Int(connection.localMaximumFrameSize))
    }

    private func abandonAfterBadFrame(_ call: ClientCall, _ error: any Error) {
        let status = (error as? WireError)?.status ?? .internal
        call.fail(RPCError(status, "bad response from \(connection.remoteAddress): \(error)"))
        connection.enqueueFrame(type: .cancel, streamID: call.streamID) { _ in }
    }

    func connection(_ connection: Connection, didRefuseOversized rawType: UInt8, streamID: UInt32, length: UInt32) {
        guard let call = calls.removeValue(forKey: streamID) else { return }
        call.fail(RPCError(.resourceExhausted,
            "response of \(length) bytes exceeds this client's frame limit of \(connection.localMaximumFrameSize) bytes"))
        connection.enqueueFrame(type: .cancel, streamID: streamID) { _ in }
    }

    func connection(_ connection: Connection, didReceiveGoAway goAway: GoAway) {
        // Calls above the last accepted id were never processed: they go out again on a new connection (once; a
        // server that goes away again gets them failed as not processed, for the caller to retry elsewhere). This is
        // what makes a server's idle close (a GOAWAY that may cross a new call) invisible to callers.
        var unprocessed: [ClientCall] = []
        for (streamID, call) in calls where streamID > goAway.lastStreamID {
            calls[streamID] = nil
            call.session = nil
            unprocessed.append(call)
        }
        beginDraining()
        for call in unprocessed {
            if call.wasResent {
                call.fail(RPCError.notProcessed("\(connection.remoteAddress) is draining and did not process the call; retry"))
            } else {
                call.wasResent = true
                onResend(call)
            }
        }
    }

    func connectionDidClose(_ connection: Connection, error: RPCError) {
        let pending = calls
        calls = [:]
        for (_, call) in pending {
            call.fail(RPCError(.unavailable, error.message))
        }
        onClose(self, error)
    }
}

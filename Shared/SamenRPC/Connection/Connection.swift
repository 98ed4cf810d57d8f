#if canImport(Glibc)
import Glibc
#endif
import COpenSSL
import SamenTLS
import SamenWire

/// What a connection reports to the session that uses it (server or client side). Called on the loop thread.
protocol ConnectionDelegate: AnyObject {
    /// The TLS handshake and the HELLO exchange are done; calls may flow.
    func connectionDidOpen(_ connection: Connection)
    /// A REQUEST, RESPONSE, STREAM_ITEM, STREAM_END or CANCEL frame.
    func connection(_ connection: Connection, didReceive frame: Frame, type: FrameType)
    /// A frame longer than our limit was announced; its body is being dropped as it arrives.
    func connection(_ connection: Connection, didRefuseOversized rawType: UInt8, streamID: UInt32, length: UInt32)
    func connection(_ connection: Connection, didReceiveGoAway goAway: GoAway)
    /// The connection is gone; `error` says why. Called exactly once.
    func connectionDidClose(_ connection: Connection, error: RPCError)
    /// True while calls are in flight on the connection.
    var hasCallsInFlight: Bool { get }
    /// No call for the idle timeout (server side): the session sends GOAWAY; the connection then probes and closes.
    func connectionBecameIdle(_ connection: Connection)
}

extension ConnectionDelegate {
    func connectionBecameIdle(_ connection: Connection) {}
}

/// Settings that shape one connection, from the server's or the client's configuration.
struct ConnectionSettings {
    var maximumFrameSize: UInt32
    var maximumConcurrentRequests: UInt32
    var acceptsCompression: Bool
    var handshakeTimeout: Duration
    /// Send a PING this often while open; nil disables keep-alive from this side.
    var keepaliveInterval: Duration?
    /// Close the connection when a PING is not answered within this time.
    var keepaliveTimeout: Duration
    /// With no call in flight and no REQUEST for this long, go away (GOAWAY via the delegate, PING, close); nil never.
    var idleTimeout: Duration? = nil
    /// A frame whose first bytes arrived must be complete within this time; nil waits forever.
    var readTimeout: Duration? = nil

    var localHello: Hello {
        Hello(maximumFrameSize: maximumFrameSize, maximumConcurrentRequests: maximumConcurrentRequests,
              compression: acceptsCompression ? [Hello.deflate] : [])
    }
}

/// One TLS connection carrying Samen frames, confined to the event loop that owns it.
///
/// The connection owns the socket and the SSL object, drives the handshake, checks the preface (server) and
/// exchanges HELLOs, answers PINGs, sends keep-alive PINGs, and buffers outgoing frames until the end of the
/// loop pass, when they leave in as few TLS records as possible. Calls are the delegate's business.
final class Connection: Selectable, Flushable, @unchecked Sendable {
    enum Role { case client, server }
    enum State: Equatable { case connecting, handshaking, awaitingHello, open, closed }

    let loop: EventLoop
    let role: Role
    let remoteAddress: String
    private let fd: Int32
    private let ssl: OpaquePointer
    private let settings: ConnectionSettings
    var delegate: ConnectionDelegate?

    private(set) var state: State
    private(set) var peerIdentity: ServiceIdentity?
    /// The peer's staff roles from its certificate (`samen-role:` URI SANs); empty for a service.
    private(set) var peerRoles: [String] = []
    private(set) var peerHello: Hello?
    private var reader: FrameReader
    private let outbound = ByteBuffer(capacity: Connection.restingBufferCapacity)
    private var scratch: [UInt8] = []
    private var prefaceChecked: Bool
    private var writeInterest: Bool
    /// Set while the output is above `outboundHighWater`: nothing more is read until it has been written, so a
    /// peer that sends but does not read cannot make this side buffer answers (PONGs, refusals, responses) without end.
    private var readPaused = false
    private var closeAfterFlush: ConnectionError?
    var flushScheduled = false

    private var handshakeTimer: TimerHandle?
    private var keepaliveTimer: TimerHandle?
    private var pingTimeoutTimer: TimerHandle?
    private var pingCounter: UInt64 = 0
    private var idleTimer: TimerHandle?
    /// When the last REQUEST or CANCEL arrived, or the connection opened (monotonic nanoseconds).
    private var lastCallActivity: UInt64 = 0
    /// Set once GOAWAY went out for idleness: the next PONG closes the connection.
    private var closingIdle = false
    private var readTimer: TimerHandle?
    /// Runs while output waits for the peer to read; see `checkWriteProgress`.
    private var writeStallTimer: TimerHandle?
    /// Bytes were written since the last check: the peer is reading, however slowly.
    private var wroteSinceCheck = false
    /// Per-connection buffers start and shrink back to this; a burst may grow them, an idle moment shrinks them.
    static let restingBufferCapacity = 16 * 1024

    /// Continuations of stream senders waiting for the outbound buffer to drain.
    private var writabilityWaiters: [() -> Void] = []
    static let outboundHighWater = 1 << 20

    init(loop: EventLoop, role: Role, fd: Int32, ssl: OpaquePointer, remoteAddress: String, settings: ConnectionSettings,
         connecting: Bool) {
        self.loop = loop
        self.role = role
        self.fd = fd
        self.ssl = ssl
        self.remoteAddress = remoteAddress
        self.settings = settings
        self.reader = FrameReader(maximumFrameSize: settings.maximumFrameSize, initialCapacity: Connection.restingBufferCapacity)
        self.state = connecting ? .connecting : .handshaking
        self.prefaceChecked = role == .client
        self.writeInterest = connecting
    }

    /// Registers with the loop and starts connecting or handshaking. Loop thread.
    func start() {
        guard state != .closed else { return }  // closed before its loop got to start it (evicted, drained)
        loop.register(fd, self, writable: writeInterest)
        handshakeTimer = loop.schedule(after: settings.handshakeTimeout) { [weak self] in
            guard let self, self.state != .open, self.state != .closed else { return }
            self.fail(RPCError(.unavailable, "connection with \(self.remoteAddress) was not established within \(self.settings.handshakeTimeout)"))
        }
        if state == .handshaking { advanceHandshake() }
    }

    /// The peer's limits; valid once open.
    var peerMaximumFrameSize: UInt32 { peerHello?.maximumFrameSize ?? Hello.minimumFrameSize }
    var peerMaximumConcurrentRequests: UInt32 { peerHello?.maximumConcurrentRequests ?? 1 }
    var peerAcceptsCompression: Bool { peerHello?.compression.contains(Hello.deflate) ?? false }
    var localMaximumFrameSize: UInt32 { settings.maximumFrameSize }

    // MARK: Events

    func handleEvent(readable: Bool, writable: Bool, hangup: Bool) {
        switch state {
        case .closed:
            return
        case .connecting:
            let error = Socket.pendingError(fd)
            guard error == 0 else {
                fail(RPCError(.unavailable, "cannot connect to \(remoteAddress): \(String(cString: strerror(error)))"))
                return
            }
            state = .handshaking
            advanceHandshake()
        case .handshaking:
            advanceHandshake()
        case .awaitingHello, .open:
            if hangup && readPaused {
                // Input is not watched while paused: this is a reset or a full close, and nothing more can be written.
                fail(RPCError(.unavailable, "connection with \(remoteAddress) lost while its output was backed up"))
                return
            }
            if readable || hangup { readAvailable() }
            if writable && state != .closed { flush() }
        }
    }

    private func advanceHandshake() {
        ERR_clear_error()
        let result = SSL_do_handshake(ssl)
        if result == 1 {
            handshakeCompleted()
            return
        }
        switch SSL_get_error(ssl, result) {
        case SSL_ERROR_WANT_READ:
            setWriteInterest(false)
        case SSL_ERROR_WANT_WRITE:
            setWriteInterest(true)
        default:
            let reason = PeerVerification.describeHandshakeFailure(ssl)
            fail(RPCError(role == .client ? .unavailable : .unauthenticated,
                          "TLS handshake with \(remoteAddress) failed: \(reason)"))
        }
    }

    private func handshakeCompleted() {
        do {
            let identity = try PeerVerification.peerIdentity(of: ssl)
            peerRoles = try PeerVerification.peerRoles(of: ssl, identity: identity)
            peerIdentity = identity
        } catch {
            fail(RPCError(.unauthenticated, "peer \(remoteAddress) has no valid samen:// identity in its certificate: \(error)"))
            return
        }
        state = .awaitingHello
        setWriteInterest(false)
        if role == .client {
            outbound.append(Preface.bytes)
            enqueueFrame(type: .hello, streamID: 0) { $0.append(contentsOf: settings.localHello.encode()) }
        }
        readAvailable()
    }

    // MARK: Reading

    private func readAvailable() {
        while state != .closed, !pauseReadingIfBackedUp() {
            reader.buffer.reserveWritable(16 * 1024)
            let space = reader.buffer.writableBytes
            ERR_clear_error()
            let count = SSL_read(ssl, space.baseAddress, Int32(min(space.count, Int(Int32.max))))
            if count > 0 {
                reader.buffer.commitWritten(Int(count))
                processFrames()
                continue
            }
            switch SSL_get_error(ssl, count) {
            case SSL_ERROR_WANT_READ:
                readDrained()
                return
            case SSL_ERROR_WANT_WRITE:
                readDrained()
                setWriteInterest(true)
                return
            case SSL_ERROR_ZERO_RETURN:
                fail(RPCError(.unavailable, "\(remoteAddress) closed the connection"))
            default:
                let refused = role == .client && state == .awaitingHello && PeerVerification.peerRefusedCertificate(ssl)
                let reason = PeerVerification.describeHandshakeFailure(ssl)
                fail(RPCError(refused ? .unauthenticated : .unavailable, state == .awaitingHello
                    ? "\(remoteAddress) refused the connection: \(reason)"
                    : "connection with \(remoteAddress) lost: \(reason)"))
            }
        }
    }

    private func processFrames() {
        if !prefaceChecked {
            guard reader.buffer.readableCount >= Preface.bytes.count else { return }
            guard reader.buffer.readableBytes.prefix(Preface.bytes.count).elementsEqual(Preface.bytes) else {
                fail(RPCError(.invalidArgument, "\(remoteAddress) did not start with the Samen preface; not a Samen client"))
                return
            }
            reader.buffer.consume(Preface.bytes.count)
            prefaceChecked = true
        }
        do {
            while state != .closed, closeAfterFlush == nil, !pauseReadingIfBackedUp(), let event = try reader.next() {
                switch event {
                case .frame(let frame):
                    readTimer?.cancel()
                    readTimer = nil
                    try handle(frame)
                case .oversized(let rawType, let streamID, let length):
                    readTimer?.cancel()
                    readTimer = nil
                    guard state == .open else {
                        throw WireError(.frameTooLarge, "frame of \(length) bytes exceeds the limit of \(settings.maximumFrameSize) bytes")
                    }
                    delegate?.connection(self, didRefuseOversized: rawType, streamID: streamID, length: length)
                }
            }
        } catch let error as WireError {
            closeWithError(ConnectionError(status: error.status, message: error.message))
        } catch {
            closeWithError(ConnectionError(status: .internal, message: "\(error)"))
        }
    }

    private func handle(_ frame: Frame) throws {
        guard let type = frame.type else { return }  // Unknown frame types are skipped, for later versions.
        if state == .awaitingHello {
            guard type == .hello else { throw WireError(.unexpectedFrame, "expected HELLO, received \(type)") }
        }
        guard type.isConnectionLevel == (frame.streamID == 0) else {
            throw WireError(.malformedFrame, type.isConnectionLevel
                ? "\(type) on stream \(frame.streamID); it belongs on stream 0"
                : "\(type) on stream 0; it belongs to a call's stream")
        }
        if state == .awaitingHello {
            try receiveHello(Hello.decode(frame.body))
            return
        }
        switch type {
        case .hello:
            throw WireError(.unexpectedFrame, "HELLO received twice")
        case .ping:
            try Connection.checkPingBody(frame)
            // A peer that pings without reading the PONGs must not grow this side's output: while it is above the
            // high-water mark, PINGs go unanswered (a server has stopped reading by then; a client, which never
            // pauses, lets the peer's own keep-alive judge the connection).
            guard outbound.readableCount < Connection.outboundHighWater else { return }
            enqueueFrame(type: .pong, streamID: 0) { $0.append(contentsOf: frame.body) }
        case .pong:
            try Connection.checkPingBody(frame)
            pingTimeoutTimer?.cancel()
            pingTimeoutTimer = nil
            if closingIdle { closeIdle() }
        case .error:
            let error = try ConnectionError.decode(frame.body)
            fail(RPCError(error.status, "\(remoteAddress) closed the connection: \(error.message)"))
        case .goAway:
            delegate?.connection(self, didReceiveGoAway: try GoAway.decode(frame.body))
        case .request, .response, .streamItem, .streamEnd, .cancel:
            if type == .request || type == .cancel { lastCallActivity = loop.wakeTime }
            delegate?.connection(self, didReceive: frame, type: type)
        }
    }

    /// PING and PONG carry exactly 8 opaque bytes; anything else is a peer speaking another protocol.
    private static func checkPingBody(_ frame: Frame) throws(WireError) {
        guard frame.body.count == 8 else {
            throw WireError(.malformedFrame, "\(frame.type!) body of \(frame.body.count) bytes; it must be 8")
        }
    }

    private func receiveHello(_ hello: Hello) throws {
        if role == .server {
            let version = try Hello.negotiateVersion(offered: hello.versions)
            var answer = settings.localHello
            answer.versions = [version]
            enqueueFrame(type: .hello, streamID: 0) { $0.append(contentsOf: answer.encode()) }
        } else {
            _ = try Hello.negotiateVersion(offered: hello.versions)
        }
        peerHello = hello
        state = .open
        handshakeTimer?.cancel()
        handshakeTimer = nil
        scheduleKeepalive()
        lastCallActivity = MonotonicClock.now
        scheduleIdleCheck(after: settings.idleTimeout)
        delegate?.connectionDidOpen(self)
    }

    /// True while reading is paused; a server pauses it when its output has reached the high-water mark. A client
    /// never does: its output is mostly its own requests, and a client waiting for the server to read while the
    /// server waits for the client to read would be a deadlock. Answers that handlers are still computing are
    /// bounded apart from this, by the concurrency limit and the message size.
    private func pauseReadingIfBackedUp() -> Bool {
        if !readPaused, role == .server, outbound.readableCount >= Connection.outboundHighWater, state != .closed {
            readPaused = true
            readTimer?.cancel()
            readTimer = nil
            loop.setInterest(fd, readable: false, writable: writeInterest)
        }
        return readPaused
    }

    /// The output went below the high-water mark: read again, starting with frames that arrived before the pause.
    private func resumeReading() {
        guard readPaused, state != .closed else { return }
        readPaused = false
        loop.setInterest(fd, readable: true, writable: writeInterest)
        processFrames()
        if state != .closed, !readPaused { readDrained() }
    }

    /// Everything readable was read: time a frame left half-way, and give back a buffer a burst has grown.
    private func readDrained() {
        guard state == .open else { return }
        if reader.isMidFrame {
            if readTimer == nil, let timeout = settings.readTimeout {
                readTimer = loop.schedule(after: timeout) { [weak self] in self?.readTimedOut(timeout) }
            }
        } else if reader.buffer.capacity > 4 * Connection.restingBufferCapacity {
            reader.buffer.shrink(to: Connection.restingBufferCapacity)
        }
    }

    private func readTimedOut(_ timeout: Duration) {
        readTimer = nil
        guard state == .open, reader.isMidFrame else { return }
        closeWithError(ConnectionError(status: .deadlineExceeded,
            message: "a frame was not completed within \(timeout) (\(reader.buffer.readableCount) bytes of it received)"))
    }

    // MARK: Idle

    private func scheduleIdleCheck(after delay: Duration?) {
        guard let delay else { return }
        idleTimer = loop.schedule(after: delay) { [weak self] in self?.checkIdle() }
    }

    /// Goes away when no call came for the idle timeout: GOAWAY (through the session, which then refuses new
    /// calls as not processed), then a PING; the PONG shows that the peer has seen the GOAWAY and that every REQUEST
    /// it sent before has been answered, so the connection closes then, or after the keep-alive timeout without one.
    private func checkIdle() {
        idleTimer = nil
        guard state == .open, !closingIdle, closeAfterFlush == nil, let idleTimeout = settings.idleTimeout else { return }
        let now = MonotonicClock.now
        if delegate?.hasCallsInFlight == true { lastCallActivity = now }
        let idleSince = lastCallActivity + idleTimeout.nanoseconds
        guard now >= idleSince else {
            scheduleIdleCheck(after: .nanoseconds(Int64(clamping: idleSince - now)))
            return
        }
        closingIdle = true
        delegate?.connectionBecameIdle(self)
        let timeout = settings.keepaliveTimeout
        pingTimeoutTimer?.cancel()
        sendPing()
        pingTimeoutTimer = loop.schedule(after: timeout) { [weak self] in
            guard let self else { return }
            self.fail(RPCError(.unavailable, "\(self.remoteAddress) was idle for \(idleTimeout) and did not answer a PING within \(timeout)"))
        }
    }

    /// Closes an idle connection once what is queued (refusals of calls that crossed the GOAWAY) has been written.
    private func closeIdle() {
        guard state == .open, closeAfterFlush == nil else { return }
        if delegate?.hasCallsInFlight == true {
            // A call accepted before the GOAWAY is still running: look again after another idle period.
            closingIdle = false
            scheduleIdleCheck(after: settings.idleTimeout)
            return
        }
        closeAfterFlush = ConnectionError(status: .unavailable, message: "connection closed after being idle")
        loop.scheduleFlush(self)
    }

    /// Closes a connection that has not finished its handshake and HELLO; an established one stays.
    func closeIfNotEstablished(reason: RPCError) {
        guard state != .open else { return }
        fail(reason)
    }

    // MARK: Keep-alive

    private func scheduleKeepalive() {
        guard let interval = settings.keepaliveInterval else { return }
        keepaliveTimer = loop.schedule(after: interval) { [weak self] in self?.sendKeepalivePing() }
    }

    private func sendPing() {
        pingCounter &+= 1
        var body: [UInt8] = []
        body.appendUInt32(UInt32(truncatingIfNeeded: pingCounter >> 32))
        body.appendUInt32(UInt32(truncatingIfNeeded: pingCounter))
        enqueueFrame(type: .ping, streamID: 0) { $0.append(contentsOf: body) }
    }

    private func sendKeepalivePing() {
        guard state == .open else { return }
        if pingTimeoutTimer == nil {
            sendPing()
            let timeout = settings.keepaliveTimeout
            pingTimeoutTimer = loop.schedule(after: timeout) { [weak self] in
                guard let self else { return }
                self.fail(RPCError(.unavailable, "\(self.remoteAddress) did not answer a keep-alive PING within \(timeout); connection presumed dead"))
            }
        }
        scheduleKeepalive()
    }

    // MARK: Writing

    /// Appends a frame built in place into the outbound buffer; it leaves at the end of the loop pass.
    func enqueueFrame(type: FrameType, flags: FrameFlags = [], streamID: UInt32, body: (inout [UInt8]) -> Void) {
        guard state != .closed else { return }
        scratch.removeAll(keepingCapacity: true)
        FrameBuilder.begin(type: type.rawValue, flags: flags, streamID: streamID, into: &scratch, body: body)
        outbound.append(scratch)
        if scratch.capacity > 256 * 1024 { scratch = [] }
        loop.scheduleFlush(self)
    }

    /// Appends an already encoded frame (built off the loop by a caller).
    func enqueueEncodedFrame(_ bytes: [UInt8]) {
        guard state != .closed else { return }
        outbound.append(bytes)
        loop.scheduleFlush(self)
    }

    /// Bytes waiting to be written: stream senders wait while this is above the high-water mark.
    var pendingOutboundBytes: Int { outbound.readableCount }

    /// Runs `resume` once the outbound buffer has drained below the high-water mark (or the connection closed).
    func whenWritable(_ resume: @escaping () -> Void) {
        if state == .closed || outbound.readableCount < Connection.outboundHighWater {
            resume()
        } else {
            writabilityWaiters.append(resume)
        }
    }

    func flush() {
        guard state == .awaitingHello || state == .open else { return }
        while !outbound.isEmpty {
            let pending = outbound.readableBytes
            ERR_clear_error()
            let written = SSL_write(ssl, pending.baseAddress, Int32(min(pending.count, 1 << 20)))
            if written > 0 {
                outbound.consume(Int(written))
                wroteSinceCheck = true
                continue
            }
            switch SSL_get_error(ssl, written) {
            case SSL_ERROR_WANT_WRITE:
                setWriteInterest(true)
                watchWriteProgress()
                // Below the mark again: read on, so that a steady stream of answers never leaves this side deaf to
                // the peer's PINGs and CANCELs until the output is empty.
                if readPaused && outbound.readableCount < Connection.outboundHighWater { scheduleResume() }
                return
            case SSL_ERROR_WANT_READ:
                return
            default:
                fail(RPCError(.unavailable, "connection with \(remoteAddress) lost while writing: \(PeerVerification.describeHandshakeFailure(ssl))"))
                return
            }
        }
        setWriteInterest(false)
        writeStallTimer?.cancel()
        writeStallTimer = nil
        if outbound.capacity > 1 << 20 { outbound.shrink(to: 64 * 1024) }
        if let error = closeAfterFlush {
            fail(RPCError(error.status, error.message))
            return
        }
        if !writabilityWaiters.isEmpty {
            let waiters = writabilityWaiters
            writabilityWaiters = []
            for resume in waiters { resume() }
        }
        if readPaused { scheduleResume() }
    }

    private func scheduleResume() {
        // Not from inside a flush: reading may queue frames and schedule another.
        loop.execute { [weak self] in self?.resumeReading() }
    }

    /// Output is waiting for the peer to read. A peer that reads nothing of it for the read timeout is gone or
    /// stalling on purpose: otherwise it would hold the connection, the output and any stream handler waiting on it
    /// for ever (a stream without deadline never ends by itself).
    private func watchWriteProgress() {
        guard writeStallTimer == nil, let timeout = settings.readTimeout else { return }
        wroteSinceCheck = false
        writeStallTimer = loop.schedule(after: timeout) { [weak self] in self?.checkWriteProgress(timeout) }
    }

    private func checkWriteProgress(_ timeout: Duration) {
        writeStallTimer = nil
        guard state == .open || state == .awaitingHello, !outbound.isEmpty else { return }
        guard wroteSinceCheck else {
            fail(RPCError(.unavailable, "\(remoteAddress) read nothing of \(outbound.readableCount) bytes waiting for it within \(timeout)"))
            return
        }
        watchWriteProgress()
    }

    private func setWriteInterest(_ wanted: Bool) {
        guard wanted != writeInterest, state != .closed else { return }
        writeInterest = wanted
        loop.setInterest(fd, readable: !readPaused, writable: wanted)
    }

    // MARK: Closing

    /// Tells the peer why with an ERROR frame, then closes once it is written.
    func closeWithError(_ error: ConnectionError) {
        guard state != .closed, closeAfterFlush == nil else { return }
        if state == .open || state == .awaitingHello {
            enqueueFrame(type: .error, streamID: 0) { $0.append(contentsOf: error.encode()) }
            closeAfterFlush = error
        } else {
            fail(RPCError(error.status, error.message))
        }
    }

    /// Closes now, quietly (after a drain, or when the client is done).
    func close(reason: RPCError) {
        fail(reason)
    }

    /// Closes immediately and tells the delegate why.
    private func fail(_ error: RPCError) {
        guard state != .closed else { return }
        state = .closed
        handshakeTimer?.cancel()
        keepaliveTimer?.cancel()
        pingTimeoutTimer?.cancel()
        idleTimer?.cancel()
        readTimer?.cancel()
        writeStallTimer?.cancel()
        loop.unregister(fd)
        ERR_clear_error()
        SSL_shutdown(ssl)
        SSL_free(ssl)
        Glibc.close(fd)
        // The object may outlive the socket a little (queued work, a timer); its buffers need not.
        reader.buffer.release()
        outbound.release()
        let waiters = writabilityWaiters
        writabilityWaiters = []
        for resume in waiters { resume() }
        let delegate = self.delegate
        self.delegate = nil
        delegate?.connectionDidClose(self, error: error)
    }
}

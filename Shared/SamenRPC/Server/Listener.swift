#if canImport(Glibc)
import Glibc
#endif
import Dispatch
import Foundation
import SamenTLS
import SamenWire
import Synchronization

/// Accepts connections on the listening socket and hands each to an event loop of the group.
///
/// Running out of descriptors (or kernel memory) must not turn into a busy loop: the pending connection stays in
/// the backlog, so epoll reports the socket readable again at once. The listener then drops that one connection with
/// the help of a reserved descriptor (closing the reserve makes room to accept and close it), stops watching the
/// socket for a short, growing while, and resumes. Loop-0 thread only.
final class Listener: Selectable, @unchecked Sendable {
    private let fd: Int32
    private let group: EventLoopGroup
    private let core: ServerCore
    private var stopped = false
    private var paused = false
    private var reserveFD: Int32
    private var backoff = Backoff(initial: .milliseconds(10), maximum: .seconds(1), jitter: false)
    private let refusedLog = LogThrottle()
    private let exhaustionLog = LogThrottle()
    /// Accepts per readiness event, so that a flood still leaves the loop time for its connections and timers.
    private static let acceptsPerEvent = 128

    init(fd: Int32, group: EventLoopGroup, core: ServerCore) {
        self.fd = fd
        self.group = group
        self.core = core
        self.reserveFD = Listener.openReserve()
    }

    private var loop: EventLoop { group.loops[0] }

    func start() { loop.register(fd, self) }

    func stop() {
        guard !stopped else { return }
        stopped = true
        if !paused { loop.unregister(fd) }
        close(fd)
        if reserveFD >= 0 { close(reserveFD) }
        reserveFD = -1
    }

    func handleEvent(readable: Bool, writable: Bool, hangup: Bool) {
        for _ in 0..<Listener.acceptsPerEvent {
            guard !stopped, !paused else { return }
            switch Socket.accept(fd) {
            case .wouldBlock:
                return
            case .failed:
                continue
            case .exhausted(let code):
                shed(code)
                return
            case .accepted(let clientFD, let peer):
                backoff.reset()
                admit(clientFD, peer: peer)
            }
        }
    }

    private func admit(_ clientFD: Int32, peer: String) {
        guard case .admit(let victim) = core.connections.admit() else {
            close(clientFD)
            if let refused = refusedLog.note() {
                core.logger.warning("connection limit reached; closing new connections",
                                    [("limit", "\(core.connections.limits.total)"), ("refused", "\(refused)")])
            }
            return
        }
        if let victim { evict(victim) }
        let ssl: OpaquePointer
        do {
            ssl = try core.configuration.tls.makeSSL(fd: clientFD, serverName: nil)
        } catch {
            core.logger.error("cannot set up TLS for a connection", [("address", peer), ("error", "\(error)")])
            close(clientFD)
            core.connections.release()
            return
        }
        let target = group.next()
        let connection = Connection(loop: target, role: .server, fd: clientFD, ssl: ssl, remoteAddress: peer,
                                    settings: core.connectionSettings, connecting: false)
        let session = ServerSession(connection: connection, core: core)
        connection.delegate = session
        core.sessionOpened(session)
        target.execute { connection.start() }
    }

    private func evict(_ session: ServerSession) {
        session.connection.loop.execute {
            session.connection.closeIfNotEstablished(reason: RPCError(.unavailable,
                "closed before its handshake finished, to make room for a newer connection"))
        }
    }

    /// Out of descriptors or memory: drop the connection that cannot be taken, free the descriptor of the oldest
    /// connection still handshaking (so stalled handshakes cannot hold the last descriptors), then pause.
    private func shed(_ code: Int32) {
        if (code == EMFILE || code == ENFILE) && reserveFD >= 0 {
            close(reserveFD)
            if case .accepted(let dropped, _) = Socket.accept(fd) { close(dropped) }
            reserveFD = Listener.openReserve()
        }
        if let victim = core.connections.evictOldestHandshaking() { evict(victim) }
        let delay = backoff.nextDelay()
        if let times = exhaustionLog.note() {
            core.logger.error("cannot accept connections; pausing", [("error", String(cString: strerror(code))), ("pause", "\(delay)"),
                                                                      ("connections", "\(core.connections.count)"), ("times", "\(times)")])
        }
        paused = true
        loop.unregister(fd)
        loop.schedule(after: delay) { [self] in
            paused = false
            guard !stopped else { return }
            loop.register(fd, self)
        }
    }

    /// A descriptor held in reserve for `shed`; -1 if even that cannot be had.
    private static func openReserve() -> Int32 {
        open("/dev/null", O_RDONLY | O_CLOEXEC)
    }
}

#if canImport(Glibc)
import Glibc
#endif
import Dispatch
import Foundation
import SamenTLS
import SamenWire
import Synchronization

/// The state every session of one server shares.
final class ServerCore: @unchecked Sendable {
    let configuration: RPCServer.Configuration
    var logger: Logger { configuration.logger }
    /// Set once in `start()`, read-only afterwards.
    var methods: [String: RegisteredMethod] = [:]
    let startedAt = Date()
    let startedMonotonic = MonotonicClock.now
    /// Replaces request ids that callers sent empty or unfit to log.
    let requestIDs = RequestIDGenerator()
    private let inFlight = Atomic<Int>(0)
    private let draining = Atomic<Bool>(false)
    private let sessions = Mutex<[ObjectIdentifier: ServerSession]>([:])
    /// Connections that closed before they were established: one line per interval, with the count.
    let refusedLog = LogThrottle()
    /// Request ids replaced because they were unfit to log.
    let replacedRequestIDLog = LogThrottle()

    init(configuration: RPCServer.Configuration) {
        self.configuration = configuration
    }

    var connectionSettings: ConnectionSettings {
        ConnectionSettings(maximumFrameSize: configuration.maximumFrameSize,
                           maximumConcurrentRequests: configuration.maximumConcurrentRequests,
                           acceptsCompression: true, handshakeTimeout: configuration.handshakeTimeout,
                           keepaliveInterval: configuration.keepaliveInterval, keepaliveTimeout: configuration.keepaliveTimeout,
                           idleTimeout: configuration.idleTimeout, readTimeout: configuration.readTimeout)
    }

    var callsInFlight: Int { inFlight.load(ordering: .relaxed) }
    func callStarted() { inFlight.add(1, ordering: .relaxed) }
    func callFinished() { inFlight.subtract(1, ordering: .relaxed) }

    var isDraining: Bool { draining.load(ordering: .acquiring) }
    /// True for the caller that started the drain.
    func beginDrain() -> Bool { !draining.exchange(true, ordering: .acquiringAndReleasing) }

    /// Open connections, and whether another may be accepted.
    let connections = ConnectionTable()
    private let trimmer = MemoryTrimmer()

    /// A connection was admitted (see `ConnectionTable.admit`) and has its session.
    func sessionOpened(_ session: ServerSession) {
        sessions.withLock { $0[ObjectIdentifier(session)] = session }
        connections.add(session)
    }
    /// The session's handshake and HELLO are done.
    func sessionEstablished(_ session: ServerSession) { connections.established(session) }
    func sessionClosed(_ session: ServerSession) {
        sessions.withLock { $0[ObjectIdentifier(session)] = nil }
        connections.closed(session)
        trimmer.noteClosure()
    }
    func allSessions() -> [ServerSession] { sessions.withLock { Array($0.values) } }
}

import Synchronization

/// Counts a server's connections and decides whether a newly accepted one may stay.
///
/// Connections still in the TLS handshake or the HELLO exchange have their own, smaller budget: when it is full, a
/// new connection evicts the oldest of them rather than being turned away, so a flood of connections that never
/// finish their handshake cannot keep a real client (a health check) out for longer than its own handshake takes.
/// Established connections are never evicted; when all the room is theirs, new connections are closed at once.
final class ConnectionTable: Sendable {
    /// How many connections fit.
    struct Limits: Equatable {
        var total: Int
        var handshaking: Int
    }

    /// What to do with a connection just accepted.
    enum Admission {
        /// Keep it; close `evicting` (a connection that has not finished its handshake) to make room.
        case admit(evicting: ServerSession?)
        /// Close it now: every slot holds an established connection.
        case refuse
    }

    private struct State {
        var limits = Limits(total: 1, handshaking: 1)
        var total = 0
        var handshaking: [ObjectIdentifier: (order: UInt64, session: ServerSession)] = [:]
        var nextOrder: UInt64 = 0
    }

    private let state = Mutex(State())

    var limits: Limits {
        get { state.withLock { $0.limits } }
        set { state.withLock { $0.limits = newValue } }
    }

    /// Connections counted now, established or not.
    var count: Int { state.withLock { $0.total } }

    /// Takes a slot for a connection just accepted; on `.admit` the caller must `add` its session or `release`.
    func admit() -> Admission {
        state.withLock { state in
            let full = state.total >= state.limits.total || state.handshaking.count >= state.limits.handshaking
            var victim: ServerSession?
            if full {
                // Evicted connections count until their loops have closed them; never hold more than both budgets.
                guard state.total < state.limits.total + state.limits.handshaking,
                      let oldest = Self.takeOldestHandshaking(&state) else { return .refuse }
                victim = oldest
            }
            state.total += 1
            return .admit(evicting: victim)
        }
    }

    /// Picks the oldest connection still handshaking to be closed (when descriptors ran out); nil if there is none.
    func evictOldestHandshaking() -> ServerSession? {
        state.withLock { Self.takeOldestHandshaking(&$0) }
    }

    private static func takeOldestHandshaking(_ state: inout State) -> ServerSession? {
        guard let oldest = state.handshaking.min(by: { $0.value.order < $1.value.order }) else { return nil }
        state.handshaking[oldest.key] = nil
        return oldest.value.session
    }

    /// The admitted connection's session, still handshaking.
    func add(_ session: ServerSession) {
        state.withLock { state in
            state.handshaking[ObjectIdentifier(session)] = (state.nextOrder, session)
            state.nextOrder &+= 1
        }
    }

    /// Gives back a slot whose connection never got a session (TLS could not be set up for it).
    func release() {
        state.withLock { $0.total = max(0, $0.total - 1) }
    }

    /// The session finished its handshake and HELLO: it no longer competes for handshake slots.
    func established(_ session: ServerSession) {
        _ = state.withLock { $0.handshaking.removeValue(forKey: ObjectIdentifier(session)) }
    }

    func closed(_ session: ServerSession) {
        state.withLock { state in
            state.handshaking[ObjectIdentifier(session)] = nil
            state.total = max(0, state.total - 1)
        }
    }
}

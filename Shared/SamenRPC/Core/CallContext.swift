import SamenTLS

/// What a handler knows about the call it serves: who calls, on whose behalf, and until when.
///
/// Set as a task-local while the handler runs, so that calls the handler makes to other services carry the same
/// request id and never outlive this call's deadline without anyone asking for it.
public struct CallContext: Sendable {
    /// The caller's identity, from its certificate, never from the message.
    public let peer: ServiceIdentity
    /// The staff member the call is made by (a staff certificate) or for (a service forwarding one; see
    /// `ActingUser`); nil for a service acting on its own.
    public let staff: StaffMember?
    public let method: String
    public let requestID: String
    /// Monotonic nanoseconds (see `MonotonicClock`) after which the caller no longer waits; nil when it set none.
    public let deadline: UInt64?
    public let idempotencyKey: String?
    public let metadata: [(String, String)]
    /// A logger that adds this call's request id and method to every line.
    public let logger: Logger

    public init(peer: ServiceIdentity, staff: StaffMember? = nil, method: String, requestID: String, deadline: UInt64?,
                idempotencyKey: String?, metadata: [(String, String)], logger: Logger) {
        self.peer = peer
        self.staff = staff
        self.method = method
        self.requestID = requestID
        self.deadline = deadline
        self.idempotencyKey = idempotencyKey
        self.metadata = metadata
        self.logger = logger
    }

    /// Time left before the deadline, or nil without one.
    public var remaining: Duration? {
        guard let deadline else { return nil }
        let now = MonotonicClock.now
        return Duration(saturatingNanoseconds: deadline > now ? deadline - now : 0)
    }

    /// The metadata value for `key`, if the caller sent one.
    public func metadata(_ key: String) -> String? {
        metadata.first { $0.0 == key }?.1
    }

    /// The context of the call the current task is serving, if any.
    @TaskLocal public static var current: CallContext?
}

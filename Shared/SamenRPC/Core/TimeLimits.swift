/// The one way numbers from the wire or a flag become durations and deadlines.
///
/// A timeout, grace period or lease arrives as a `UInt64` of microseconds or a `Double` of seconds chosen by
/// someone else; multiplying it into nanoseconds or converting it to `Int64` traps on overflow, NaN or infinity,
/// and one such frame would take the whole server down. Everything here saturates or refuses instead.
extension Duration {
    /// The duration in whole nanoseconds: zero for negative durations, `UInt64.max` for longer ones than fit.
    public var nanoseconds: UInt64 {
        let (seconds, attoseconds) = components
        // Under a second, a negative duration has seconds 0 and negative attoseconds.
        if seconds < 0 || attoseconds < 0 { return 0 }
        let (whole, overflow) = UInt64(seconds).multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return .max }
        let (total, carry) = whole.addingReportingOverflow(UInt64(attoseconds / 1_000_000_000))
        return carry ? .max : total
    }

    /// The duration in whole microseconds, clamped at zero (and saturated like `nanoseconds`).
    public var microseconds: UInt64 { nanoseconds / 1_000 }

    /// `nanoseconds` as a duration, saturated at `Int64.max` nanoseconds (about 292 years).
    public init(saturatingNanoseconds nanoseconds: UInt64) {
        self = .nanoseconds(Int64(clamping: nanoseconds))
    }

    /// `microseconds` as a duration, saturated like `init(saturatingNanoseconds:)`.
    public init(saturatingMicroseconds microseconds: UInt64) {
        let (nanoseconds, overflow) = microseconds.multipliedReportingOverflow(by: 1_000)
        self.init(saturatingNanoseconds: overflow ? .max : nanoseconds)
    }

    /// A count of seconds from the wire or a flag, refused unless it is a finite number in `minimum...maximum`
    /// (and `> 0` when `allowsZero` is false). The error is `invalid_argument` and names `field`.
    public static func seconds(checking value: Double, field: String, minimum: Duration = .zero, maximum: Duration,
                               allowsZero: Bool = true) throws(RPCError) -> Duration {
        let lower = Double(minimum.components.seconds) + Double(minimum.components.attoseconds) / 1e18
        let limit = Double(maximum.components.seconds)
        guard value.isFinite, value >= lower, allowsZero || value > 0, value <= limit else {
            let from = lower > 0 ? "from \(lower)" : allowsZero ? "from 0" : "above 0"
            throw RPCError(.invalidArgument, "\(field) must be a number of seconds \(from) to \(Int64(limit)), found \(value)",
                           details: ["field": field])
        }
        return .seconds(value)
    }
}

extension MonotonicClock {
    /// The monotonic instant `delay` after `start` (now by default), saturated at `UInt64.max` ("never").
    public static func deadline(after delay: Duration, from start: UInt64 = MonotonicClock.now) -> UInt64 {
        let (sum, overflow) = start.addingReportingOverflow(delay.nanoseconds)
        return overflow ? .max : sum
    }
}

import Synchronization

/// One log line per interval for an event that a stranger can repeat at will (a refused connection, a full
/// connection table, running out of descriptors): the first occurrence is logged, the next ones are only counted,
/// and the next line says how many there were. Without it a flood of connections is a flood of log lines.
public final class LogThrottle: Sendable {
    private struct State {
        var sinceLastLine = 0
        var lastLine: UInt64?
    }

    private let interval: Duration
    private let state = Mutex(State())

    /// At most one line per `interval`.
    public init(interval: Duration = .seconds(10)) {
        self.interval = interval
    }

    /// Counts one occurrence. When a line is due, returns how many occurrences it stands for (this one included,
    /// and those not logged since the last line); nil otherwise. `now` is monotonic nanoseconds.
    public func note(now: UInt64 = MonotonicClock.now) -> Int? {
        state.withLock { state in
            state.sinceLastLine += 1
            if let last = state.lastLine, now < last || now - last < interval.nanoseconds { return nil }
            let count = state.sinceLastLine
            state.sinceLastLine = 0
            state.lastLine = now
            return count
        }
    }
}

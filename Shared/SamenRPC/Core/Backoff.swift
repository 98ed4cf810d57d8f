/// Exponential backoff: each failure doubles the wait from `initial` up to `maximum`; a success resets it.
///
/// With jitter the wait is drawn from the upper half of the current step, so that many peers that failed together
/// (a registry restart, a network blip) do not all retry in the same instant.
public struct Backoff: Sendable {
    public let initial: Duration
    public let maximum: Duration
    public let jitter: Bool
    /// Failures since the last reset.
    public private(set) var failures = 0

    public init(initial: Duration, maximum: Duration, jitter: Bool) {
        self.initial = initial
        self.maximum = max(initial, maximum)
        self.jitter = jitter
    }

    /// Counts one more failure and returns how long to wait before the next attempt.
    public mutating func nextDelay() -> Duration {
        let step = min(initial * (1 << min(failures, 30)), maximum)
        failures += 1
        return jitter ? step / 2 + step * Double.random(in: 0...0.5) : step
    }

    public mutating func reset() { failures = 0 }
}

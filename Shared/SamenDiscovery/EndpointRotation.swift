import SamenRPC

/// Round-robin over a service's endpoints, skipping those that failed recently.
///
/// An endpoint that fails with `unavailable` sits out for `basePenalty`, doubling with every further failure up
/// to `maximumPenalty`; a success clears it. When every endpoint sits out, the one due back soonest is tried
/// anyway: a call that might succeed beats an error that certainly fails.
///
/// An empty endpoint set (the registry lists no passing instance, e.g. right after it restarted) does not
/// replace known endpoints: they stay in rotation, marked unlisted, until each fails once with `unavailable`,
/// which removes it. A registry that briefly knows nothing must not stop calls to instances that work.
struct EndpointRotation: Sendable {
    private struct Penalty: Sendable {
        var backoff: Backoff
        var until: ContinuousClock.Instant
    }

    private(set) var endpoints: [Endpoint] = []
    private var cursor = 0
    private var penalties: [Endpoint: Penalty] = [:]
    /// Kept from before an empty answer; removed at their first failure.
    private(set) var unlisted: Set<Endpoint> = []
    let basePenalty: Duration
    let maximumPenalty: Duration

    init(basePenalty: Duration, maximumPenalty: Duration) {
        self.basePenalty = basePenalty
        self.maximumPenalty = maximumPenalty
    }

    /// Takes a new endpoint set (from the registry); penalties of endpoints still present are kept. An empty set
    /// keeps the known endpoints as unlisted.
    mutating func replace(_ newEndpoints: [Endpoint]) {
        if newEndpoints.isEmpty {
            unlisted = Set(endpoints)
            return
        }
        unlisted = []
        var seen = Set<Endpoint>()
        endpoints = newEndpoints.filter { seen.insert($0).inserted }
        penalties = penalties.filter { seen.contains($0.key) }
    }

    /// The next endpoint to call, not one of `excluded`; nil when there is none.
    mutating func pick(excluding excluded: Set<Endpoint>, now: ContinuousClock.Instant) -> Endpoint? {
        let candidates = endpoints.filter { !excluded.contains($0) }
        guard !candidates.isEmpty else { return nil }
        let healthy = candidates.filter { (penalties[$0]?.until ?? now) <= now }
        if healthy.isEmpty {
            return candidates.min { penalties[$0]!.until < penalties[$1]!.until }
        }
        let chosen = healthy[cursor % healthy.count]
        cursor = (cursor &+ 1) & Int.max
        return chosen
    }

    mutating func failed(_ endpoint: Endpoint, now: ContinuousClock.Instant) {
        if unlisted.remove(endpoint) != nil {
            endpoints.removeAll { $0 == endpoint }
            penalties[endpoint] = nil
            return
        }
        var penalty = penalties[endpoint]
            ?? Penalty(backoff: Backoff(initial: basePenalty, maximum: maximumPenalty, jitter: false), until: now)
        penalty.until = now + penalty.backoff.nextDelay()
        penalties[endpoint] = penalty
    }

    mutating func succeeded(_ endpoint: Endpoint) {
        penalties[endpoint] = nil
    }

    func isPenalized(_ endpoint: Endpoint, now: ContinuousClock.Instant) -> Bool {
        (penalties[endpoint]?.until ?? now) > now
    }
}

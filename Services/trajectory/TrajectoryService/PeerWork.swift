/// How trajectory paces its background work with other regions' trajectory services: the transfers' reconciler and
/// the exemption results' outbox each run at start and then every `interval`, sooner after a failure (the kit's
/// `Backoff`, from `retryInitial` doubling up to `retryMaximum`), and give every call to a peer `peerTimeout`.
public struct PeerWork: Sendable {
    public var interval: Duration
    public var retryInitial: Duration
    public var retryMaximum: Duration
    public var peerTimeout: Duration

    public init(interval: Duration = .seconds(30), retryInitial: Duration = .seconds(1), retryMaximum: Duration = .seconds(30),
                peerTimeout: Duration = .seconds(3)) {
        self.interval = interval
        self.retryInitial = retryInitial
        self.retryMaximum = retryMaximum
        self.peerTimeout = peerTimeout
    }
}

/// One region's intake asking another to hold an INSZ for it while it registers the person: the step of the
/// one-file-per-person protocol (docs/INTAKE.md, "One file per person across regions").
public struct ClaimRequest: Codable, Sendable, Equatable {
    public var insz: String
    /// Unique per registration attempt; a repeated reserve with the same id is the same claim.
    public var claimID: String
    public var claimantRegion: String
    /// Only ask whether the region has a file for the INSZ (re-checking an unverified file); reserves nothing.
    public var checkOnly: Bool
    public init(insz: String, claimID: String, claimantRegion: String, checkOnly: Bool = false) {
        self.insz = insz
        self.claimID = claimID
        self.claimantRegion = claimantRegion
        self.checkOnly = checkOnly
    }
}

/// The answer to a reservation.
public struct ClaimAnswer: Codable, Sendable, Equatable {
    public enum Outcome: String, Codable, Sendable, CaseIterable {
        /// Held for the claimant until released or until `leaseMilliseconds` pass.
        case granted
        /// The asked region has a file for this INSZ: the claimant must refuse with `already_exists`.
        case fileExists = "file-exists"
        /// Another registration of this INSZ holds it right now: the claimant waits and asks again.
        case heldByOtherClaim = "held-by-other-claim"
    }
    public var outcome: Outcome
    /// The region answering.
    public var region: String
    /// For `heldByOtherClaim`: the region registering it.
    public var holderRegion: String?
    public var leaseMilliseconds: Int64
    public init(outcome: Outcome, region: String, holderRegion: String? = nil, leaseMilliseconds: Int64) {
        self.outcome = outcome
        self.region = region
        self.holderRegion = holderRegion
        self.leaseMilliseconds = leaseMilliseconds
    }
}

/// Lets go of a reservation (the claimant registered the person, or gave up).
public struct ClaimRelease: Codable, Sendable, Equatable {
    public var insz: String
    public var claimID: String
    public init(insz: String, claimID: String) {
        self.insz = insz
        self.claimID = claimID
    }
}

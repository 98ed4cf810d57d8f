import SamenReferenceData

/// Where a transfer of a trajectory between two regions stands (docs/TRAJECTORY-TRANSFER.md). The target region
/// decides: `requested` → `accepted`, `refused` or `revoked` there, in one transaction each, first one wins.
/// `completed` is an accepted transfer both sides have recorded: the source holds a tombstone, the target the live
/// trajectory.
public enum TransferState: String, Codable, Sendable, CaseIterable {
    case requested
    case accepted
    case refused
    case revoked
    case completed

    public var isFinal: Bool { self != .requested }
}

/// Which side of a transfer a region's record is.
public enum TransferDirection: String, Codable, Sendable, CaseIterable {
    /// This region is the source: its trajectory moves away.
    case outgoing
    /// This region is the target: the trajectory moves here.
    case incoming
}

/// One transfer of a trajectory from `sourceRegion` to `targetRegion`, as one of the two regions records it.
public struct TrajectoryTransfer: Codable, Sendable, Equatable {
    /// `<source region>-x<number>`, unique across the federation.
    public var transferID: String
    public var direction: TransferDirection
    /// The trajectory's id in the source region.
    public var trajectoryID: String
    public var sourceRegion: String
    public var targetRegion: String
    /// NIS code of the municipality the person moved to.
    public var municipality: String
    /// Why the trajectory moves; 1...200 characters, never personal data.
    public var reason: String
    public var requestedOn: CivilDate
    public var state: TransferState
    /// Why the target refused, or why the source revoked.
    public var outcomeReason: String?
    /// The trajectory's id in the target region, once accepted.
    public var newTrajectoryID: String?
    /// The day the target decided (accepted, refused or withdrew).
    public var decidedOn: CivilDate?
    /// Outgoing: the target has stored the offer. Incoming: the source has recorded the outcome.
    public var acknowledged: Bool

    public init(transferID: String, direction: TransferDirection, trajectoryID: String, sourceRegion: String, targetRegion: String,
                municipality: String, reason: String, requestedOn: CivilDate, state: TransferState = .requested,
                outcomeReason: String? = nil, newTrajectoryID: String? = nil, decidedOn: CivilDate? = nil, acknowledged: Bool = false) {
        self.transferID = transferID
        self.direction = direction
        self.trajectoryID = trajectoryID
        self.sourceRegion = sourceRegion
        self.targetRegion = targetRegion
        self.municipality = municipality
        self.reason = reason
        self.requestedOn = requestedOn
        self.state = state
        self.outcomeReason = outcomeReason
        self.newTrajectoryID = newTrajectoryID
        self.decidedOn = decidedOn
        self.acknowledged = acknowledged
    }
}

/// Where a trajectory that moved in came from; the file keeps one per transfer, oldest first.
public struct TrajectoryOrigin: Codable, Sendable, Equatable {
    /// Its id and region before the transfer.
    public var trajectoryID: String
    public var region: String
    public var transferID: String
    public var acceptedOn: CivilDate
    public init(trajectoryID: String, region: String, transferID: String, acceptedOn: CivilDate) {
        self.trajectoryID = trajectoryID
        self.region = region
        self.transferID = transferID
        self.acceptedOn = acceptedOn
    }
}

/// The tombstone a source region keeps of a trajectory that moved away: read-only, pointing to the live one.
public struct TrajectoryTombstone: Codable, Sendable, Equatable {
    public var region: String
    public var trajectoryID: String
    public var transferID: String
    /// The day the source recorded the accepted transfer.
    public var on: CivilDate
    public init(region: String, trajectoryID: String, transferID: String, on: CivilDate) {
        self.region = region
        self.trajectoryID = trajectoryID
        self.transferID = transferID
        self.on = on
    }
}

/// Asks to move a trajectory to another region (`transfers.request`, staff of the source).
public struct TransferRequest: Codable, Sendable, Equatable {
    /// The trajectory at the version read; the request freezes it.
    public var trajectory: TrajectoryReference
    /// A region of the federation other than this one.
    public var targetRegion: String
    /// The municipality the person moved to: a NIS code or a name.
    public var municipality: String
    /// 1...200 characters; never personal data.
    public var reason: String
    public init(trajectory: TrajectoryReference, targetRegion: String, municipality: String, reason: String) {
        self.trajectory = trajectory
        self.targetRegion = targetRegion
        self.municipality = municipality
        self.reason = reason
    }
}

/// What the source hands the target (`transfers.offer`, service only): the transfer and the trajectory's whole
/// file as frozen.
public struct TransferOffer: Codable, Sendable, Equatable {
    public var transfer: TrajectoryTransfer
    public var file: TrajectoryFile
    public init(transfer: TrajectoryTransfer, file: TrajectoryFile) {
        self.transfer = transfer
        self.file = file
    }
}

/// Names one transfer (`transfers.accept`, `transfers.status`).
public struct TransferReference: Codable, Sendable, Equatable {
    public var transferID: String
    public init(transferID: String) { self.transferID = transferID }
}

/// A refusal (`transfers.refuse`, staff of the target) or a revocation (`transfers.revoke`, staff of the source),
/// with its reason: 1...200 characters, never personal data.
public struct TransferDecision: Codable, Sendable, Equatable {
    public var transferID: String
    public var reason: String
    public init(transferID: String, reason: String) {
        self.transferID = transferID
        self.reason = reason
    }
}

/// The source asking the target to withdraw a transfer (`transfers.withdraw`, service only): the source's record,
/// so that a target that never got the offer still records the withdrawal and refuses a late offer.
public struct TransferWithdrawal: Codable, Sendable, Equatable {
    public var transfer: TrajectoryTransfer
    public var reason: String
    public init(transfer: TrajectoryTransfer, reason: String) {
        self.transfer = transfer
        self.reason = reason
    }
}

/// Transfers of this region, newest first, a page at a time.
public struct TransferListRequest: Codable, Sendable, Equatable {
    public var direction: TransferDirection?
    public var state: TransferState?
    /// 1...500; default 50.
    public var limit: Int?
    /// The `next` of the previous page.
    public var after: String?
    public init(direction: TransferDirection? = nil, state: TransferState? = nil, limit: Int? = nil, after: String? = nil) {
        self.direction = direction
        self.state = state
        self.limit = limit
        self.after = after
    }
}

/// A page of transfers; `next` asks for the following one (nil: no more).
public struct TransferPage: Codable, Sendable, Equatable {
    public var transfers: [TrajectoryTransfer]
    public var next: String?
    public init(transfers: [TrajectoryTransfer], next: String?) {
        self.transfers = transfers
        self.next = next
    }
}

/// Asks a region which trajectories of a person it has (`transfers.findLive`, service only): the check across
/// regions before signing.
public struct LiveTrajectoryQuery: Codable, Sendable, Equatable {
    /// Intake's person id (`<region>-p<number>`), the same in every region.
    public var personID: String
    public init(personID: String) { self.personID = personID }
}

/// A region's answer: the person's live trajectory there (frozen for a transfer counts as live), and where the
/// ones that moved away went.
public struct LiveTrajectoryAnswer: Codable, Sendable, Equatable {
    public var region: String
    public var live: String?
    public var movedTo: [TrajectoryTombstone]
    public init(region: String, live: String?, movedTo: [TrajectoryTombstone]) {
        self.region = region
        self.live = live
        self.movedTo = movedTo
    }
}

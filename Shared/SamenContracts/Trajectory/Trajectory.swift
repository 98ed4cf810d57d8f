import SamenReferenceData

/// One of the four parts of a civic-integration trajectory (DOMAIN.md, "trajectory").
public enum TrajectoryComponent: String, Codable, Sendable, CaseIterable {
    /// Maatschappelijke oriëntatie: the course on Flemish society, in the person's language or a contact language.
    case mo
    /// The basic Dutch course.
    case nt2
    /// Loopbaanoriëntatie: career orientation.
    case llo
    /// Trajectbegeleiding: guidance by a counsellor.
    case trajectbegeleiding
}

/// Where a component stands. `planned` → `in-progress` → `completed`; `exempted` or `stopped` from planned or in
/// progress. Completed, exempted and stopped are final.
public enum ComponentState: String, Codable, Sendable, CaseIterable {
    case planned
    case inProgress = "in-progress"
    case completed
    case exempted
    case stopped

    public var isFinal: Bool { self == .completed || self == .exempted || self == .stopped }
}

/// A component of one trajectory: its state, when it started and ended, and why it was stopped or exempted.
public struct ComponentStatus: Codable, Sendable, Equatable {
    public var component: TrajectoryComponent
    /// Required for the certificate (docs/TRAJECTORY.md, "Required components").
    public var required: Bool
    public var state: ComponentState
    public var startedOn: CivilDate?
    /// The day it was completed, exempted or stopped.
    public var endedOn: CivilDate?
    /// Why it was stopped or exempted (required for those two states).
    public var reason: String?

    public init(component: TrajectoryComponent, required: Bool, state: ComponentState = .planned, startedOn: CivilDate? = nil,
                endedOn: CivilDate? = nil, reason: String? = nil) {
        self.component = component
        self.required = required
        self.state = state
        self.startedOn = startedOn
        self.endedOn = endedOn
        self.reason = reason
    }
}

/// One period a counsellor had the trajectory; the last one without `until` is the current one.
public struct CounsellorAssignment: Codable, Sendable, Equatable {
    /// The counsellor's staff user id (as in their certificate).
    public var user: String
    public var from: CivilDate
    public var until: CivilDate?
    /// `assigned at signing`, or the reason a reassignment gave.
    public var reason: String

    public init(user: String, from: CivilDate, until: CivilDate? = nil, reason: String) {
        self.user = user
        self.from = from
        self.until = until
        self.reason = reason
    }
}

/// A person's trajectory in one region, opened by signing the civic-integration contract. `version` rises with every
/// change; a change names the version it read.
public struct TrajectoryFile: Codable, Sendable, Equatable {
    /// `<region>-t<number>`.
    public var trajectoryID: String
    public var region: String
    public var version: Int64
    /// The person's file at intake, and the region that keeps it.
    public var personID: String
    public var personRegion: String
    /// The doelgroep decided at intake when the contract was signed.
    public var doelgroep: Doelgroep
    public var signedOn: CivilDate
    /// The current counsellor's user id; nil while the trajectory is unassigned.
    public var counsellor: String?
    /// Every assignment, oldest first.
    public var counsellorHistory: [CounsellorAssignment]
    /// One per component, in `TrajectoryComponent.allCases` order.
    public var components: [ComponentStatus]
    /// The counsellor's referrals, oldest first; nil (files stored before referrals existed) or empty: none.
    public var referrals: [Referral]?
    /// The certificate, once issued; it ends the trajectory's live state.
    public var certificate: Certificate?
    /// MO exemption test bookings, oldest first, with their results (docs/TRAJECTORY-EXEMPTION.md); nil in files
    /// stored before the test existed, which is the same as none.
    public var exemptionTests: [ExemptionBooking]?
    /// The regions it moved in from, oldest first; nil: signed here.
    public var origins: [TrajectoryOrigin]?
    /// Set when it moved to another region: this copy is read-only and points to the live one.
    public var tombstone: TrajectoryTombstone?

    public init(trajectoryID: String, region: String, version: Int64, personID: String, personRegion: String, doelgroep: Doelgroep,
                signedOn: CivilDate, counsellor: String?, counsellorHistory: [CounsellorAssignment], components: [ComponentStatus],
                referrals: [Referral]? = nil, certificate: Certificate? = nil, exemptionTests: [ExemptionBooking]? = nil,
                origins: [TrajectoryOrigin]? = nil, tombstone: TrajectoryTombstone? = nil) {
        self.referrals = referrals
        self.certificate = certificate
        self.exemptionTests = exemptionTests
        self.origins = origins
        self.tombstone = tombstone
        self.trajectoryID = trajectoryID
        self.region = region
        self.version = version
        self.personID = personID
        self.personRegion = personRegion
        self.doelgroep = doelgroep
        self.signedOn = signedOn
        self.counsellor = counsellor
        self.counsellorHistory = counsellorHistory
        self.components = components
    }
}

/// A trajectory and the version a change was made against.
public struct TrajectoryReference: Codable, Sendable, Equatable {
    public var trajectoryID: String
    public var version: Int64
    public init(trajectoryID: String, version: Int64) {
        self.trajectoryID = trajectoryID
        self.version = version
    }
}

extension TrajectoryFile {
    /// The trajectory at the version this copy was read at: what a change names.
    public var reference: TrajectoryReference { TrajectoryReference(trajectoryID: trajectoryID, version: version) }
}

/// Signs the contract of a person registered at this region's intake.
public struct SignRequest: Codable, Sendable, Equatable {
    /// Intake's person id (`<region>-p<number>`).
    public var personID: String
    /// The day of signing; nil is today. Not in the future, not before the registration.
    public var signedOn: CivilDate?
    public init(personID: String, signedOn: CivilDate? = nil) {
        self.personID = personID
        self.signedOn = signedOn
    }
}

/// Asks for one trajectory.
public struct TrajectoryRequest: Codable, Sendable, Equatable {
    public var trajectoryID: String
    public init(trajectoryID: String) { self.trajectoryID = trajectoryID }
}

/// Trajectories signed in a period, of one counsellor or unassigned, newest first, a page at a time. Trajectories
/// that moved to another region are listed with `transferredTo` set.
public struct TrajectoryListRequest: Codable, Sendable, Equatable {
    public var from: CivilDate?
    public var through: CivilDate?
    /// Only this counsellor's (user id).
    public var counsellor: String?
    /// Only trajectories without a counsellor that can be assigned one here (not those that moved away); true
    /// excludes `counsellor`.
    public var unassigned: Bool?
    /// 1...500; default 50.
    public var limit: Int?
    /// The `next` of the previous page.
    public var after: String?

    public init(from: CivilDate? = nil, through: CivilDate? = nil, counsellor: String? = nil, unassigned: Bool? = nil,
                limit: Int? = nil, after: String? = nil) {
        self.from = from
        self.through = through
        self.counsellor = counsellor
        self.unassigned = unassigned
        self.limit = limit
        self.after = after
    }
}

/// A line per trajectory for lists.
public struct TrajectorySummary: Codable, Sendable, Equatable {
    public var trajectoryID: String
    public var personID: String
    public var doelgroep: Doelgroep
    public var signedOn: CivilDate
    public var counsellor: String?
    /// Set for a trajectory that moved to another region: its tombstone here, read-only, naming where it is now.
    public var transferredTo: TrajectoryTombstone?
    public init(trajectoryID: String, personID: String, doelgroep: Doelgroep, signedOn: CivilDate, counsellor: String?,
                transferredTo: TrajectoryTombstone? = nil) {
        self.trajectoryID = trajectoryID
        self.personID = personID
        self.doelgroep = doelgroep
        self.signedOn = signedOn
        self.counsellor = counsellor
        self.transferredTo = transferredTo
    }
}

/// A page of trajectories; `next` asks for the following one (nil: no more).
public struct TrajectoryPage: Codable, Sendable, Equatable {
    public var trajectories: [TrajectorySummary]
    public var next: String?
    public init(trajectories: [TrajectorySummary], next: String?) {
        self.trajectories = trajectories
        self.next = next
    }
}

/// Moves one component to a new state at the trajectory's version.
public struct ComponentUpdate: Codable, Sendable, Equatable {
    public var trajectory: TrajectoryReference
    public var component: TrajectoryComponent
    public var state: ComponentState
    /// The day of the change; nil is today. Not in the future, not before signing.
    public var on: CivilDate?
    /// Required for `stopped` and `exempted`, 1...200 characters; never personal data.
    public var reason: String?

    public init(trajectory: TrajectoryReference, component: TrajectoryComponent, state: ComponentState, on: CivilDate? = nil, reason: String? = nil) {
        self.trajectory = trajectory
        self.component = component
        self.state = state
        self.on = on
        self.reason = reason
    }
}

/// Gives a trajectory another counsellor (or none); the history keeps the earlier one.
public struct ReassignRequest: Codable, Sendable, Equatable {
    public var trajectory: TrajectoryReference
    /// The new counsellor's user id, an active counsellor of the region; nil leaves the trajectory unassigned.
    public var counsellor: String?
    /// 1...200 characters; never personal data.
    public var reason: String
    public init(trajectory: TrajectoryReference, counsellor: String?, reason: String) {
        self.trajectory = trajectory
        self.counsellor = counsellor
        self.reason = reason
    }
}

/// A counsellor of the region: the languages they counsel in and whether they take new trajectories.
public struct Counsellor: Codable, Sendable, Equatable {
    /// The staff user id of their certificate.
    public var user: String
    /// ISO 639-1 where it exists, else ISO 639-3; one or more.
    public var languages: [String]
    public var active: Bool
    public init(user: String, languages: [String], active: Bool = true) {
        self.user = user
        self.languages = languages
        self.active = active
    }
}

/// A counsellor and their caseload (live trajectories).
public struct CounsellorLoad: Codable, Sendable, Equatable {
    public var counsellor: Counsellor
    public var caseload: Int64
    public init(counsellor: Counsellor, caseload: Int64) {
        self.counsellor = counsellor
        self.caseload = caseload
    }
}

/// Every counsellor of the region, by user id.
public struct CounsellorList: Codable, Sendable, Equatable {
    public var counsellors: [CounsellorLoad]
    public init(counsellors: [CounsellorLoad]) { self.counsellors = counsellors }
}

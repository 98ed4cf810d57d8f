import SamenReferenceData

/// Where a counsellor refers a person (DOMAIN.md, trajectory; the 2019 annual report's list), with the Dutch
/// names staff use as raw values.
public enum ReferralKind: String, Codable, Sendable, CaseIterable {
    /// VDAB, for work.
    case vdabWork = "vdab-werk"
    /// A training centre, college or university, for a course or a programme.
    case education = "onderwijs"
    /// An association or volunteer work.
    case association = "vereniging"
    /// Leisure: sport, culture.
    case leisure = "vrije-tijd"
    /// Welfare: the OCMW (public social welfare centre).
    case welfareOCMW = "welzijn-ocmw"
    /// Welfare: a CAW (centre for general welfare work).
    case welfareCAW = "welzijn-caw"
    /// Childcare arranged because it is a condition for attending MO or NT2 (`condition` names which).
    case childcare = "kinderopvang"
}

/// What became of a referral. `pending` → `started` or `not-started`; `started` → `ended`. `not-started` and
/// `ended` are final.
public enum ReferralOutcome: String, Codable, Sendable, CaseIterable {
    case pending
    case started
    case notStarted = "not-started"
    case ended

    public var isFinal: Bool { self == .notStarted || self == .ended }
}

/// One referral, kept in the trajectory's file (so it moves with a transfer).
public struct Referral: Codable, Sendable, Equatable {
    /// 1, 2, ... within the trajectory.
    public var number: Int
    public var kind: ReferralKind
    public var referredOn: CivilDate
    /// The organisation referred to (`VDAB Gent`, `CAW Oost-Vlaanderen`): 1...120 characters, never a person.
    public var organisation: String
    /// For `kinderopvang` only, and required there: the component the childcare makes it possible to attend.
    public var condition: TrajectoryComponent?
    /// 0...200 characters; never personal data.
    public var note: String?
    public var outcome: ReferralOutcome
    /// The day of the last outcome other than `pending`.
    public var outcomeOn: CivilDate?

    public init(number: Int, kind: ReferralKind, referredOn: CivilDate, organisation: String, condition: TrajectoryComponent? = nil,
                note: String? = nil, outcome: ReferralOutcome = .pending, outcomeOn: CivilDate? = nil) {
        self.number = number
        self.kind = kind
        self.referredOn = referredOn
        self.organisation = organisation
        self.condition = condition
        self.note = note
        self.outcome = outcome
        self.outcomeOn = outcomeOn
    }
}

/// Adds a referral to a trajectory at the version read; it starts `pending`.
public struct ReferralRequest: Codable, Sendable, Equatable {
    public var trajectory: TrajectoryReference
    public var kind: ReferralKind
    /// Nil is today; not in the future, not before the contract was signed.
    public var referredOn: CivilDate?
    public var organisation: String
    public var condition: TrajectoryComponent?
    public var note: String?

    public init(trajectory: TrajectoryReference, kind: ReferralKind, referredOn: CivilDate? = nil, organisation: String,
                condition: TrajectoryComponent? = nil, note: String? = nil) {
        self.trajectory = trajectory
        self.kind = kind
        self.referredOn = referredOn
        self.organisation = organisation
        self.condition = condition
        self.note = note
    }
}

/// Records a referral's outcome at the trajectory's version.
public struct ReferralOutcomeUpdate: Codable, Sendable, Equatable {
    public var trajectory: TrajectoryReference
    /// The referral's `number`.
    public var referral: Int
    public var outcome: ReferralOutcome
    /// Nil is today; not in the future, not before the referral (or its previous outcome).
    public var on: CivilDate?

    public init(trajectory: TrajectoryReference, referral: Int, outcome: ReferralOutcome, on: CivilDate? = nil) {
        self.trajectory = trajectory
        self.referral = referral
        self.outcome = outcome
        self.on = on
    }
}

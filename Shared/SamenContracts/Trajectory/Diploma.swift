import SamenReferenceData

/// Whom a diploma recognition file (diplomagelijkschakeling) is for, as the annual report counts them.
public enum DiplomaFileKind: String, Codable, Sendable, CaseIterable {
    /// A person with a trajectory in the region (`trajectoryID` names it).
    case inburgeraar
    /// A person who is not an inburgeraar.
    case other = "niet-inburgeraar"
    /// A person VDAB referred.
    case vdab = "doorverwijzing-vdab"
}

/// Where a recognition file stands. `opened` → `sent-to-naric` or `withdrawn`; `sent-to-naric` → `recognised`,
/// `partially-recognised`, `refused` or `withdrawn`. The last four are final.
public enum DiplomaFileState: String, Codable, Sendable, CaseIterable {
    case opened
    /// The application went to NARIC-Vlaanderen, which decides.
    case sentToNARIC = "sent-to-naric"
    case recognised
    case partiallyRecognised = "partially-recognised"
    case refused
    case withdrawn

    public var isFinal: Bool { self != .opened && self != .sentToNARIC }
}

/// One state a file was in, from a day.
public struct DiplomaStateChange: Codable, Sendable, Equatable {
    public var state: DiplomaFileState
    public var on: CivilDate
    /// 0...200 characters; never personal data.
    public var note: String?
    public init(state: DiplomaFileState, on: CivilDate, note: String? = nil) {
        self.state = state
        self.on = on
        self.note = note
    }
}

/// A diploma recognition file of the region: a record of its own, not part of a trajectory (a file of a person
/// who is not an inburgeraar has none). It holds no personal data beyond intake's person id, where there is one.
public struct DiplomaFile: Codable, Sendable, Equatable {
    /// `<region>-d<n>`.
    public var diplomaID: String
    public var region: String
    public var version: Int64
    public var kind: DiplomaFileKind
    /// The trajectory, for `inburgeraar` only.
    public var trajectoryID: String?
    /// Intake's person id, when the person has a file at intake (always for `inburgeraar`).
    public var personID: String?
    public var openedOn: CivilDate
    public var state: DiplomaFileState
    /// Every state, oldest first; the last is `state`.
    public var history: [DiplomaStateChange]

    public init(diplomaID: String, region: String, version: Int64, kind: DiplomaFileKind, trajectoryID: String?, personID: String?,
                openedOn: CivilDate, state: DiplomaFileState, history: [DiplomaStateChange]) {
        self.diplomaID = diplomaID
        self.region = region
        self.version = version
        self.kind = kind
        self.trajectoryID = trajectoryID
        self.personID = personID
        self.openedOn = openedOn
        self.state = state
        self.history = history
    }
}

/// Opens a recognition file.
public struct DiplomaOpenRequest: Codable, Sendable, Equatable {
    public var kind: DiplomaFileKind
    /// Required for `inburgeraar`, refused for the other kinds.
    public var trajectoryID: String?
    /// Intake's person id (`<region>-p<n>`), optional for the other kinds; for `inburgeraar` it comes from the
    /// trajectory (a different one is refused).
    public var personID: String?
    /// Nil is today; not in the future.
    public var openedOn: CivilDate?

    public init(kind: DiplomaFileKind, trajectoryID: String? = nil, personID: String? = nil, openedOn: CivilDate? = nil) {
        self.kind = kind
        self.trajectoryID = trajectoryID
        self.personID = personID
        self.openedOn = openedOn
    }
}

/// A recognition file and the version a change was made against.
public struct DiplomaReference: Codable, Sendable, Equatable {
    public var diplomaID: String
    public var version: Int64
    public init(diplomaID: String, version: Int64) {
        self.diplomaID = diplomaID
        self.version = version
    }
}

/// Moves a recognition file to its next state.
public struct DiplomaStateUpdate: Codable, Sendable, Equatable {
    public var file: DiplomaReference
    public var state: DiplomaFileState
    /// Nil is today; not in the future, not before the previous state.
    public var on: CivilDate?
    public var note: String?

    public init(file: DiplomaReference, state: DiplomaFileState, on: CivilDate? = nil, note: String? = nil) {
        self.file = file
        self.state = state
        self.on = on
        self.note = note
    }
}

/// Asks for one recognition file.
public struct DiplomaRequest: Codable, Sendable, Equatable {
    public var diplomaID: String
    public init(diplomaID: String) { self.diplomaID = diplomaID }
}

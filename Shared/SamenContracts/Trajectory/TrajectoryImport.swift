import SamenReferenceData

/// A trajectory of a previous system, as the historical import sends it (docs/TRAJECTORY-RECORDS.md, "Import").
public struct TrajectoryImport: Codable, Sendable, Equatable {
    /// Intake's person id (`<region>-p<n>`), as intake's own import gave it.
    public var personID: String
    /// The region whose intake keeps the person; nil is the importing region.
    public var personRegion: String?
    /// The doelgroep when the contract was signed: verplicht or rechthebbend.
    public var doelgroep: Doelgroep
    public var signedOn: CivilDate
    /// The counsellor's staff user id at the end of the old record, if any.
    public var counsellor: String?
    /// The components the old system recorded; a component it does not list is `planned`.
    public var components: [ImportedComponent]
    /// The day the certificate was issued, if it was; the import gives it a number of this region.
    public var certificateIssuedOn: CivilDate?

    public init(personID: String, personRegion: String? = nil, doelgroep: Doelgroep, signedOn: CivilDate, counsellor: String? = nil,
                components: [ImportedComponent], certificateIssuedOn: CivilDate? = nil) {
        self.personID = personID
        self.personRegion = personRegion
        self.doelgroep = doelgroep
        self.signedOn = signedOn
        self.counsellor = counsellor
        self.components = components
        self.certificateIssuedOn = certificateIssuedOn
    }
}

/// One component of an imported trajectory with its dates: `in-progress` needs `startedOn`; `completed` both
/// dates; `exempted` and `stopped` `endedOn` and a reason; `planned` neither.
public struct ImportedComponent: Codable, Sendable, Equatable {
    public var component: TrajectoryComponent
    public var state: ComponentState
    public var startedOn: CivilDate?
    public var endedOn: CivilDate?
    public var reason: String?

    public init(component: TrajectoryComponent, state: ComponentState, startedOn: CivilDate? = nil, endedOn: CivilDate? = nil, reason: String? = nil) {
        self.component = component
        self.state = state
        self.startedOn = startedOn
        self.endedOn = endedOn
        self.reason = reason
    }
}

import SamenReferenceData

/// A new inhabitant (instroom) as the municipality's population register reports it: someone settled in the region.
/// The report's inflow by nationality counts these, not registrations.
public struct Settlement: Codable, Sendable, Equatable {
    public var insz: String?
    /// For the invitation letter; the register gives it.
    public var name: PersonName?
    public var birthDate: CivilDate
    public var sex: Sex?
    public var nationalities: [String]
    /// NIS code or name of the municipality settled in.
    public var municipality: String
    public var settledOn: CivilDate
    public var arrivalDate: CivilDate?
    public var residencePermit: ResidencePermit?
    public var bornAbroad: Bool?
    public var parentBornAbroad: Bool?
    public var firstRegistrationInFlanders: Bool?

    public init(insz: String? = nil, name: PersonName? = nil, birthDate: CivilDate, sex: Sex? = nil, nationalities: [String],
                municipality: String, settledOn: CivilDate, arrivalDate: CivilDate? = nil, residencePermit: ResidencePermit? = nil,
                bornAbroad: Bool? = nil, parentBornAbroad: Bool? = nil, firstRegistrationInFlanders: Bool? = nil) {
        self.insz = insz
        self.name = name
        self.birthDate = birthDate
        self.sex = sex
        self.nationalities = nationalities
        self.municipality = municipality
        self.settledOn = settledOn
        self.arrivalDate = arrivalDate
        self.residencePermit = residencePermit
        self.bornAbroad = bornAbroad
        self.parentBornAbroad = parentBornAbroad
        self.firstRegistrationInFlanders = firstRegistrationInFlanders
    }
}

/// A settlement as intake keeps it: with its id, its doelgroep decision and the registration that followed, if any.
public struct SettlementFile: Codable, Sendable, Equatable {
    public var settlementID: String
    public var settlement: Settlement
    public var decision: DoelgroepDecision
    /// The person's file once they registered (linked by INSZ or by the desk).
    public var personID: String?
    public init(settlementID: String, settlement: Settlement, decision: DoelgroepDecision, personID: String?) {
        self.settlementID = settlementID
        self.settlement = settlement
        self.decision = decision
        self.personID = personID
    }
}

/// Whom the desk should invite: settlements in a period without a registration yet, verplicht first.
public struct InvitationRequest: Codable, Sendable, Equatable {
    public var from: CivilDate
    public var through: CivilDate
    /// Only this doelgroep; nil: verplicht, rechthebbend and onbepaald (never niet-doelgroep).
    public var doelgroep: Doelgroep?
    /// 1...500, default 100.
    public var limit: Int?
    public var after: String?
    public init(from: CivilDate, through: CivilDate, doelgroep: Doelgroep? = nil, limit: Int? = nil, after: String? = nil) {
        self.from = from
        self.through = through
        self.doelgroep = doelgroep
        self.limit = limit
        self.after = after
    }
}

/// A page of settlements to invite.
public struct InvitationPage: Codable, Sendable, Equatable {
    public var settlements: [SettlementFile]
    public var next: String?
    public init(settlements: [SettlementFile], next: String?) {
        self.settlements = settlements
        self.next = next
    }
}

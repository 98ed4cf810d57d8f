// The doelgroep decision's contract: the facts it needs, what it answers. The rules are intake's
// (Services/intake/IntakeService/Doelgroep/); every rule and reason code is described in docs/DOELGROEP.md.
import SamenReferenceData

/// Which civic-integration target group a person belongs to under the Flemish integration and civic-integration
/// decree of 7 June 2013, as decided by intake's rules.
public enum Doelgroep: String, Codable, Sendable, Equatable, CaseIterable {
    /// Obliged to follow a civic-integration trajectory (inburgeringsplicht).
    case verplicht
    /// Entitled to a trajectory but not obliged.
    case rechthebbend
    /// Facts are missing to decide; the decision lists which.
    case onbepaald
    /// Not in the target group (a minor, a short stay, a Belgian born in Belgium, ...).
    case nietDoelgroep = "niet-doelgroep"
}

/// Why a decision came out as it did: one code per rule, stable on the wire and in stored decisions (a code is
/// never renamed or reused; a rule that changes meaning gets a new code).
public enum DoelgroepReason: String, Codable, Sendable, Equatable, CaseIterable {
    // verplicht
    /// Adult third-country national, first registered in a Flemish municipality with a stay of more than three months.
    case thirdCountryAdultLongStay = "third-country-adult-long-stay"
    /// Applicant for international protection in the procedure for more than four months (law before 1 March 2022).
    case protectionApplicantOverFourMonths = "protection-applicant-over-4-months"
    // rechthebbend
    /// Belgian born abroad with at least one parent born abroad.
    case belgianBornAbroad = "belgian-born-abroad"
    /// National of an EU or EEA member state or of Switzerland on the reference date.
    case euCitizen = "eu-citizen"
    /// Third-country family member of an EU, EEA or Swiss citizen (residence card F or F+).
    case euFamilyMember = "eu-family-member"
    /// Third-country national staying to work (exempt from the obligation under the 2019 law).
    case labourMigrant = "labour-migrant"
    /// 65 or older on the reference date: exempt from the obligation.
    case over65 = "over-65"
    /// Living in the Brussels-Capital Region, where the Flemish obligation does not apply.
    case brusselsResident = "brussels-resident"
    /// Not the first registration in a Flemish or Brussels municipality: the obligation arises only at the first.
    case notFirstRegistration = "not-first-registration"
    // niet-doelgroep
    /// Under 18 on the reference date: integration goes through education (school, OKAN reception class).
    case minor
    /// Living in a municipality outside the Flemish and Brussels-Capital Regions.
    case outsideFlandersAndBrussels = "outside-flanders-brussels"
    /// Belgian born in Belgium.
    case belgianBornInBelgium = "belgian-born-in-belgium"
    /// Belgian born abroad whose parents were both born in Belgium.
    case belgianParentsBornInBelgium = "belgian-parents-born-in-belgium"
    /// Without legal stay (not in the national register as a resident).
    case noLegalStay = "no-legal-stay"
    /// A stay of at most three months.
    case shortStay = "short-stay"
    /// A stay for a temporary purpose that cannot last longer than a year, even when extended.
    case temporaryPurpose = "temporary-purpose"
    /// Applicant for international protection for less than four months (law before 1 March 2022).
    case protectionApplicantUnderFourMonths = "protection-applicant-under-4-months"
    /// Applicant for international protection, excluded from the target group from 1 March 2022.
    case protectionApplicant = "protection-applicant"
    // onbepaald
    /// The facts in `DoelgroepDecision.missingFacts` are needed to decide.
    case missingFacts = "missing-facts"

    /// The doelgroep every decision with this reason has.
    public var doelgroep: Doelgroep {
        switch self {
        case .thirdCountryAdultLongStay, .protectionApplicantOverFourMonths: .verplicht
        case .belgianBornAbroad, .euCitizen, .euFamilyMember, .labourMigrant, .over65, .brusselsResident,
             .notFirstRegistration: .rechthebbend
        case .minor, .outsideFlandersAndBrussels, .belgianBornInBelgium, .belgianParentsBornInBelgium, .noLegalStay,
             .shortStay, .temporaryPurpose, .protectionApplicantUnderFourMonths, .protectionApplicant: .nietDoelgroep
        case .missingFacts: .onbepaald
        }
    }
}

/// The kind of residence a non-Belgian has, in the categories the decree distinguishes (the Belgian residence
/// cards they correspond to are named; docs/DOELGROEP.md says which rule each one meets).
public enum ResidencePermitKind: String, Codable, Sendable, Equatable, CaseIterable {
    /// EU, EEA or Swiss citizen registered under free movement: no permit needed (cards E, E+, EU, EU+).
    case noneNeeded = "none-needed"
    /// Third-country family member of an EU, EEA or Swiss citizen (cards F, F+).
    case euFamilyMember = "eu-family-member"
    /// Authorised for at most three months (arrival declaration, short-stay visa): not registered as a resident.
    case upToThreeMonths = "up-to-3-months"
    /// A stay for a temporary purpose that cannot last longer than a year even when extended (e.g. seasonal work,
    /// an au pair, a trainee).
    case temporaryPurpose = "temporary-purpose"
    /// Limited stay of more than three months (card A), e.g. family reunification; its end date is
    /// `DoelgroepFacts.permitValidUntil`.
    case limited
    /// Limited stay to work (single permit or work authorisation with card A).
    case labourMigrant = "labour-migrant"
    /// Unlimited stay (cards B, K, L).
    case unlimited
    /// Recognised refugee.
    case refugee
    /// Subsidiary protection.
    case subsidiaryProtection = "subsidiary-protection"
    /// Applicant for international protection (waiting register, attestation of registration / orange card).
    case protectionApplicant = "protection-applicant"
    /// No legal stay.
    case noLegalStay = "no-legal-stay"
}

/// One fact of `DoelgroepFacts`, named as its field is on the wire: what an onbepaald decision lists as missing.
public enum DoelgroepFact: String, Codable, Sendable, Equatable, CaseIterable, CodingKey {
    case birthDate
    case nationalities
    case bornAbroad
    case parentBornAbroad
    case permitKind
    case permitValidUntil
    case arrivalDate
    case firstRegistration
    case municipality
    case referenceDate
}

/// The facts a doelgroep decision is made from; each can be missing (nil), and the decision then says which
/// missing ones it needs. Intake validates the facts (codes, dates) before deciding; the rules take them as given.
public struct DoelgroepFacts: Codable, Sendable, Equatable {
    public typealias CodingKeys = DoelgroepFact

    public var birthDate: CivilDate?
    /// ISO 3166-1 alpha-2 codes (canonical uppercase), `XK` for Kosovo, `XA` for stateless. A person can have
    /// several. Unknown (`XX`) and undetermined (`XU`) say nothing: a list of only those, an empty list or nil is a
    /// missing fact.
    public var nationalities: [String]?
    /// For Belgians: born outside Belgium.
    public var bornAbroad: Bool?
    /// For Belgians born abroad: at least one parent was born outside Belgium.
    public var parentBornAbroad: Bool?
    public var permitKind: ResidencePermitKind?
    /// The last day of a `limited` permit's validity.
    public var permitValidUntil: CivilDate?
    /// Arrival in Belgium.
    public var arrivalDate: CivilDate?
    /// This is the person's first registration in the national register in a Flemish or Brussels municipality.
    public var firstRegistration: Bool?
    /// The municipality of residence, as its five-digit NIS code (`44021` Gent, `21004` Brussel).
    public var municipality: String?
    /// The date of the fact decided on (the registration at the desk, or the settlement the population register
    /// reported): ages, memberships and the law are taken as they stood on this date.
    public var referenceDate: CivilDate?

    public init(birthDate: CivilDate? = nil, nationalities: [String]? = nil, bornAbroad: Bool? = nil,
                parentBornAbroad: Bool? = nil, permitKind: ResidencePermitKind? = nil,
                permitValidUntil: CivilDate? = nil, arrivalDate: CivilDate? = nil, firstRegistration: Bool? = nil,
                municipality: String? = nil, referenceDate: CivilDate? = nil) {
        self.birthDate = birthDate
        self.nationalities = nationalities
        self.bornAbroad = bornAbroad
        self.parentBornAbroad = parentBornAbroad
        self.permitKind = permitKind
        self.permitValidUntil = permitValidUntil
        self.arrivalDate = arrivalDate
        self.firstRegistration = firstRegistration
        self.municipality = municipality
        self.referenceDate = referenceDate
    }
}

/// A doelgroep decision, returned as data and kept in the person's file history: what was decided, why, under
/// which version of the rules, and for onbepaald exactly which facts are needed.
public struct DoelgroepDecision: Codable, Sendable, Equatable {
    public var doelgroep: Doelgroep
    public var reason: DoelgroepReason
    /// The rule set that decided, `<year of the law it was written for>.<edition>` (e.g. `2019.1`): a stored
    /// decision is read with the rules of its version, and a re-decision under a newer version is a new entry.
    public var ruleSetVersion: String
    /// For onbepaald, the facts the rules need, in `DoelgroepFact` order; empty otherwise.
    public var missingFacts: [DoelgroepFact]
    /// The day the rules were run (not the reference date of the facts).
    public var decidedOn: CivilDate
    /// The provision of the decree (or of EU law) the reason rests on, in words.
    public var legalBasis: String

    public init(doelgroep: Doelgroep, reason: DoelgroepReason, ruleSetVersion: String, missingFacts: [DoelgroepFact],
                decidedOn: CivilDate, legalBasis: String) {
        self.doelgroep = doelgroep
        self.reason = reason
        self.ruleSetVersion = ruleSetVersion
        self.missingFacts = missingFacts
        self.decidedOn = decidedOn
        self.legalBasis = legalBasis
    }
}

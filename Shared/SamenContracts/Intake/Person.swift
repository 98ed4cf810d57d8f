import SamenReferenceData

/// A person's name as the desk writes it: given names and family name, in the person's own spelling (Unicode).
public struct PersonName: Codable, Sendable, Equatable {
    public var given: String
    public var family: String
    public init(given: String, family: String) {
        self.given = given
        self.family = family
    }
}

/// The residence permit the person showed at the desk (kind as in the doelgroep rules) and how long it is valid.
public struct ResidencePermit: Codable, Sendable, Equatable {
    public var kind: ResidencePermitKind
    /// Last day of validity; nil for a permit without an end.
    public var validUntil: CivilDate?
    public init(kind: ResidencePermitKind, validUntil: CivilDate? = nil) {
        self.kind = kind
        self.validUntil = validUntil
    }
}

/// A registration (aanmelding) at a desk: what the desk writes down about a person who comes in.
public struct Registration: Codable, Sendable, Equatable {
    /// The national register or bis number, 11 digits (dots, dashes and spaces allowed); nil when the person has none.
    public var insz: String?
    public var name: PersonName
    public var birthDate: CivilDate
    public var sex: Sex
    /// ISO 3166-1 alpha-2 (plus `XK` Kosovo and the codes for stateless and unknown); one or more.
    public var nationalities: [String]
    /// ISO 639-1 where it exists, else ISO 639-3; one or more.
    public var languages: [String]
    /// The municipality the person lives in, by NIS code or name (Flemish or Brussels).
    public var municipality: String
    /// Arrival in Belgium; not before birth, not in the future.
    public var arrivalDate: CivilDate?
    public var residencePermit: ResidencePermit?
    /// Facts the doelgroep rules need that the desk may not know yet: nil means "not known".
    public var bornAbroad: Bool?
    /// For a Belgian: whether a parent was born abroad (the rules for Belgians ask it).
    public var parentBornAbroad: Bool?
    public var firstRegistrationInFlanders: Bool?
    /// The desk (loket) of the region where the person registered, e.g. `gent-centrum`.
    public var desk: String
    /// The day of the registration; nil is today. An imported registration carries its original date.
    public var registeredOn: CivilDate?
    /// The settlement (new inhabitant) this registration follows up, when the desk knows it.
    public var settlementID: String?
    /// Register although another region could not be asked whether it has this INSZ (it was unavailable): the
    /// file is marked unverified and checked again when that region is back. Absent means false.
    public var unverified: Bool?

    public init(insz: String? = nil, name: PersonName, birthDate: CivilDate, sex: Sex, nationalities: [String], languages: [String],
                municipality: String, arrivalDate: CivilDate? = nil, residencePermit: ResidencePermit? = nil, bornAbroad: Bool? = nil,
                parentBornAbroad: Bool? = nil, firstRegistrationInFlanders: Bool? = nil, desk: String, registeredOn: CivilDate? = nil, settlementID: String? = nil,
                unverified: Bool? = nil) {
        self.insz = insz
        self.name = name
        self.birthDate = birthDate
        self.sex = sex
        self.nationalities = nationalities
        self.languages = languages
        self.municipality = municipality
        self.arrivalDate = arrivalDate
        self.residencePermit = residencePermit
        self.bornAbroad = bornAbroad
        self.parentBornAbroad = parentBornAbroad
        self.firstRegistrationInFlanders = firstRegistrationInFlanders
        self.desk = desk
        self.registeredOn = registeredOn
        self.settlementID = settlementID
        self.unverified = unverified
    }
}

/// Whether the file's INSZ was checked against every other region.
public struct CrossRegionCheck: Codable, Sendable, Equatable {
    /// Regions that could not be asked when the file was made: empty once every region confirmed.
    public var unverifiedRegions: [String]
    /// Regions that answered, after the file was made, that they also have a file for this INSZ: for the desk to
    /// look at (the files are linked, never merged).
    public var conflictingRegions: [String]
    public init(unverifiedRegions: [String] = [], conflictingRegions: [String] = []) {
        self.unverifiedRegions = unverifiedRegions
        self.conflictingRegions = conflictingRegions
    }
}

/// A referral of a minor to education (toeleiding onderwijs) instead of a trajectory.
public struct EducationReferral: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        /// OKAN: reception class for newly arrived non-Dutch-speaking pupils.
        case okan
        case regularSchool = "regular-school"
    }
    public var kind: Kind
    public var school: String
    public var referredOn: CivilDate
    public init(kind: Kind, school: String, referredOn: CivilDate) {
        self.kind = kind
        self.school = school
        self.referredOn = referredOn
    }
}

/// Another file that may be the same person (found by name and birth date), linked by the desk; never merged.
public struct PersonLink: Codable, Sendable, Equatable {
    public var region: String
    public var personID: String
    public var note: String
    public init(region: String, personID: String, note: String) {
        self.region = region
        self.personID = personID
        self.note = note
    }
}

/// A person's whole file at intake: the registration as corrected since, the doelgroep decisions (the current one
/// last), education referrals, NT2 records and links. `version` rises with every change; an update names it.
public struct PersonFile: Codable, Sendable, Equatable {
    public var personID: String
    public var region: String
    public var version: Int64
    /// Canonical 11 digits, or nil.
    public var insz: String?
    public var name: PersonName
    public var birthDate: CivilDate
    public var sex: Sex
    public var nationalities: [String]
    public var languages: [String]
    /// NIS code.
    public var municipality: String
    public var arrivalDate: CivilDate?
    public var residencePermit: ResidencePermit?
    public var bornAbroad: Bool?
    public var parentBornAbroad: Bool?
    public var firstRegistrationInFlanders: Bool?
    public var desk: String
    public var registeredOn: CivilDate
    public var settlementID: String?
    /// Under 18 on the day of registration: referred to education, no trajectory.
    public var minor: Bool
    public var crossRegion: CrossRegionCheck
    /// Every decision, oldest first; the last is the current one.
    public var decisions: [DoelgroepDecision]
    public var educationReferrals: [EducationReferral]
    public var nt2: [NT2Record]
    public var links: [PersonLink]

    /// The current doelgroep decision.
    public var doelgroep: DoelgroepDecision { decisions[decisions.count - 1] }

    public init(personID: String, region: String, version: Int64, insz: String?, name: PersonName, birthDate: CivilDate, sex: Sex,
                nationalities: [String], languages: [String], municipality: String, arrivalDate: CivilDate?,
                residencePermit: ResidencePermit?, bornAbroad: Bool?, parentBornAbroad: Bool?, firstRegistrationInFlanders: Bool?, desk: String,
                registeredOn: CivilDate, settlementID: String?, minor: Bool, crossRegion: CrossRegionCheck,
                decisions: [DoelgroepDecision], educationReferrals: [EducationReferral] = [], nt2: [NT2Record] = [],
                links: [PersonLink] = []) {
        self.personID = personID
        self.region = region
        self.version = version
        self.insz = insz
        self.name = name
        self.birthDate = birthDate
        self.sex = sex
        self.nationalities = nationalities
        self.languages = languages
        self.municipality = municipality
        self.arrivalDate = arrivalDate
        self.residencePermit = residencePermit
        self.bornAbroad = bornAbroad
        self.parentBornAbroad = parentBornAbroad
        self.firstRegistrationInFlanders = firstRegistrationInFlanders
        self.desk = desk
        self.registeredOn = registeredOn
        self.settlementID = settlementID
        self.minor = minor
        self.crossRegion = crossRegion
        self.decisions = decisions
        self.educationReferrals = educationReferrals
        self.nt2 = nt2
        self.links = links
    }
}

/// A short line per person for lists and searches: enough to pick the right file, nothing more.
public struct PersonSummary: Codable, Sendable, Equatable {
    public var personID: String
    public var region: String
    public var name: PersonName
    public var birthDate: CivilDate
    public var nationalities: [String]
    public var desk: String
    public var registeredOn: CivilDate
    public var doelgroep: Doelgroep
    public init(personID: String, region: String, name: PersonName, birthDate: CivilDate, nationalities: [String], desk: String,
                registeredOn: CivilDate, doelgroep: Doelgroep) {
        self.personID = personID
        self.region = region
        self.name = name
        self.birthDate = birthDate
        self.nationalities = nationalities
        self.desk = desk
        self.registeredOn = registeredOn
        self.doelgroep = doelgroep
    }
}

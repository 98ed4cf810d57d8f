import SamenReferenceData

/// Names a person's file and the version the caller read: every change of a file says which version it changes.
public struct FileReference: Codable, Sendable, Equatable {
    public var personID: String
    public var version: Int64
    public init(personID: String, version: Int64) {
        self.personID = personID
        self.version = version
    }
}

/// Corrections and added facts for a file; nil leaves a field as it is. Facts the doelgroep rules use re-decide
/// the doelgroep, and the new decision joins the file's history.
public struct PersonChanges: Codable, Sendable, Equatable {
    public var name: PersonName?
    public var birthDate: CivilDate?
    public var sex: Sex?
    public var nationalities: [String]?
    public var languages: [String]?
    public var municipality: String?
    public var arrivalDate: CivilDate?
    public var residencePermit: ResidencePermit?
    public var bornAbroad: Bool?
    public var parentBornAbroad: Bool?
    public var firstRegistrationInFlanders: Bool?
    /// Adds an INSZ to a file that had none (it is then checked across regions like a registration).
    public var insz: String?

    public init(name: PersonName? = nil, birthDate: CivilDate? = nil, sex: Sex? = nil, nationalities: [String]? = nil,
                languages: [String]? = nil, municipality: String? = nil, arrivalDate: CivilDate? = nil,
                residencePermit: ResidencePermit? = nil, bornAbroad: Bool? = nil, parentBornAbroad: Bool? = nil,
                firstRegistrationInFlanders: Bool? = nil,
                insz: String? = nil) {
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
        self.insz = insz
    }
}

/// Changes a file at the version the caller read.
public struct PersonUpdate: Codable, Sendable, Equatable {
    public var file: FileReference
    public var changes: PersonChanges
    public init(file: FileReference, changes: PersonChanges) {
        self.file = file
        self.changes = changes
    }
}

/// Refers a minor to education.
public struct EducationReferralRequest: Codable, Sendable, Equatable {
    public var file: FileReference
    public var referral: EducationReferral
    public init(file: FileReference, referral: EducationReferral) {
        self.file = file
        self.referral = referral
    }
}

/// Adds an NT2 record to a file (its `id` is given by the service).
public struct NT2RecordRequest: Codable, Sendable, Equatable {
    public var file: FileReference
    public var record: NT2Record
    public init(file: FileReference, record: NT2Record) {
        self.file = file
        self.record = record
    }
}

/// Links a file to another file that may be the same person (never merges them).
public struct LinkRequest: Codable, Sendable, Equatable {
    public var file: FileReference
    public var link: PersonLink
    public init(file: FileReference, link: PersonLink) {
        self.file = file
        self.link = link
    }
}

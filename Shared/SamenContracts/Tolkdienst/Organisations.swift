import SamenReferenceData

/// The sector an organisation using the service works in: the fixed list the annual report counts users by
/// (DOMAIN.md, "tolkdienst"). The Dutch names are the staff's words.
public enum Sector: String, Codable, Sendable, CaseIterable {
    case gezinEnMaatschappelijkWelzijn = "gezin-en-maatschappelijk-welzijn"
    case gezondheid
    case onderwijs
    case openbareDienstverlening = "openbare-dienstverlening"
    case socialeHuisvesting = "sociale-huisvesting"
    case tewerkstelling
    case integratieEnInburgering = "integratie-en-inburgering"
    case welzijnEnGezin = "welzijn-en-gezin"
    case andere
}

/// How the service reaches an organisation: a contact person's name, an e-mail address and a phone number.
public struct OrganisationContact: Codable, Sendable, Equatable {
    /// 1...120 characters.
    public var name: String
    /// 3...254 characters with one '@'.
    public var email: String
    /// 6...20 characters: digits, spaces and `+ / . ( ) -`.
    public var phone: String

    public init(name: String, email: String, phone: String) {
        self.name = name
        self.email = email
        self.phone = phone
    }
}

/// What a planner states about an organisation: its name, sector, contact, and its cooperation agreement.
public struct OrganisationInput: Codable, Sendable, Equatable {
    /// 1...120 characters.
    public var name: String
    public var sector: Sector
    public var contact: OrganisationContact
    /// The region the organisation belongs to; nil: the service's own region. It must be a region the service serves.
    public var region: String?
    /// The cooperation agreement's first day.
    public var agreementFrom: CivilDate
    /// Its last day; nil: open-ended.
    public var agreementUntil: CivilDate?

    public init(name: String, sector: Sector, contact: OrganisationContact, region: String? = nil, agreementFrom: CivilDate,
                agreementUntil: CivilDate? = nil) {
        self.name = name
        self.sector = sector
        self.contact = contact
        self.region = region
        self.agreementFrom = agreementFrom
        self.agreementUntil = agreementUntil
    }
}

/// An organisation (a user of the service) as stored: `id` is `<region>-o<n>`, `version` rises with each change.
public struct Organisation: Codable, Sendable, Equatable {
    public var id: String
    public var version: Int64
    public var name: String
    public var sector: Sector
    public var contact: OrganisationContact
    public var region: String
    public var agreementFrom: CivilDate
    public var agreementUntil: CivilDate?

    public init(id: String, version: Int64, name: String, sector: Sector, contact: OrganisationContact, region: String,
                agreementFrom: CivilDate, agreementUntil: CivilDate?) {
        self.id = id
        self.version = version
        self.name = name
        self.sector = sector
        self.contact = contact
        self.region = region
        self.agreementFrom = agreementFrom
        self.agreementUntil = agreementUntil
    }

    /// Whether the cooperation agreement covers `date` (both ends included).
    public func agreementCovers(_ date: CivilDate) -> Bool {
        agreementFrom <= date && agreementUntil.map { date <= $0 } ?? true
    }
}

/// A change of an organisation at the version the caller read.
public struct OrganisationUpdate: Codable, Sendable, Equatable {
    public var organisationID: String
    public var version: Int64
    public var organisation: OrganisationInput

    public init(organisationID: String, version: Int64, organisation: OrganisationInput) {
        self.organisationID = organisationID
        self.version = version
        self.organisation = organisation
    }
}

/// A page request for lists in id order: `limit` 1...500 (nil: 100), `after` the `next` of the previous page.
public struct TolkdienstPageRequest: Codable, Sendable, Equatable {
    public var limit: Int?
    public var after: String?
    public init(limit: Int? = nil, after: String? = nil) {
        self.limit = limit
        self.after = after
    }
}

/// A page of organisations in id order; `next` is given when there are more.
public struct OrganisationPage: Codable, Sendable, Equatable {
    public var organisations: [Organisation]
    public var next: String?
    public init(organisations: [Organisation], next: String?) {
        self.organisations = organisations
        self.next = next
    }
}

import SamenReferenceData

/// What an association is to the support desk (ondersteuningspunt): a recognised association of ethnic-cultural
/// minorities, one that is not (yet) recognised, or people who intend to form one.
public enum AssociationKind: String, Codable, Sendable, CaseIterable {
    case recognised
    case notRecognised = "not-recognised"
    /// People who intend to form an association: not founded yet.
    case forming
}

/// What an association works on; an association names 1...5. `women` makes it a women's organisation, which every
/// list and figure shows as such.
public enum AssociationFocus: String, Codable, Sendable, CaseIterable {
    case women
    case genderEquality = "gender-equality"
    case youth
    case religious
    case cultural
    case sport
    case education
    case welfare
    case homeland
    case other
}

/// What a contact person does in the association.
public enum ContactRole: String, Codable, Sendable, CaseIterable {
    case chair
    case secretary
    case treasurer
    case contact
}

/// A contact person: only what the desk needs to reach them (personal data: every read and change of an
/// association's file is recorded in the audit trail).
public struct ContactPerson: Codable, Sendable, Equatable {
    /// 1...120 characters.
    public var name: String
    public var role: ContactRole
    /// At least one of `phone` and `email`. Phone: 6...20 of digits, spaces, `+`, `/`, `.`, `-`.
    public var phone: String?
    /// 3...120 characters with one `@`.
    public var email: String?
    /// The language to reach them in (ISO 639-1, else 639-3), if not Dutch.
    public var language: String?

    public init(name: String, role: ContactRole, phone: String? = nil, email: String? = nil, language: String? = nil) {
        self.name = name
        self.role = role
        self.phone = phone
        self.email = email
        self.language = language
    }
}

/// Where an association is based: a municipality of the service's region (its NIS code or name; answered as the
/// NIS code), a street and a Belgian postal code.
public struct AssociationAddress: Codable, Sendable, Equatable {
    /// 1...120 characters: street and number.
    public var street: String
    /// Four digits, 1000...9999.
    public var postalCode: String
    public var municipality: String

    public init(street: String, postalCode: String, municipality: String) {
        self.street = street
        self.postalCode = postalCode
        self.municipality = municipality
    }
}

/// A new association as the desk records it.
public struct NewAssociation: Codable, Sendable, Equatable {
    /// 1...120 characters, unique in the region (case and accents ignored).
    public var name: String
    public var kind: AssociationKind
    public var address: AssociationAddress
    /// 1...5 distinct focuses.
    public var focus: [AssociationFocus]
    /// 0...10 languages the association works in (ISO 639-1, else 639-3).
    public var languages: [String]
    /// 0...5.
    public var contactPersons: [ContactPerson]
    /// Umbrella organisations it is a member of: 0...5 names of 1...120 characters.
    public var umbrellas: [String]
    /// Member of the gender network.
    public var genderNetwork: Bool
    /// Required unless `kind` is `forming` (which has none): not after today.
    public var foundedOn: CivilDate?
    /// Required when `kind` is `recognised`, and only then: on or after `foundedOn`, not after today.
    public var recognisedOn: CivilDate?

    public init(name: String, kind: AssociationKind, address: AssociationAddress, focus: [AssociationFocus], languages: [String] = [],
                contactPersons: [ContactPerson] = [], umbrellas: [String] = [], genderNetwork: Bool = false,
                foundedOn: CivilDate? = nil, recognisedOn: CivilDate? = nil) {
        self.name = name
        self.kind = kind
        self.address = address
        self.focus = focus
        self.languages = languages
        self.contactPersons = contactPersons
        self.umbrellas = umbrellas
        self.genderNetwork = genderNetwork
        self.foundedOn = foundedOn
        self.recognisedOn = recognisedOn
    }
}

/// A step in an association's status over time.
public enum AssociationStatus: String, Codable, Sendable, CaseIterable {
    /// Formed (people who intended to form one did; kind becomes not-recognised).
    case founded
    /// Recognised from `on` (kind becomes recognised).
    case recognised
    /// Recognition ended (kind becomes not-recognised).
    case recognitionEnded = "recognition-ended"
    /// Dissolved: the file is kept, but changes no more.
    case dissolved
}

/// One step of the status history, with the day it took effect.
public struct AssociationStatusEvent: Codable, Sendable, Equatable {
    public var status: AssociationStatus
    public var on: CivilDate
    /// Why, for an ended recognition or a dissolution: 1...200 characters.
    public var reason: String?

    public init(status: AssociationStatus, on: CivilDate, reason: String? = nil) {
        self.status = status
        self.on = on
        self.reason = reason
    }
}

/// An association's whole file, with its contact persons (reading it is recorded in the audit trail).
public struct AssociationFile: Codable, Sendable, Equatable {
    /// `<region>-v<n>`.
    public var associationID: String
    public var region: String
    /// Raised by one with every change; an update names the version it read.
    public var version: Int64
    public var name: String
    public var kind: AssociationKind
    public var address: AssociationAddress
    public var focus: [AssociationFocus]
    /// True when `focus` holds `women`.
    public var womensOrganisation: Bool
    public var genderNetwork: Bool
    public var languages: [String]
    public var contactPersons: [ContactPerson]
    public var umbrellas: [String]
    /// Oldest first; the dates never go back.
    public var history: [AssociationStatusEvent]

    public init(associationID: String, region: String, version: Int64, name: String, kind: AssociationKind, address: AssociationAddress,
                focus: [AssociationFocus], genderNetwork: Bool, languages: [String], contactPersons: [ContactPerson], umbrellas: [String],
                history: [AssociationStatusEvent]) {
        self.associationID = associationID
        self.region = region
        self.version = version
        self.name = name
        self.kind = kind
        self.address = address
        self.focus = focus
        womensOrganisation = focus.contains(.women)
        self.genderNetwork = genderNetwork
        self.languages = languages
        self.contactPersons = contactPersons
        self.umbrellas = umbrellas
        self.history = history
    }

    /// The last status that had taken effect on `date` (nil: not founded yet then).
    public func status(on date: CivilDate) -> AssociationStatus? {
        history.last { $0.on <= date }?.status
    }

    public var dissolved: Bool { history.last?.status == .dissolved }
}

/// Names an association at the version the caller read.
public struct AssociationReference: Codable, Sendable, Equatable {
    public var associationID: String
    public var version: Int64
    public init(associationID: String, version: Int64) {
        self.associationID = associationID
        self.version = version
    }
}

/// Asks for one association's file.
public struct AssociationRequest: Codable, Sendable, Equatable {
    public var associationID: String
    public init(associationID: String) { self.associationID = associationID }
}

/// The fields an update replaces; nil leaves a field as it is. Kind and status change through `recordStatus`.
public struct AssociationChanges: Codable, Sendable, Equatable {
    public var name: String?
    public var address: AssociationAddress?
    public var focus: [AssociationFocus]?
    public var languages: [String]?
    public var contactPersons: [ContactPerson]?
    public var umbrellas: [String]?
    public var genderNetwork: Bool?

    public init(name: String? = nil, address: AssociationAddress? = nil, focus: [AssociationFocus]? = nil, languages: [String]? = nil,
                contactPersons: [ContactPerson]? = nil, umbrellas: [String]? = nil, genderNetwork: Bool? = nil) {
        self.name = name
        self.address = address
        self.focus = focus
        self.languages = languages
        self.contactPersons = contactPersons
        self.umbrellas = umbrellas
        self.genderNetwork = genderNetwork
    }
}

/// Changes an association's fields at the version read.
public struct AssociationUpdate: Codable, Sendable, Equatable {
    public var association: AssociationReference
    public var changes: AssociationChanges
    public init(association: AssociationReference, changes: AssociationChanges) {
        self.association = association
        self.changes = changes
    }
}

/// Records a step in an association's status at the version read.
public struct StatusChange: Codable, Sendable, Equatable {
    public var association: AssociationReference
    public var status: AssociationStatus
    /// On or after the last step's day, not after today.
    public var on: CivilDate
    /// Required for `recognition-ended` and `dissolved`: 1...200 characters.
    public var reason: String?

    public init(association: AssociationReference, status: AssociationStatus, on: CivilDate, reason: String? = nil) {
        self.association = association
        self.status = status
        self.on = on
        self.reason = reason
    }
}

/// Which associations to list, in the order they were recorded; every filter is optional.
public struct AssociationListRequest: Codable, Sendable, Equatable {
    public var kind: AssociationKind?
    public var focus: AssociationFocus?
    public var womensOrganisation: Bool?
    public var genderNetwork: Bool?
    /// Dissolved associations are left out unless this is true.
    public var includeDissolved: Bool?
    /// 1...500; default 100.
    public var limit: Int?
    /// The `next` cursor of the previous page.
    public var after: String?

    public init(kind: AssociationKind? = nil, focus: AssociationFocus? = nil, womensOrganisation: Bool? = nil, genderNetwork: Bool? = nil,
                includeDissolved: Bool? = nil, limit: Int? = nil, after: String? = nil) {
        self.kind = kind
        self.focus = focus
        self.womensOrganisation = womensOrganisation
        self.genderNetwork = genderNetwork
        self.includeDissolved = includeDissolved
        self.limit = limit
        self.after = after
    }
}

/// An association in a list: no contact persons, so a list is not a read of personal data.
public struct AssociationSummary: Codable, Sendable, Equatable {
    public var associationID: String
    public var name: String
    public var kind: AssociationKind
    /// NIS code.
    public var municipality: String
    public var focus: [AssociationFocus]
    public var womensOrganisation: Bool
    public var genderNetwork: Bool
    public var dissolved: Bool

    public init(associationID: String, name: String, kind: AssociationKind, municipality: String, focus: [AssociationFocus],
                womensOrganisation: Bool, genderNetwork: Bool, dissolved: Bool) {
        self.associationID = associationID
        self.name = name
        self.kind = kind
        self.municipality = municipality
        self.focus = focus
        self.womensOrganisation = womensOrganisation
        self.genderNetwork = genderNetwork
        self.dissolved = dissolved
    }
}

/// A page of associations; `next` asks for the following page (nil: no more).
public struct AssociationPage: Codable, Sendable, Equatable {
    public var associations: [AssociationSummary]
    public var next: String?
    public init(associations: [AssociationSummary], next: String?) {
        self.associations = associations
        self.next = next
    }
}

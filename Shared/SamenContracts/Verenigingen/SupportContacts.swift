import SamenReferenceData

/// The level a support contact works on (informatief, administratief, inhoudelijk).
public enum SupportKind: String, Codable, Sendable, CaseIterable {
    case informative
    case administrative
    case substantive
}

/// What a support contact was about.
public enum SupportSubject: String, Codable, Sendable, CaseIterable {
    case statutes
    case recognition
    case subsidies
    case accounts
    case premises
    case events
    case volunteers
    case insurance
    case communication
    case networking
    case other
}

/// Something the desk promised to do after a contact, by a day.
public struct NewFollowUp: Codable, Sendable, Equatable {
    /// 1...200 characters, about the association's matter (not about a person).
    public var description: String
    /// On or after the contact's day, at most two years after it.
    public var due: CivilDate
    public init(description: String, due: CivilDate) {
        self.description = description
        self.due = due
    }
}

/// A support contact with an association, as a desk worker records it; the staff member is the caller's certificate.
public struct NewSupportContact: Codable, Sendable, Equatable {
    public var associationID: String
    /// Not after today.
    public var on: CivilDate
    public var kind: SupportKind
    public var subject: SupportSubject
    public var followUp: NewFollowUp?

    public init(associationID: String, on: CivilDate, kind: SupportKind, subject: SupportSubject, followUp: NewFollowUp? = nil) {
        self.associationID = associationID
        self.on = on
        self.kind = kind
        self.subject = subject
        self.followUp = followUp
    }
}

/// A follow-up and whether it is closed.
public struct FollowUp: Codable, Sendable, Equatable {
    public var description: String
    public var due: CivilDate
    public var closedOn: CivilDate?
    /// The staff user id who closed it.
    public var closedBy: String?

    public init(description: String, due: CivilDate, closedOn: CivilDate? = nil, closedBy: String? = nil) {
        self.description = description
        self.due = due
        self.closedOn = closedOn
        self.closedBy = closedBy
    }
}

/// A recorded support contact, with the association's name and its women's organisation and gender network marks.
public struct SupportContact: Codable, Sendable, Equatable {
    /// `<region>-c<n>`.
    public var contactID: String
    public var associationID: String
    public var associationName: String
    public var womensOrganisation: Bool
    public var genderNetwork: Bool
    public var on: CivilDate
    public var kind: SupportKind
    public var subject: SupportSubject
    /// The staff user id who had the contact.
    public var staff: String
    public var followUp: FollowUp?

    public init(contactID: String, associationID: String, associationName: String, womensOrganisation: Bool, genderNetwork: Bool,
                on: CivilDate, kind: SupportKind, subject: SupportSubject, staff: String, followUp: FollowUp?) {
        self.contactID = contactID
        self.associationID = associationID
        self.associationName = associationName
        self.womensOrganisation = womensOrganisation
        self.genderNetwork = genderNetwork
        self.on = on
        self.kind = kind
        self.subject = subject
        self.staff = staff
        self.followUp = followUp
    }
}

/// Which support contacts to list: by association and period, newest first.
public struct ContactListRequest: Codable, Sendable, Equatable {
    public var associationID: String?
    public var from: CivilDate?
    public var through: CivilDate?
    /// 1...500; default 100.
    public var limit: Int?
    /// The `next` cursor of the previous page.
    public var after: String?

    public init(associationID: String? = nil, from: CivilDate? = nil, through: CivilDate? = nil, limit: Int? = nil, after: String? = nil) {
        self.associationID = associationID
        self.from = from
        self.through = through
        self.limit = limit
        self.after = after
    }
}

/// The desk's open follow-ups, earliest due first.
public struct OpenFollowUpsRequest: Codable, Sendable, Equatable {
    /// Only those due on or before this day.
    public var dueThrough: CivilDate?
    /// Only those of contacts this staff user id had.
    public var staff: String?
    /// 1...500; default 100.
    public var limit: Int?
    /// The `next` cursor of the previous page.
    public var after: String?

    public init(dueThrough: CivilDate? = nil, staff: String? = nil, limit: Int? = nil, after: String? = nil) {
        self.dueThrough = dueThrough
        self.staff = staff
        self.limit = limit
        self.after = after
    }
}

/// A page of support contacts; `next` asks for the following page (nil: no more).
public struct SupportContactPage: Codable, Sendable, Equatable {
    public var contacts: [SupportContact]
    public var next: String?
    public init(contacts: [SupportContact], next: String?) {
        self.contacts = contacts
        self.next = next
    }
}

/// Closes a contact's open follow-up.
public struct CloseFollowUpRequest: Codable, Sendable, Equatable {
    public var contactID: String
    /// Default today; on or after the contact's day, not after today.
    public var closedOn: CivilDate?
    public init(contactID: String, closedOn: CivilDate? = nil) {
        self.contactID = contactID
        self.closedOn = closedOn
    }
}

/// A support contact of the previous system: the association by the external id it was imported under, and the
/// staff user id who had it.
public struct SupportContactImport: Codable, Sendable, Equatable {
    public var associationExternalID: String
    public var staff: String
    public var on: CivilDate
    public var kind: SupportKind
    public var subject: SupportSubject
    public var followUp: NewFollowUp?

    public init(associationExternalID: String, staff: String, on: CivilDate, kind: SupportKind, subject: SupportSubject, followUp: NewFollowUp? = nil) {
        self.associationExternalID = associationExternalID
        self.staff = staff
        self.on = on
        self.kind = kind
        self.subject = subject
        self.followUp = followUp
    }
}

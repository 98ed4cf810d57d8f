import SamenReferenceData

/// A network event (netwerkmoment) that brings associations together.
public struct NewNetworkEvent: Codable, Sendable, Equatable {
    /// Not after today.
    public var on: CivilDate
    /// 1...120 characters.
    public var theme: String
    /// 1...10 organisers (the agency, a city service, an association), each 1...120 characters.
    public var organisers: [String]
    /// 0...500 distinct association ids of the region that took part.
    public var participants: [String]
    /// People who attended: 1...100000.
    public var attendance: Int
    /// An event of the gender network (women's platform).
    public var genderNetwork: Bool

    public init(on: CivilDate, theme: String, organisers: [String], participants: [String], attendance: Int, genderNetwork: Bool = false) {
        self.on = on
        self.theme = theme
        self.organisers = organisers
        self.participants = participants
        self.attendance = attendance
        self.genderNetwork = genderNetwork
    }
}

/// An association that took part in an event, with its marks.
public struct EventParticipant: Codable, Sendable, Equatable {
    public var associationID: String
    public var name: String
    public var womensOrganisation: Bool
    public var genderNetwork: Bool
    public init(associationID: String, name: String, womensOrganisation: Bool, genderNetwork: Bool) {
        self.associationID = associationID
        self.name = name
        self.womensOrganisation = womensOrganisation
        self.genderNetwork = genderNetwork
    }
}

/// A recorded network event.
public struct NetworkEvent: Codable, Sendable, Equatable {
    /// `<region>-e<n>`.
    public var eventID: String
    public var on: CivilDate
    public var theme: String
    public var organisers: [String]
    public var participants: [EventParticipant]
    public var attendance: Int
    public var genderNetwork: Bool

    public init(eventID: String, on: CivilDate, theme: String, organisers: [String], participants: [EventParticipant], attendance: Int,
                genderNetwork: Bool) {
        self.eventID = eventID
        self.on = on
        self.theme = theme
        self.organisers = organisers
        self.participants = participants
        self.attendance = attendance
        self.genderNetwork = genderNetwork
    }
}

/// Events in a period, newest first.
public struct EventListRequest: Codable, Sendable, Equatable {
    public var from: CivilDate?
    public var through: CivilDate?
    /// 1...500; default 100.
    public var limit: Int?
    public var after: String?

    public init(from: CivilDate? = nil, through: CivilDate? = nil, limit: Int? = nil, after: String? = nil) {
        self.from = from
        self.through = through
        self.limit = limit
        self.after = after
    }
}

/// A page of events; `next` asks for the following page (nil: no more).
public struct NetworkEventPage: Codable, Sendable, Equatable {
    public var events: [NetworkEvent]
    public var next: String?
    public init(events: [NetworkEvent], next: String?) {
        self.events = events
        self.next = next
    }
}

import SamenReferenceData

/// What an organisation asks for: an interpreter in a language and mode, on a date, from a start for a duration.
public struct InterpretingRequestInput: Codable, Sendable, Equatable {
    /// The organisation asking (`<region>-o<n>`); its cooperation agreement must cover `date`.
    public var organisationID: String
    public var mode: InterpretingMode
    /// ISO 639 code (`SamenReferenceData.Language`).
    public var language: String
    /// Today or later.
    public var date: CivilDate
    /// Minutes after midnight (Europe/Brussels wall clock), 0...1439.
    public var startMinute: Int
    /// 15...480 minutes, ending on the same day.
    public var durationMinutes: Int
    /// Where, 1...200 characters: required for the on-site modes (on-site, group, group-conversation).
    public var place: String?
    /// The webcam link, 1...500 characters: required for webcam.
    public var link: String?
    /// The person concerned, as intake knows them (`<region>-p<n>`), and nothing else about them.
    public var personID: String?

    public init(organisationID: String, mode: InterpretingMode, language: String, date: CivilDate, startMinute: Int, durationMinutes: Int,
                place: String? = nil, link: String? = nil, personID: String? = nil) {
        self.organisationID = organisationID
        self.mode = mode
        self.language = language
        self.date = date
        self.startMinute = startMinute
        self.durationMinutes = durationMinutes
        self.place = place
        self.link = link
        self.personID = personID
    }
}

/// Where a request stands: `open` → `assigned` (a planner chose an interpreter) → `confirmed` (the interpreter
/// said yes; a decline makes it `open` again) → `completed` (hours recorded) or `no-show`; `cancelled` by the
/// organisation from open, assigned or confirmed.
public enum RequestState: String, Codable, Sendable, CaseIterable {
    case open
    case assigned
    case confirmed
    case completed
    case noShow = "no-show"
    case cancelled
}

/// Who did not come to a confirmed assignment.
public enum NoShowParty: String, Codable, Sendable, CaseIterable {
    /// The client (the organisation or the person) was not there.
    case client
    case interpreter
}

/// An organisation's cancellation: when, why, and whether it came late (less than
/// `InterpretingRequest.lateCancellationMinutes` before the start).
public struct Cancellation: Codable, Sendable, Equatable {
    /// When, in milliseconds since 1970; nil when not known (an imported cancellation).
    public var atMilliseconds: Int64?
    public var late: Bool
    public var reason: String
    public init(atMilliseconds: Int64?, late: Bool, reason: String) {
        self.atMilliseconds = atMilliseconds
        self.late = late
        self.reason = reason
    }
}

/// An interpreting request as stored: `id` is `<region>-r<n>`, `version` rises with each change.
public struct InterpretingRequest: Codable, Sendable, Equatable {
    /// A cancellation less than this many minutes before the start is late (24 hours).
    public static let lateCancellationMinutes = 24 * 60

    public var id: String
    public var version: Int64
    /// The organisation's region: the region whose interpreters are matched.
    public var region: String
    public var input: InterpretingRequestInput
    public var state: RequestState
    /// The interpreter assigned (assigned, confirmed, completed, no-show).
    public var interpreterID: String?
    /// Interpreters who declined this request; matching leaves them out.
    public var declinedBy: [String]
    public var cancellation: Cancellation?
    /// The minutes actually interpreted (completed).
    public var minutesInterpreted: Int?
    public var noShow: NoShowParty?

    public init(id: String, version: Int64, region: String, input: InterpretingRequestInput, state: RequestState = .open,
                interpreterID: String? = nil, declinedBy: [String] = [], cancellation: Cancellation? = nil,
                minutesInterpreted: Int? = nil, noShow: NoShowParty? = nil) {
        self.id = id
        self.version = version
        self.region = region
        self.input = input
        self.state = state
        self.interpreterID = interpreterID
        self.declinedBy = declinedBy
        self.cancellation = cancellation
        self.minutesInterpreted = minutesInterpreted
        self.noShow = noShow
    }
}

/// One request to read or match.
public struct RequestReference: Codable, Sendable, Equatable {
    public var requestID: String
    public init(requestID: String) { self.requestID = requestID }
}

/// Why matching left an interpreter out.
public enum ExclusionReason: String, Codable, Sendable, CaseIterable {
    /// Takes no new assignments.
    case inactive
    /// Does not interpret in the request's language.
    case language
    /// Does not accept the request's mode.
    case mode
    /// Does not work in the request's region.
    case region
    /// Outside their weekly hours, or an exception covers the time.
    case availability
    /// Assigned to another request at an overlapping time.
    case busy
    /// Free for the time itself, but another assignment is too close for the travel time around an on-site one.
    case travelTime = "travel-time"
    /// Declined this request before.
    case declined
}

/// A free interpreter for a request, best first.
public struct MatchCandidate: Codable, Sendable, Equatable {
    public var interpreterID: String
    public var name: String
    /// Their assignments on the request's date: fewer ranks first.
    public var assignmentsThatDay: Int
    public init(interpreterID: String, name: String, assignmentsThatDay: Int) {
        self.interpreterID = interpreterID
        self.name = name
        self.assignmentsThatDay = assignmentsThatDay
    }
}

/// An interpreter matching left out, with the first rule they failed and the detail.
public struct MatchExclusion: Codable, Sendable, Equatable {
    public var interpreterID: String
    public var reason: ExclusionReason
    public var detail: String
    public init(interpreterID: String, reason: ExclusionReason, detail: String) {
        self.interpreterID = interpreterID
        self.reason = reason
        self.detail = detail
    }
}

/// Matching's answer: the candidates best first, and every other interpreter with why they were left out.
public struct MatchResult: Codable, Sendable, Equatable {
    public var requestID: String
    public var candidates: [MatchCandidate]
    public var excluded: [MatchExclusion]
    public init(requestID: String, candidates: [MatchCandidate], excluded: [MatchExclusion]) {
        self.requestID = requestID
        self.candidates = candidates
        self.excluded = excluded
    }
}

/// A planner's assignment of an interpreter to a request, at the request's version the planner read.
public struct AssignRequest: Codable, Sendable, Equatable {
    public var requestID: String
    public var version: Int64
    public var interpreterID: String
    public init(requestID: String, version: Int64, interpreterID: String) {
        self.requestID = requestID
        self.version = version
        self.interpreterID = interpreterID
    }
}

/// A change of a request's state at the version read, with a reason where the change needs one (decline, cancel:
/// 1...200 characters).
public struct RequestChange: Codable, Sendable, Equatable {
    public var requestID: String
    public var version: Int64
    public var reason: String?
    public init(requestID: String, version: Int64, reason: String? = nil) {
        self.requestID = requestID
        self.version = version
        self.reason = reason
    }
}

/// The minutes actually interpreted on a confirmed assignment: 1...720.
public struct CompletionRequest: Codable, Sendable, Equatable {
    public var requestID: String
    public var version: Int64
    public var minutesInterpreted: Int
    public init(requestID: String, version: Int64, minutesInterpreted: Int) {
        self.requestID = requestID
        self.version = version
        self.minutesInterpreted = minutesInterpreted
    }
}

/// A no-show on a confirmed assignment: who did not come.
public struct NoShowRequest: Codable, Sendable, Equatable {
    public var requestID: String
    public var version: Int64
    public var absent: NoShowParty
    public init(requestID: String, version: Int64, absent: NoShowParty) {
        self.requestID = requestID
        self.version = version
        self.absent = absent
    }
}

/// Which requests to list: by date (both days included) and state, a page at a time in id order.
public struct RequestListRequest: Codable, Sendable, Equatable {
    public var from: CivilDate?
    public var through: CivilDate?
    public var state: RequestState?
    /// 1...500; nil: 100.
    public var limit: Int?
    /// The `next` of the previous page.
    public var after: String?

    public init(from: CivilDate? = nil, through: CivilDate? = nil, state: RequestState? = nil, limit: Int? = nil, after: String? = nil) {
        self.from = from
        self.through = through
        self.state = state
        self.limit = limit
        self.after = after
    }
}

/// A page of requests in id order; `next` is given when there are more.
public struct RequestPage: Codable, Sendable, Equatable {
    public var requests: [InterpretingRequest]
    public var next: String?
    public init(requests: [InterpretingRequest], next: String?) {
        self.requests = requests
        self.next = next
    }
}

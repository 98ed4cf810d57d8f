import SamenReferenceData

/// How an interpreter works for a request (the annual report's modes, and the interpreting phone line).
public enum InterpretingMode: String, Codable, Sendable, CaseIterable {
    /// A conversation, the interpreter on site.
    case onSite = "on-site"
    /// A conversation, the interpreter by webcam.
    case webcam
    /// The interpreting phone line.
    case phone
    /// Interpreting for a group (an information session), on site.
    case group
    /// A group conversation, on site.
    case groupConversation = "group-conversation"

    /// Whether the interpreter travels to the place: such an assignment keeps travel time free around it
    /// (docs/TOLKDIENST.md, "Travel time").
    public var isOnSite: Bool { self == .onSite || self == .group || self == .groupConversation }
}

/// Recurring weekly hours: on `weekday` (1 Monday ... 7 Sunday), from `fromMinute` until `untilMinute` (minutes
/// after midnight, 0...1440, from before until).
public struct WeeklyHours: Codable, Sendable, Equatable {
    public var weekday: Int
    public var fromMinute: Int
    public var untilMinute: Int
    public init(weekday: Int, fromMinute: Int, untilMinute: Int) {
        self.weekday = weekday
        self.fromMinute = fromMinute
        self.untilMinute = untilMinute
    }
}

/// A time the interpreter is not available despite their weekly hours (leave, illness): on `date`, from
/// `fromMinute` until `untilMinute` (nil: the whole day).
public struct AvailabilityException: Codable, Sendable, Equatable {
    public var date: CivilDate
    public var fromMinute: Int?
    public var untilMinute: Int?
    public init(date: CivilDate, fromMinute: Int? = nil, untilMinute: Int? = nil) {
        self.date = date
        self.fromMinute = fromMinute
        self.untilMinute = untilMinute
    }
}

/// A translator's language pair: from the source language into the target language (ISO 639 codes).
public struct LanguagePair: Codable, Sendable, Equatable, Hashable {
    public var from: String
    public var to: String
    public init(from: String, to: String) {
        self.from = from
        self.to = to
    }
}

/// What a planner states about an interpreter (and translator).
public struct InterpreterProfile: Codable, Sendable, Equatable {
    /// 1...120 characters: how planners and organisations know them.
    public var name: String
    /// 1...20 ISO 639 codes (`SamenReferenceData.Language`) they interpret in.
    public var languages: [String]
    /// 1...5 modes they accept.
    public var modes: [InterpretingMode]
    /// 1...20 regions they work in.
    public var regions: [String]
    /// 0...50 weekly hours.
    public var weekly: [WeeklyHours]
    /// 0...200 exceptions.
    public var exceptions: [AvailabilityException]
    /// 0...40 language pairs they translate; empty for an interpreter only.
    public var translationPairs: [LanguagePair]
    /// May make official (sworn) translations.
    public var sworn: Bool
    /// Takes new assignments.
    public var active: Bool

    public init(name: String, languages: [String], modes: [InterpretingMode], regions: [String], weekly: [WeeklyHours],
                exceptions: [AvailabilityException] = [], translationPairs: [LanguagePair] = [], sworn: Bool = false, active: Bool = true) {
        self.name = name
        self.languages = languages
        self.modes = modes
        self.regions = regions
        self.weekly = weekly
        self.exceptions = exceptions
        self.translationPairs = translationPairs
        self.sworn = sworn
        self.active = active
    }
}

/// An interpreter as stored: `id` is `<region>-i<n>` of the service whose calendar holds their assignments.
public struct Interpreter: Codable, Sendable, Equatable {
    public var id: String
    public var version: Int64
    public var profile: InterpreterProfile
    public init(id: String, version: Int64, profile: InterpreterProfile) {
        self.id = id
        self.version = version
        self.profile = profile
    }
}

/// A change of an interpreter's profile at the version the caller read.
public struct InterpreterUpdate: Codable, Sendable, Equatable {
    public var interpreterID: String
    public var version: Int64
    public var profile: InterpreterProfile
    public init(interpreterID: String, version: Int64, profile: InterpreterProfile) {
        self.interpreterID = interpreterID
        self.version = version
        self.profile = profile
    }
}

/// One interpreter to read.
public struct InterpreterRequest: Codable, Sendable, Equatable {
    public var interpreterID: String
    public init(interpreterID: String) { self.interpreterID = interpreterID }
}

/// A page of interpreters in id order; `next` is given when there are more.
public struct InterpreterPage: Codable, Sendable, Equatable {
    public var interpreters: [Interpreter]
    public var next: String?
    public init(interpreters: [Interpreter], next: String?) {
        self.interpreters = interpreters
        self.next = next
    }
}

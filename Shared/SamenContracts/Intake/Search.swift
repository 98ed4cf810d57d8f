import SamenReferenceData

/// Names one file.
public struct PersonRequest: Codable, Sendable, Equatable {
    public var personID: String
    public init(personID: String) { self.personID = personID }
}

/// Finds the file of an INSZ in this region.
public struct INSZRequest: Codable, Sendable, Equatable {
    public var insz: String
    public init(insz: String) { self.insz = insz }
}

/// Likely matches for a person without an INSZ: by name (any order, accents ignored) and birth date.
public struct MatchRequest: Codable, Sendable, Equatable {
    public var name: String
    public var birthDate: CivilDate
    /// Ask every other region's intake too (an unreachable region is named in `unavailableRegions`).
    public var acrossRegions: Bool
    public init(name: String, birthDate: CivilDate, acrossRegions: Bool = true) {
        self.name = name
        self.birthDate = birthDate
        self.acrossRegions = acrossRegions
    }
}

/// A file that may be the person looked for, with how closely the name matched (1 is the same tokens).
public struct LikelyMatch: Codable, Sendable, Equatable {
    public var person: PersonSummary
    public var score: Double
    public init(person: PersonSummary, score: Double) {
        self.person = person
        self.score = score
    }
}

/// The likely matches, best first, and the regions that could not be asked.
public struct MatchResponse: Codable, Sendable, Equatable {
    public var matches: [LikelyMatch]
    public var unavailableRegions: [String]
    public init(matches: [LikelyMatch], unavailableRegions: [String]) {
        self.matches = matches
        self.unavailableRegions = unavailableRegions
    }
}

/// The desk's lists: registrations in a period, by doelgroep and desk, a page at a time (newest first).
public struct ListRequest: Codable, Sendable, Equatable {
    public var from: CivilDate?
    public var through: CivilDate?
    public var doelgroep: Doelgroep?
    public var desk: String?
    /// 1...500, default 50.
    public var limit: Int?
    /// The `next` cursor of the previous page.
    public var after: String?
    public init(from: CivilDate? = nil, through: CivilDate? = nil, doelgroep: Doelgroep? = nil, desk: String? = nil,
                limit: Int? = nil, after: String? = nil) {
        self.from = from
        self.through = through
        self.doelgroep = doelgroep
        self.desk = desk
        self.limit = limit
        self.after = after
    }
}

/// A page of the list; `next` asks for the following page (nil: no more).
public struct PersonPage: Codable, Sendable, Equatable {
    public var persons: [PersonSummary]
    public var next: String?
    public init(persons: [PersonSummary], next: String?) {
        self.persons = persons
        self.next = next
    }
}

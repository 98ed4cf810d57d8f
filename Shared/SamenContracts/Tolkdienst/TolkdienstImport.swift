import SamenReferenceData

/// How a historical interpreting request ended.
public enum HistoricalOutcome: String, Codable, Sendable, CaseIterable {
    case completed
    case noShow = "no-show"
    case cancelled
    case cancelledLate = "cancelled-late"
}

/// An interpreting request of the previous system with its assignment and outcome, naming its organisation and
/// interpreter by the external ids they were imported under.
public struct HistoricalAssignment: Codable, Sendable, Equatable {
    public var organisationExternalID: String
    /// Required for completed and no-show; optional for a cancellation (nil: nobody had been assigned).
    public var interpreterExternalID: String?
    public var mode: InterpretingMode
    public var language: String
    public var date: CivilDate
    public var startMinute: Int
    public var durationMinutes: Int
    public var place: String?
    public var link: String?
    public var personID: String?
    public var outcome: HistoricalOutcome
    /// Completed: 1...720.
    public var minutesInterpreted: Int?
    /// No-show: who was absent.
    public var absent: NoShowParty?
    /// Cancellations: why (1...200 characters).
    public var reason: String?

    public init(organisationExternalID: String, interpreterExternalID: String?, mode: InterpretingMode, language: String, date: CivilDate,
                startMinute: Int, durationMinutes: Int, place: String? = nil, link: String? = nil, personID: String? = nil,
                outcome: HistoricalOutcome, minutesInterpreted: Int? = nil, absent: NoShowParty? = nil, reason: String? = nil) {
        self.organisationExternalID = organisationExternalID
        self.interpreterExternalID = interpreterExternalID
        self.mode = mode
        self.language = language
        self.date = date
        self.startMinute = startMinute
        self.durationMinutes = durationMinutes
        self.place = place
        self.link = link
        self.personID = personID
        self.outcome = outcome
        self.minutesInterpreted = minutesInterpreted
        self.absent = absent
        self.reason = reason
    }
}

/// How a historical translation ended.
public enum HistoricalTranslationOutcome: String, Codable, Sendable, CaseIterable {
    case delivered
    case cancelled
}

/// A translation of the previous system with its outcome, naming its organisation and translator by the external ids
/// they were imported under.
public struct HistoricalTranslation: Codable, Sendable, Equatable {
    public var organisationExternalID: String
    /// Required for a delivered translation.
    public var translatorExternalID: String?
    public var kind: TranslationKind
    public var documentKind: DocumentKind
    public var title: String
    public var pair: LanguagePair
    public var pages: Int
    public var deadline: CivilDate
    public var personID: String?
    public var outcome: HistoricalTranslationOutcome
    /// Delivered: the day it was.
    public var deliveredOn: CivilDate?
    /// Cancelled: why (1...200 characters).
    public var reason: String?

    public init(organisationExternalID: String, translatorExternalID: String?, kind: TranslationKind, documentKind: DocumentKind, title: String,
                pair: LanguagePair, pages: Int, deadline: CivilDate, personID: String? = nil, outcome: HistoricalTranslationOutcome,
                deliveredOn: CivilDate? = nil, reason: String? = nil) {
        self.organisationExternalID = organisationExternalID
        self.translatorExternalID = translatorExternalID
        self.kind = kind
        self.documentKind = documentKind
        self.title = title
        self.pair = pair
        self.pages = pages
        self.deadline = deadline
        self.personID = personID
        self.outcome = outcome
        self.deliveredOn = deliveredOn
        self.reason = reason
    }
}

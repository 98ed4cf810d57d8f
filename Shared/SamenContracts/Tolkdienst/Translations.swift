import SamenReferenceData

/// What a translation is for: informative (for an organisation, e.g. a hospital brochure) or official (a document a
/// citizen needs, made by a sworn translator).
public enum TranslationKind: String, Codable, Sendable, CaseIterable {
    case informative
    case official
}

/// The kind of document translated: what the translation library is searched by.
public enum DocumentKind: String, Codable, Sendable, CaseIterable {
    case brochure
    case letter
    case form
    case drivingLicence = "driving-licence"
    case birthCertificate = "birth-certificate"
    case diploma
    case other
}

/// Where a translation stands: `ordered` → `assigned` (a translator) → `delivered`; `cancelled` from ordered or
/// assigned. One taken from the library is `delivered` at once.
public enum TranslationState: String, Codable, Sendable, CaseIterable {
    case ordered
    case assigned
    case delivered
    case cancelled
}

/// An organisation's order of a translation.
public struct TranslationOrderInput: Codable, Sendable, Equatable {
    public var organisationID: String
    public var kind: TranslationKind
    public var documentKind: DocumentKind
    /// 1...200 characters: what the document is ("Welkom in het ziekenhuis").
    public var title: String
    public var pair: LanguagePair
    /// 1...500.
    public var pages: Int
    /// Today or later.
    public var deadline: CivilDate
    /// The citizen an official translation is for, as intake knows them (`<region>-p<n>`); nothing else about them.
    public var personID: String?
    /// Take this library entry instead of translating again (informative only): the order is delivered at once.
    public var libraryEntryID: String?
    /// Order a new translation even though the library has one that fits.
    public var declineLibrary: Bool?

    public init(organisationID: String, kind: TranslationKind, documentKind: DocumentKind, title: String, pair: LanguagePair, pages: Int,
                deadline: CivilDate, personID: String? = nil, libraryEntryID: String? = nil, declineLibrary: Bool? = nil) {
        self.organisationID = organisationID
        self.kind = kind
        self.documentKind = documentKind
        self.title = title
        self.pair = pair
        self.pages = pages
        self.deadline = deadline
        self.personID = personID
        self.libraryEntryID = libraryEntryID
        self.declineLibrary = declineLibrary
    }
}

/// A translation as stored: `id` is `<region>-v<n>`, `version` rises with each change.
public struct Translation: Codable, Sendable, Equatable {
    public var id: String
    public var version: Int64
    /// The organisation's region.
    public var region: String
    public var order: TranslationOrderInput
    public var state: TranslationState
    public var translatorID: String?
    public var deliveredOn: CivilDate?
    /// The library entry it was taken from, when it was not translated again.
    public var fromLibrary: String?
    /// The library entry its delivery added, if any.
    public var libraryEntryID: String?
    public var cancellationReason: String?

    public init(id: String, version: Int64, region: String, order: TranslationOrderInput, state: TranslationState = .ordered,
                translatorID: String? = nil, deliveredOn: CivilDate? = nil, fromLibrary: String? = nil, libraryEntryID: String? = nil,
                cancellationReason: String? = nil) {
        self.id = id
        self.version = version
        self.region = region
        self.order = order
        self.state = state
        self.translatorID = translatorID
        self.deliveredOn = deliveredOn
        self.fromLibrary = fromLibrary
        self.libraryEntryID = libraryEntryID
        self.cancellationReason = cancellationReason
    }
}

/// A delivered standard translation kept for reuse: `id` is `<region>-l<n>`.
public struct LibraryEntry: Codable, Sendable, Equatable {
    public var id: String
    public var documentKind: DocumentKind
    public var title: String
    public var pair: LanguagePair
    public var pages: Int
    /// The translation it came from.
    public var translationID: String
    public var addedOn: CivilDate

    public init(id: String, documentKind: DocumentKind, title: String, pair: LanguagePair, pages: Int, translationID: String, addedOn: CivilDate) {
        self.id = id
        self.documentKind = documentKind
        self.title = title
        self.pair = pair
        self.pages = pages
        self.translationID = translationID
        self.addedOn = addedOn
    }
}

/// The answer to an order: the translation, or, when the library holds translations that fit and the order neither
/// names one nor declines them, no translation and the entries on offer (nothing was stored).
public struct TranslationOrderResult: Codable, Sendable, Equatable {
    public var translation: Translation?
    public var offered: [LibraryEntry]
    public init(translation: Translation?, offered: [LibraryEntry]) {
        self.translation = translation
        self.offered = offered
    }
}

/// One translation to read.
public struct TranslationReference: Codable, Sendable, Equatable {
    public var translationID: String
    public init(translationID: String) { self.translationID = translationID }
}

/// A planner's assignment of a translator at the version read.
public struct TranslatorAssignment: Codable, Sendable, Equatable {
    public var translationID: String
    public var version: Int64
    public var translatorID: String
    public init(translationID: String, version: Int64, translatorID: String) {
        self.translationID = translationID
        self.version = version
        self.translatorID = translatorID
    }
}

/// A delivery at the version read; `addToLibrary` keeps an informative translation for reuse.
public struct TranslationDelivery: Codable, Sendable, Equatable {
    public var translationID: String
    public var version: Int64
    public var addToLibrary: Bool
    public init(translationID: String, version: Int64, addToLibrary: Bool = false) {
        self.translationID = translationID
        self.version = version
        self.addToLibrary = addToLibrary
    }
}

/// A cancellation at the version read, with a reason (1...200 characters).
public struct TranslationCancellation: Codable, Sendable, Equatable {
    public var translationID: String
    public var version: Int64
    public var reason: String
    public init(translationID: String, version: Int64, reason: String) {
        self.translationID = translationID
        self.version = version
        self.reason = reason
    }
}

/// What to look for in the library: each given part must fit (title: every word of it is a word of the entry's
/// title, case and accents aside; language: the pair's source or target).
public struct LibrarySearch: Codable, Sendable, Equatable {
    public var documentKind: DocumentKind?
    public var title: String?
    public var language: String?
    /// 1...500; nil: 100.
    public var limit: Int?
    public init(documentKind: DocumentKind? = nil, title: String? = nil, language: String? = nil, limit: Int? = nil) {
        self.documentKind = documentKind
        self.title = title
        self.language = language
        self.limit = limit
    }
}

/// Library entries, newest first.
public struct LibraryPage: Codable, Sendable, Equatable {
    public var entries: [LibraryEntry]
    public init(entries: [LibraryEntry]) { self.entries = entries }
}

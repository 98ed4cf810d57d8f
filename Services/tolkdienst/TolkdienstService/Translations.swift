import Foundation
import SamenAgencyKit
import SamenContracts
import SamenReferenceData
import SamenRPC
import SamenStorage

/// What a translation order must satisfy, each refusal naming its field (docs/TOLKDIENST.md, "Translations").
enum TranslationRules {
    static let pages = 1...500
    static let titleLength = 1...200

    static func check(_ order: TranslationOrderInput, today: CivilDate) throws(RPCError) -> TranslationOrderInput {
        var order = order
        try TolkdienstRules.id(order.organisationID, kind: "o", field: "organisationID")
        order.title = try TolkdienstRules.text(order.title, field: "title", length: titleLength)
        order.pair = try pair(order.pair, field: "pair")
        guard pages.contains(order.pages) else { throw TolkdienstRules.invalid("pages", "must be 1...500, not \(order.pages)") }
        guard order.deadline >= today else { throw TolkdienstRules.invalid("deadline", "(\(order.deadline)) is before today (\(today))") }
        if let person = order.personID { try TolkdienstRules.id(person, kind: "p", field: "personID") }
        if let entry = order.libraryEntryID {
            try TolkdienstRules.id(entry, kind: "l", field: "libraryEntryID")
            if order.kind == .official { throw TolkdienstRules.invalid("libraryEntryID", "is for informative translations; an official one is always made anew") }
        }
        return order
    }

    static func pair(_ pair: LanguagePair, field: String) throws(RPCError) -> LanguagePair {
        let checked = LanguagePair(from: try AgencyFields.language(pair.from, field: "\(field).from"),
                                   to: try AgencyFields.language(pair.to, field: "\(field).to"))
        guard checked.from != checked.to else { throw TolkdienstRules.invalid("\(field).to", "is the same language as 'from'") }
        return checked
    }

    /// Refuses (`failed_precondition`, details `field` and `reason`) a translator who may not make the translation:
    /// inactive (unless `historical`: the flag is today's), without the language pair, or not sworn for an official one.
    static func requireTranslator(_ translator: Interpreter, for order: TranslationOrderInput, field: String, historical: Bool = false) throws(RPCError) {
        func refuse(_ reason: String, _ problem: String) -> RPCError {
            RPCError(.failedPrecondition, "field '\(field)': \(translator.id) \(problem)", details: ["field": field, "reason": reason])
        }
        guard translator.profile.active || historical else { throw refuse("inactive", "takes no new assignments") }
        guard translator.profile.translationPairs.contains(order.pair) else {
            throw refuse("language-pair", "does not translate \(order.pair.from)→\(order.pair.to)")
        }
        if order.kind == .official, !translator.profile.sworn {
            throw refuse("not-sworn", "is not a sworn translator; an official translation needs one")
        }
    }

    /// The title's words, folded as names are (case, accents and punctuation aside).
    static func words(_ title: String) -> Set<String> { Set(NameKey(title).words) }

    /// Whether a library entry can stand in for the order: same document kind and pair, and every word of the
    /// order's title in the entry's.
    static func fits(_ entry: LibraryEntry, _ order: TranslationOrderInput) -> Bool {
        entry.documentKind == order.documentKind && entry.pair == order.pair && words(order.title).isSubset(of: words(entry.title))
    }
}

extension TolkdienstService {
    /// An order: taken from the library when it names an entry, offered the library's fitting entries first when it
    /// neither names one nor declines them (informative only), else ordered to be translated.
    func order(_ input: TranslationOrderInput, _ context: CallContext) async throws -> TranslationOrderResult {
        let today = now.date
        let order = try TranslationRules.check(input, today: today)
        return try await store.change(context, request: input) { [records] scope in
            let organisation = try records.organisation(order.organisationID, withAgreementOn: today, on: scope.connection)
            var fromLibrary: LibraryEntry?
            if let entryID = order.libraryEntryID {
                let entry = try records.require(.library, entryID, as: LibraryEntry.self, field: "libraryEntryID", on: scope.connection)
                guard TranslationRules.fits(entry, order) else {
                    throw RPCError(.failedPrecondition, "field 'libraryEntryID': library entry \(entry.id) (\(entry.documentKind.rawValue), "
                                       + "\(entry.pair.from)→\(entry.pair.to)) does not fit the order", details: ["field": "libraryEntryID"])
                }
                fromLibrary = entry
            } else if order.kind == .informative, order.declineLibrary != true {
                let offered = try records.library(kind: order.documentKind, language: order.pair.to, on: scope.connection)
                    .filter { TranslationRules.fits($0, order) }
                if !offered.isEmpty { return TranslationOrderResult(translation: nil, offered: offered) }
            }
            let (seq, id) = try records.nextID(.translations, on: scope.connection)
            let translation = Translation(id: id, version: 1, region: organisation.region, order: order,
                                          state: fromLibrary == nil ? .ordered : .delivered, deliveredOn: fromLibrary == nil ? nil : today,
                                          fromLibrary: fromLibrary?.id)
            try records.insert(translation, seq: seq, on: scope.connection)
            if let person = order.personID { scope.touched(person) }
            return TranslationOrderResult(translation: translation, offered: [])
        }
    }

    /// A translator who translates the pair; for an official translation one who is sworn.
    func assignTranslator(_ assignment: TranslatorAssignment, _ context: CallContext) async throws -> Translation {
        try TolkdienstRules.id(assignment.translatorID, kind: "i", field: "translatorID")
        return try await change(Translation.self, context, request: assignment, id: assignment.translationID, version: assignment.version,
                                allowed: [.ordered], to: "be assigned") { [records] translation, connection in
            let translator = try records.require(.interpreters, assignment.translatorID, as: Interpreter.self, field: "translatorID", on: connection)
            try TranslationRules.requireTranslator(translator, for: translation.order, field: "translatorID")
            translation.translatorID = translator.id
            translation.state = .assigned
        }
    }

    func deliver(_ delivery: TranslationDelivery, _ context: CallContext) async throws -> Translation {
        let today = now.date
        return try await change(Translation.self, context, request: delivery, id: delivery.translationID, version: delivery.version,
                                allowed: [.assigned], to: "be delivered") { [records] translation, connection in
            translation.state = .delivered
            translation.deliveredOn = today
            guard delivery.addToLibrary else { return }
            guard translation.order.kind == .informative else {
                throw TolkdienstRules.invalid("addToLibrary", "is for informative translations; an official one is a citizen's own document")
            }
            let (seq, id) = try records.nextID(.library, on: connection)
            let entry = LibraryEntry(id: id, documentKind: translation.order.documentKind, title: translation.order.title,
                                     pair: translation.order.pair, pages: translation.order.pages, translationID: translation.id, addedOn: today)
            try records.insert(entry, seq: seq, on: connection)
            translation.libraryEntryID = id
        }
    }

    func cancel(_ cancellation: TranslationCancellation, _ context: CallContext) async throws -> Translation {
        let reason = try TolkdienstRules.reason(cancellation.reason)
        return try await change(Translation.self, context, request: cancellation, id: cancellation.translationID, version: cancellation.version,
                                allowed: [.ordered, .assigned], to: "be cancelled") { translation, _ in
            translation.state = .cancelled
            translation.cancellationReason = reason
        }
    }

    func searchLibrary(_ search: LibrarySearch) async throws -> LibraryPage {
        let limit = try AgencyFields.limit(search.limit)
        let language = try search.language.map { code throws(RPCError) in try AgencyFields.language(code, field: "language") }
        let title = try search.title.map { text throws(RPCError) in try TolkdienstRules.text(text, field: "title", length: TranslationRules.titleLength) }
        let wanted = title.map(TranslationRules.words) ?? []
        return try await store.database.read { [records] connection in
            let entries = try records.library(kind: search.documentKind, language: language, on: connection)
                .filter { wanted.isSubset(of: TranslationRules.words($0.title)) }
            return LibraryPage(entries: Array(entries.prefix(limit)))
        }
    }
}

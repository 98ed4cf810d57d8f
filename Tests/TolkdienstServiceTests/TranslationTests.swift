import Foundation
import SamenContracts
import SamenReferenceData
import SamenRPC
import SamenTestSupport
import XCTest

/// Translations: official ones only by sworn translators, the library offered first and reused, pages per kind.
final class TranslationTests: TolkdienstTestCase {
    func translator(_ name: String, pairs: [LanguagePair], sworn: Bool, active: Bool = true) async throws -> Interpreter {
        var profile = profile(name, active: active)
        profile.translationPairs = pairs
        profile.sworn = sworn
        return try await planner.addInterpreter(profile)
    }

    func order(_ organisation: Organisation, _ kind: TranslationKind, _ document: DocumentKind, _ title: String, from: String, to: String,
               pages: Int, person: String? = nil, entry: String? = nil, decline: Bool? = nil) -> TranslationOrderInput {
        TranslationOrderInput(organisationID: organisation.id, kind: kind, documentKind: document, title: title,
                              pair: LanguagePair(from: from, to: to), pages: pages, deadline: day("2030-03-20"), personID: person,
                              libraryEntryID: entry, declineLibrary: decline)
    }

    func testAnOfficialTranslationGoesOnlyToASwornTranslatorOfThePair() async throws {
        let townHall = try await organisation(sector: .openbareDienstverlening)
        let sworn = try await translator("Sworn", pairs: [LanguagePair(from: "ar", to: "nl")], sworn: true)
        let unsworn = try await translator("Unsworn", pairs: [LanguagePair(from: "ar", to: "nl")], sworn: false)
        let otherPair = try await translator("French", pairs: [LanguagePair(from: "fr", to: "nl")], sworn: true)
        let away = try await translator("Away", pairs: [LanguagePair(from: "ar", to: "nl")], sworn: true, active: false)
        let desk = try fixture.staff("a-desk", [.desk])
        let ordered = try await desk.order(order(townHall, .official, .birthCertificate, "Geboorteakte", from: "AR", to: "nl", pages: 2,
                                                 person: "gent-p3"))
        let translation = try XCTUnwrap(ordered.translation)
        XCTAssertEqual(translation.id, "gent-v1")
        XCTAssertEqual(translation.state, .ordered)
        XCTAssertEqual(translation.order.pair, LanguagePair(from: "ar", to: "nl"), "codes in canonical form")
        XCTAssertTrue(ordered.offered.isEmpty)

        for (translator, reason) in [(unsworn, "not-sworn"), (otherPair, "language-pair"), (away, "inactive")] {
            let refused = await assertRPCError(.failedPrecondition) {
                try await self.planner.assignTranslator(TranslatorAssignment(translationID: translation.id, version: 1, translatorID: translator.id))
            }
            XCTAssertEqual(refused?.details["reason"], reason, refused?.message ?? "")
            XCTAssertEqual(refused?.details["field"], "translatorID")
        }
        let assigned = try await planner.assignTranslator(TranslatorAssignment(translationID: translation.id, version: 1, translatorID: sworn.id))
        XCTAssertEqual(assigned.translatorID, sworn.id)
        await assertInvalid("addToLibrary") {
            try await self.planner.deliver(TranslationDelivery(translationID: translation.id, version: assigned.version, addToLibrary: true))
        }
        let delivered = try await planner.deliver(TranslationDelivery(translationID: translation.id, version: assigned.version))
        XCTAssertEqual(delivered.state, .delivered)
        XCTAssertEqual(delivered.deliveredOn, day("2030-03-04"))
        await assertRPCError(.failedPrecondition) {
            try await desk.cancel(TranslationCancellation(translationID: translation.id, version: delivered.version, reason: "too late"))
        }

        let dpo = try fixture.staff("the-dpo", [.dpo])
        let export = try await dpo.channel.call(TolkdienstAPI.audit.exportPerson, PersonExportRequest(personID: "gent-p3"))
        XCTAssertTrue(export.fileJSON.contains("gent-v1"), export.fileJSON)
        XCTAssertEqual(export.audit.map { "\($0.method) \($0.outcome)" },
                       ["tolkdienst/translations.order ok"] + Array(repeating: "tolkdienst/translations.assign failed_precondition", count: 3)
                        + ["tolkdienst/translations.assign ok", "tolkdienst/translations.deliver invalid_argument", "tolkdienst/translations.deliver ok",
                           "tolkdienst/translations.cancel failed_precondition"],
                       "refused changes of the person's translation are in the trail too, with their status")
    }

    func testTheLibraryIsOfferedFirstThenReusedAndReuseCountsNoTranslatedPages() async throws {
        let hospital = try await organisation(sector: .gezondheid)
        let school = try await organisation(sector: .onderwijs)
        let amina = try await translator("Amina", pairs: [LanguagePair(from: "nl", to: "ar")], sworn: false)
        let first = try await planner.order(order(hospital, .informative, .brochure, "Welkom in het Ziekenhuis", from: "nl", to: "ar", pages: 4))
        let brochure = try XCTUnwrap(first.translation)
        let assigned = try await planner.assignTranslator(TranslatorAssignment(translationID: brochure.id, version: 1, translatorID: amina.id))
        let kept = try await planner.deliver(TranslationDelivery(translationID: brochure.id, version: assigned.version, addToLibrary: true))
        XCTAssertEqual(kept.libraryEntryID, "gent-l1")

        let desk = try fixture.staff("a-desk", [.desk])
        let offer = try await desk.order(order(school, .informative, .brochure, "welkom ziekenhuis", from: "nl", to: "ar", pages: 4))
        XCTAssertNil(offer.translation, "nothing is ordered while the library has it")
        XCTAssertEqual(offer.offered.map(\.id), ["gent-l1"])
        await assertRPCError(.notFound) { try await desk.translation("gent-v2") }

        let taken = try await desk.order(order(school, .informative, .brochure, "welkom ziekenhuis", from: "nl", to: "ar", pages: 4, entry: "gent-l1"))
        let reused = try XCTUnwrap(taken.translation)
        XCTAssertEqual(reused.state, .delivered)
        XCTAssertEqual(reused.fromLibrary, "gent-l1")
        let refused = await assertRPCError(.failedPrecondition) {
            try await desk.order(self.order(school, .informative, .brochure, "welkom ziekenhuis", from: "nl", to: "tr", pages: 4, entry: "gent-l1"))
        }
        XCTAssertEqual(refused?.details["field"], "libraryEntryID")
        let anew = try await desk.order(order(school, .informative, .brochure, "welkom ziekenhuis", from: "nl", to: "ar", pages: 5, decline: true))
        XCTAssertEqual(anew.translation?.state, .ordered, "declining the offer orders a new translation")
        let otherLanguage = try await desk.order(order(school, .informative, .brochure, "welkom ziekenhuis", from: "nl", to: "tr", pages: 3))
        XCTAssertEqual(otherLanguage.translation?.state, .ordered, "the library has nothing in Turkish")

        let found = try await desk.searchLibrary(LibrarySearch(documentKind: .brochure, title: "ZIEKENHUIS", language: "ar"))
        XCTAssertEqual(found.entries.map(\.id), ["gent-l1"])
        let none = try await desk.searchLibrary(LibrarySearch(title: "school"))
        XCTAssertTrue(none.entries.isEmpty)
        await assertInvalid("language") { try await desk.searchLibrary(LibrarySearch(language: "xx")) }

        let analyst = try fixture.staff("an-analyst", [.analyst])
        let march = { (figure: String) in AggregateRequest(figure: figure, from: self.day("2030-03-01"), through: self.day("2030-03-31")) }
        let pages = try await analyst.figures(march("pages.byKind"))
        XCTAssertEqual(pages.rows, [AggregateRow(keys: ["gent", "informative"], value: 4)], "the reused brochure was not translated again")
        let users = try await analyst.figures(march("organisations.bySector"))
        XCTAssertEqual(users.rows, [AggregateRow(keys: ["gent", "gezondheid", "translation"], value: 1),
                                    AggregateRow(keys: ["gent", "onderwijs", "translation"], value: 1)])
    }

    func testOrdersAreCheckedByNameAndOnlyUnderAnAgreement() async throws {
        let hospital = try await organisation()
        let ended = try await organisation(from: "2029-01-01", until: "2029-12-31")
        func base() -> TranslationOrderInput { order(hospital, .informative, .letter, "Brief", from: "nl", to: "ar", pages: 1) }
        func with(_ change: (inout TranslationOrderInput) -> Void) -> TranslationOrderInput {
            var input = base()
            change(&input)
            return input
        }
        await assertInvalid("pages") { try await self.planner.order(with { $0.pages = 0 }) }
        await assertInvalid("pages") { try await self.planner.order(with { $0.pages = 501 }) }
        await assertInvalid("pair.to") { try await self.planner.order(with { $0.pair = LanguagePair(from: "nl", to: "NL") }) }
        await assertInvalid("pair.from") { try await self.planner.order(with { $0.pair = LanguagePair(from: "dut", to: "ar") }) }
        await assertInvalid("title") { try await self.planner.order(with { $0.title = "" }) }
        await assertInvalid("deadline") { try await self.planner.order(with { $0.deadline = self.day("2030-03-03") }) }
        await assertInvalid("libraryEntryID") { try await self.planner.order(with { $0.kind = .official; $0.libraryEntryID = "gent-l1" }) }
        let refused = await assertRPCError(.failedPrecondition) { try await self.planner.order(with { $0.organisationID = ended.id }) }
        XCTAssertEqual(refused?.details["field"], "organisationID")
    }
}

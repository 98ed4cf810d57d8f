import Foundation
import SamenContracts
import SamenReferenceData
import SamenRPC
import SamenTestSupport
import XCTest

/// The previous system's organisations, interpreters and assignments with their hours: validated as live writes,
/// answered per record, idempotent per external id, and never a double booking, not even in history.
final class ImportTests: TolkdienstTestCase {
    func testHistoryIsImportedPerRecordWithItsHoursAndWithoutDoubleBookings() async throws {
        let admin = try fixture.staff("an-admin", [.admin])
        var hospital = organisationInput(from: "2019-01-01", until: "2019-12-31")
        hospital.name = "AZ 2019"
        var broken = organisationInput()
        broken.contact.email = "nobody"
        let organisations = try await admin.channel.call(TolkdienstAPI.importOrganisations, ImportBatch(records: [
            ImportRecord(externalID: "org-1", record: hospital), ImportRecord(externalID: "org-2", record: broken)]))
        XCTAssertEqual(organisations.results.map(\.status), [.accepted, .rejected])
        XCTAssertEqual(organisations.results[1].field, "contact.email")
        let interpreters = try await admin.channel.call(TolkdienstAPI.importInterpreters, ImportBatch(records: [
            ImportRecord(externalID: "tolk-1", record: profile("Amina", weekly: [], active: false))]))
        XCTAssertEqual(interpreters.results.map(\.status), [.accepted])

        func assignment(at start: Int, _ outcome: HistoricalOutcome, organisation: String = "org-1", interpreter: String? = "tolk-1",
                        minutes: Int? = nil, absent: NoShowParty? = nil, reason: String? = nil, language: String = "ar") -> HistoricalAssignment {
            HistoricalAssignment(organisationExternalID: organisation, interpreterExternalID: interpreter, mode: .onSite, language: language,
                                 date: day("2019-05-14"), startMinute: start, durationMinutes: 60, place: "Gent", outcome: outcome,
                                 minutesInterpreted: minutes, absent: absent, reason: reason)
        }
        let batch = ImportBatch(records: [
            ImportRecord(externalID: "a-1", record: assignment(at: 600, .completed, minutes: 75)),
            ImportRecord(externalID: "a-2", record: assignment(at: 630, .completed, minutes: 60)),
            ImportRecord(externalID: "a-3", record: assignment(at: 840, .noShow, absent: .client)),
            ImportRecord(externalID: "a-4", record: assignment(at: 900, .cancelledLate, interpreter: nil, reason: "client ill")),
            ImportRecord(externalID: "a-5", record: assignment(at: 960, .completed, organisation: "org-9", minutes: 30)),
            ImportRecord(externalID: "a-6", record: assignment(at: 1000, .completed)),
            // Amina no longer takes work, but what she did is still checked: she never interpreted Turkish.
            ImportRecord(externalID: "a-7", record: assignment(at: 1020, .completed, minutes: 30, language: "tr")),
        ])
        let report = try await admin.channel.call(TolkdienstAPI.importAssignments, batch)
        XCTAssertEqual(report.results.map(\.status), [.accepted, .rejected, .accepted, .accepted, .rejected, .rejected, .rejected])
        XCTAssertEqual(report.results[1].code, "failed_precondition", "the calendar refuses the overlap: \(report.results[1].message ?? "")")
        XCTAssertEqual(report.results[1].field, "interpreterID")
        XCTAssertEqual(report.results[4].field, "organisationExternalID")
        XCTAssertEqual(report.results[5].field, "minutesInterpreted")
        XCTAssertEqual(report.results[6].field, "interpreterExternalID")
        XCTAssertTrue(report.results[6].message?.contains("language") == true, report.results[6].message ?? "")

        let again = try await admin.channel.call(TolkdienstAPI.importAssignments, batch)
        XCTAssertEqual(again.results.map(\.status), [.alreadyImported, .rejected, .alreadyImported, .alreadyImported, .rejected, .rejected, .rejected])
        XCTAssertEqual(again.results[0].id, report.results[0].id)

        let analyst = try fixture.staff("an-analyst", [.analyst])
        let year = { (figure: String) in AggregateRequest(figure: figure, from: self.day("2019-01-01"), through: self.day("2019-12-31")) }
        let minutes = try await analyst.figures(year("minutes.byMode"))
        XCTAssertEqual(minutes.rows, [AggregateRow(keys: ["gent", "on-site"], value: 75)])
        let outcomes = try await analyst.figures(year("requests.byOutcome"))
        XCTAssertEqual(outcomes.rows, [AggregateRow(keys: ["gent", "on-site", "cancelled-late"], value: 1),
                                       AggregateRow(keys: ["gent", "on-site", "completed"], value: 1),
                                       AggregateRow(keys: ["gent", "on-site", "no-show"], value: 1)])
        await assertRPCError(.permissionDenied) { try await self.planner.channel.call(TolkdienstAPI.importAssignments, batch) }
    }

    func testHistoricalTranslationsKeepTheSwornRuleAndCountTheirPages() async throws {
        let admin = try fixture.staff("an-admin", [.admin])
        var townHall = organisationInput(sector: .openbareDienstverlening, from: "2019-01-01", until: "2019-12-31")
        townHall.name = "Stad 2019"
        _ = try await admin.channel.call(TolkdienstAPI.importOrganisations, ImportBatch(records: [ImportRecord(externalID: "org-1", record: townHall)]))
        var unsworn = profile("Unsworn")
        unsworn.translationPairs = [LanguagePair(from: "ar", to: "nl")]
        _ = try await admin.channel.call(TolkdienstAPI.importInterpreters, ImportBatch(records: [ImportRecord(externalID: "tolk-1", record: unsworn)]))

        func translation(_ kind: TranslationKind, _ outcome: HistoricalTranslationOutcome, pages: Int, delivered: String? = "2019-06-03",
                         reason: String? = nil) -> HistoricalTranslation {
            HistoricalTranslation(organisationExternalID: "org-1", translatorExternalID: "tolk-1", kind: kind, documentKind: .letter, title: "Brief",
                                  pair: LanguagePair(from: "ar", to: "nl"), pages: pages, deadline: day("2019-06-01"), outcome: outcome,
                                  deliveredOn: delivered.map(day), reason: reason)
        }
        let report = try await admin.channel.call(TolkdienstAPI.importTranslations, ImportBatch(records: [
            ImportRecord(externalID: "v-1", record: translation(.official, .delivered, pages: 2)),
            ImportRecord(externalID: "v-2", record: translation(.informative, .delivered, pages: 7)),
            ImportRecord(externalID: "v-3", record: translation(.informative, .delivered, pages: 3, delivered: nil)),
            ImportRecord(externalID: "v-4", record: translation(.informative, .cancelled, pages: 4, delivered: nil, reason: "withdrawn")),
        ]))
        XCTAssertEqual(report.results.map(\.status), [.rejected, .accepted, .rejected, .accepted])
        XCTAssertEqual(report.results[0].field, "translatorExternalID", report.results[0].message ?? "")
        XCTAssertTrue(report.results[0].message?.contains("sworn") == true, report.results[0].message ?? "")
        XCTAssertEqual(report.results[2].field, "deliveredOn")
        let pages = try await fixture.staff("an-analyst", [.analyst]).figures(AggregateRequest(
            figure: "pages.byKind", from: day("2019-01-01"), through: day("2019-12-31")))
        XCTAssertEqual(pages.rows, [AggregateRow(keys: ["gent", "informative"], value: 7)])
    }
}

import Foundation
import ReportingService
import SamenContracts
import SamenReferenceData
import SamenRPC
import SamenTestSupport
import XCTest

/// Closing a year over real TLS: the stored report is answered byte for byte after new records of that year
/// arrive at intake and tolkdienst and after the service restarts, while the open scopes stay live.
final class ClosedYearTests: XCTestCase {
    var mesh: ReportingMesh!

    override func setUp() async throws {
        mesh = try await ReportingMesh(regions: ["antwerpen", "gent"])
    }

    override func tearDown() async throws {
        await mesh.stop()
    }

    func settle(_ count: Int, from first: Int) async throws {
        let records = (first..<first + count).map { index in
            ImportRecord(externalID: "s\(index)", record: Settlement(birthDate: try! CivilDate("1990-01-01"), nationalities: ["MA"],
                                                                      municipality: "44021", settledOn: try! CivilDate("2019-06-01")))
        }
        let report = try await mesh.intakes.staff("gent", user: "an-admin", roles: [.admin]).reportSettlements(ImportBatch(records: records))
        XCTAssertEqual(Set(report.results.map(\.status)), [.accepted])
    }

    /// One completed on-site assignment of `minutes` in gent on `day` for organisation o1 (gezondheid).
    func interpret(_ minutes: Int, on day: String, batch: String) async throws {
        try await mesh.interpret("gent", organisations: [("o1", .gezondheid, "2018-01-01", nil)],
                                 assignments: [("o1", day, .onSite, .completed, minutes)], translations: [("o1", 3, day)], batch: batch)
    }

    func testAClosedYearIsAnsweredByteForByteAfterNewRecordsAndARestart() async throws {
        try await settle(2, from: 0)
        try await interpret(90, on: "2019-03-12", batch: "first")
        let request = ReportRequest(year: 2019, region: "gent")
        let admin = try mesh.staff("gent", user: "an-admin", roles: [.admin])

        // Only administrators close, and only a year that has ended.
        await assertRPCError(.permissionDenied) { try await self.mesh.staff("gent").close(request) }
        let running = CivilDate.today().year
        let open = await assertRPCError(.failedPrecondition) { try await admin.close(ReportRequest(year: running, region: "gent")) }
        XCTAssertEqual(open?.details["field"], "year")

        let closed = try await admin.close(request)
        let stamp = try XCTUnwrap(closed.closed)
        XCTAssertEqual(stamp.closedBy, "samen://gent/staff/an-admin")
        XCTAssertEqual(Set(stamp.versions.map(\.service)), ["intake", "tolkdienst", "trajectory", "verenigingen"])
        XCTAssertEqual(Set(stamp.versions.map(\.region)), ["gent"])
        XCTAssertEqual(closed.table("inflow.byNationality")?.rows.first, ReportRow(label: "MA", rank: 1, current: 2, previous: 0))
        let hours = try XCTUnwrap(closed.table("interpreting.hours.byMode")?.total)
        let pages = try XCTUnwrap(closed.table("translation.pages.byKind")?.total)
        XCTAssertEqual([hours.current, pages.current], [2, 3], "90 minutes are 2 hours rounded once; 3 pages")

        let analyst = try mesh.staff("gent")
        let json = try await analyst.build(request)
        let csv = try await analyst.csv(request)
        let html = try await analyst.html(request)
        XCTAssertEqual(json, closed)
        XCTAssertTrue(html.text.contains("Afgesloten op"), "the page says it is a closed year")

        // New records of 2019 arrive: the closed report does not move; the open report of all regions does.
        try await settle(3, from: 10)
        try await interpret(120, on: "2019-03-13", batch: "later")
        let again = try await analyst.build(request)
        XCTAssertEqual(again, json)
        let csvAgain = try await analyst.csv(request)
        XCTAssertEqual(Array(csvAgain.text.utf8), Array(csv.text.utf8))
        let htmlAgain = try await analyst.html(request)
        XCTAssertEqual(Array(htmlAgain.text.utf8), Array(html.text.utf8))
        let all = try await analyst.build(ReportRequest(year: 2019))
        XCTAssertNil(all.closed)
        XCTAssertEqual(all.table("inflow.byNationality")?.rows.first?.current, 5)
        XCTAssertEqual(all.table("interpreting.hours.byMode")?.total?.current, 4, "210 minutes, rounded once")
        XCTAssertEqual(all.table("translation.pages.byKind")?.total?.current, 6)

        // A public version of the closed report: rendered from the stored one, small figures hidden (the total of 2
        // too, which would give the one row away).
        let published = try await analyst.csv(ReportRequest(year: 2019, region: "gent", suppressBelow: 5))
        XCTAssertTrue(published.text.contains("inflow.byNationality,MA,1,<5,<5,,,\r\n"), published.text)
        XCTAssertTrue(published.text.contains("inflow.byNationality,total,,<5,<5,,,\r\n"), published.text)
        let unsuppressed = try await analyst.csv(ReportRequest(year: 2019, region: "gent", suppressBelow: 0))
        XCTAssertTrue(unsuppressed.text.contains("inflow.byNationality,total,,2,0,2,rising,\r\n"), unsuppressed.text)

        // After a restart, from the file.
        await mesh.stopReporting("gent")
        try await mesh.start("gent")
        let restarted = try await mesh.staff("gent").html(request)
        XCTAssertEqual(Array(restarted.text.utf8), Array(html.text.utf8))

        // Closing twice keeps the first and says when it was closed.
        let restartedAdmin = try mesh.staff("gent", user: "an-admin", roles: [.admin])
        let twice = await assertRPCError(.alreadyExists) { try await restartedAdmin.close(request) }
        XCTAssertTrue(twice?.message.contains("closed at") == true && twice?.message.contains("an-admin") == true, twice?.message ?? "")

        // The published report needs nothing but the file: with gent's registry gone, it is still answered.
        await mesh.intakes.stopRegistry("gent")
        let withoutRegistry = try await mesh.staff("gent").html(request)
        XCTAssertEqual(Array(withoutRegistry.text.utf8), Array(html.text.utf8))
        await assertRPCError(.permissionDenied) { try await self.mesh.staff("gent", of: "antwerpen").html(request) }
    }
}

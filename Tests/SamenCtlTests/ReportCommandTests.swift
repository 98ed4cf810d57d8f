import Foundation
import SamenContracts
@testable import SamenCtl
import SamenReferenceData
import SamenTestSupport
import XCTest

/// `samenctl report`: an analyst gets the annual report as JSON, CSV or an HTML file; a desk worker is refused with
/// the roles that may; a missing --year or an unknown --format is a usage error.
final class ReportCommandTests: XCTestCase {
    private var mesh: CtlIntakeHome!

    override func setUp() async throws {
        mesh = try await CtlIntakeHome.make(withVerenigingen: true, withReporting: true)
        let settlements = (0..<2).map { index in
            ImportRecord(externalID: "s\(index)", record: Settlement(birthDate: try! CivilDate("1990-01-01"), nationalities: ["MA"],
                                                                      municipality: "44021", settledOn: try! CivilDate("2019-06-01")))
        }
        let report = try await mesh.intake.staff("gent", user: "an-admin", roles: [.admin]).reportSettlements(ImportBatch(records: settlements))
        XCTAssertEqual(report.results.map(\.status), [.accepted, .accepted])
    }

    override func tearDown() async throws {
        await mesh.stop()
    }

    func testAnAnalystGetsTheReportAsJSONCSVAndAnHTMLFile() async throws {
        let csv = await mesh.ctl(["report", "--year", "2019", "--region", "gent", "--format", "csv", "--as", "analyst"])
        XCTAssertEqual(csv.code, 0, csv.err)
        XCTAssertTrue(csv.out.hasPrefix("table,label,rank,year,previous_year,difference,mark,missing\r\n"), csv.out)
        XCTAssertTrue(csv.out.contains("inflow.byNationality,MA,1,2,0,2,rising,\r\n"), csv.out)
        let hidden = await mesh.ctl(["report", "--year", "2019", "--region", "gent", "--format", "csv", "--suppress-below", "5", "--as", "analyst"])
        XCTAssertEqual(hidden.code, 0, hidden.err)
        XCTAssertTrue(hidden.out.contains("inflow.byNationality,MA,1,<5,<5,,,\r\n"), hidden.out)

        let json = await mesh.ctl(["report", "--year", "2019", "--all-regions", "--as", "admin"])
        XCTAssertEqual(json.code, 0, json.err)
        let report = try JSONDecoder().decode(Report.self, from: Data(json.out.utf8))
        XCTAssertEqual(report.scope, "all")
        XCTAssertEqual(report.table("inflow.byNationality")?.total, ReportRow(label: "total", current: 2, previous: 0))

        let file = FileManager.default.temporaryDirectory.appendingPathComponent("report-\(UUID().uuidString).html").path
        defer { try? FileManager.default.removeItem(atPath: file) }
        let html = await mesh.ctl(["report", "--year", "2019", "--region", "gent", "--format", "html", "--out", file, "--as", "analyst"])
        XCTAssertEqual(html.code, 0, html.err)
        XCTAssertTrue(html.out.contains("wrote the 2019 report of gent as html to \(file)"), html.out)
        let page = try String(contentsOfFile: file, encoding: .utf8)
        XCTAssertTrue(page.hasPrefix("<!DOCTYPE html>"))
        XCTAssertTrue(page.contains("<section id=\"inflow.byNationality\">"))
    }

    func testRefusalsAndUsage() async throws {
        let desk = await mesh.ctl(["report", "--year", "2019", "--region", "gent", "--as", "desk"])
        XCTAssertEqual(desk.code, 1, desk.out)
        XCTAssertTrue(desk.err.contains("permission_denied") && desk.err.contains("--as analyst"), desk.err)

        let noYear = await mesh.ctl(["report", "--region", "gent", "--as", "analyst"])
        XCTAssertEqual(noYear.code, 2)
        XCTAssertTrue(noYear.err.contains("--year"), noYear.err)
        let format = await mesh.ctl(["report", "--year", "2019", "--region", "gent", "--format", "pdf", "--as", "analyst"])
        XCTAssertEqual(format.code, 2)
        XCTAssertTrue(format.err.contains("json, csv, html"), format.err)
        let scope = await mesh.ctl(["report", "--year", "2019", "--as", "analyst"])
        XCTAssertEqual(scope.code, 2)
        XCTAssertTrue(scope.err.contains("--all-regions"), scope.err)
    }
}

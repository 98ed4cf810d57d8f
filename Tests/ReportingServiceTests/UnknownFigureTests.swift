import ReportingService
import SamenContracts
import SamenTestSupport
import XCTest

/// Reporting's declarations may name a figure a running service does not have yet (an older version): that table
/// is missing, naming the figure, and the service's other tables, asked in the same batch, are still there.
final class UnknownFigureTests: XCTestCase {
    func testAFigureTheServiceDoesNotKnowFailsItsTableAlone() async throws {
        let unknown = TableDeclaration(id: "registrations.byShoeSize", title: "Inschrijvingen per schoenmaat", service: "intake",
                                       figure: "registrations.byShoeSize", dimension: "size", measure: "registrations")
        let mesh = try await ReportingMesh(regions: ["gent"], tables: AnnualReport.tables + [unknown])
        let report = try await mesh.staff("gent").build(ReportRequest(year: 2019, region: "gent"))
        await mesh.stop()
        let missing = try XCTUnwrap(report.table("registrations.byShoeSize")?.missing)
        XCTAssertTrue(missing.contains("registrations.byShoeSize") && missing.contains("invalid_argument"), missing)
        XCTAssertEqual(report.tables.filter { $0.missing != nil }.map(\.id), ["registrations.byShoeSize"])
        XCTAssertEqual(Set(report.snapshots.filter { $0.service == "intake" }.map(\.asOfMilliseconds)).count, 1, "the rest in one batch")
    }
}

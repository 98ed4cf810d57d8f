@testable import ReportingService
import SamenContracts
import XCTest

/// Small figures hidden for the public: no hidden figure may be worked out from what is shown (the total, the other
/// rows, an average), and nothing is hidden that need not be.
final class SmallCellsTests: XCTestCase {
    let kinds = TableDeclaration(id: "k", title: "k", service: "intake", figure: "f", dimension: "kind", measure: "records")

    func hidden(_ table: ReportTable) -> [String] {
        (table.rows + (table.total.map { [$0] } ?? [])).filter(\.suppressed).map(\.label)
    }

    func testOneHiddenRowTakesTheSmallestOtherRowWithItSoTheTotalDoesNotGiveItAway() {
        let table = kinds.table(current: ["a": 3, "b": 40, "c": 12, "d": 0], previous: ["a": 6, "b": 50, "c": 9, "d": 0])
        let shown = SmallCells.suppress(table, below: 5, average: nil)
        XCTAssertEqual(hidden(shown), ["a", "c"], "a is small; c is the smallest other row with a figure; d has none")
        XCTAssertEqual(shown.total, table.total, "the total stays")
        XCTAssertEqual(shown.rows.first { $0.label == "c" }, ReportRow(label: "c", current: 0, previous: 0, suppressed: true))
        XCTAssertEqual(shown.rows.first { $0.label == "b" }, table.rows.first { $0.label == "b" })
    }

    func testTwoHiddenRowsNeedNoThirdAndAnUnsmallTableLosesNothing() {
        let two = SmallCells.suppress(kinds.table(current: ["a": 3, "b": 40, "c": 2], previous: [:]), below: 5, average: nil)
        XCTAssertEqual(hidden(two), ["a", "c"])
        let none = kinds.table(current: ["a": 5, "b": 40], previous: ["a": 0, "b": 7])
        XCTAssertEqual(SmallCells.suppress(none, below: 5, average: nil), none)
        XCTAssertEqual(SmallCells.suppress(kinds.table(current: ["a": 1], previous: [:]), below: 1, average: nil).rows.map(\.suppressed), [false])
    }

    func testASmallTotalIsHiddenWithItsRows() {
        let shown = SmallCells.suppress(kinds.table(current: ["a": 1, "b": 2], previous: ["a": 0, "b": 0]), below: 5, average: nil)
        XCTAssertEqual(hidden(shown), ["a", "b", "total"])
        let lastYear = SmallCells.suppress(kinds.table(current: ["a": 30], previous: ["a": 2]), below: 5, average: nil)
        XCTAssertEqual(hidden(lastYear), ["a", "total"], "small in the previous year only: that year's total would give it away")
    }

    func testATableWithoutATotalHidesItsSmallRowsOnly() {
        let noTotal = TableDeclaration(id: "n", title: "n", service: "intake", figure: "f", dimension: "kind", measure: "records", total: false)
        XCTAssertEqual(hidden(SmallCells.suppress(noTotal.table(current: ["a": 3, "b": 40], previous: [:]), below: 5, average: nil)), ["a"])
    }

    func testTheCertificatesAverageIsHiddenWithTheRowsItComesFrom() throws {
        let certificates = try XCTUnwrap(AnnualReport.tables.first { $0.id == "headline.certificates" })
        let few = certificates.table(current: ["certificates": 2, "months": 31], previous: ["certificates": 9, "months": 150])
        XCTAssertEqual(few.rows.map(\.label), ["certificates", "months", "average months"])
        let report = Report(year: 2019, scope: "gent", regions: ["gent"], tables: [few], snapshots: [])
        let shown = SmallCells.suppress(report, below: 5, declarations: AnnualReport.tables)
        XCTAssertEqual(hidden(shown.tables[0]), ["certificates", "months", "average months"], "two people's 31 months would show their durations")
        // Enough certificates: the average of 3 months is not a count and stays.
        let many = certificates.table(current: ["certificates": 10, "months": 30], previous: ["certificates": 10, "months": 40])
        XCTAssertEqual(many.rows.last, ReportRow(label: "average months", current: 3, previous: 4))
        XCTAssertEqual(SmallCells.suppress(Report(year: 2019, scope: "gent", regions: ["gent"], tables: [many], snapshots: []), below: 5,
                                           declarations: AnnualReport.tables).tables[0].rows.map(\.suppressed), [false, false, false])
    }
}

import ReportingService
import SamenContracts
import XCTest

/// What a declaration makes of a figure's sums, for what the mesh tests cannot reach yet (tolkdienst's minutes) and
/// the edges: ties in the top, values left out of a listed table and its total, counts near Int64's end.
final class TableDeclarationTests: XCTestCase {
    func testMinutesAreSummedFirstAndRoundedToHoursOnceAtTheEnd() {
        let hours = TableDeclaration(id: "h", title: "h", service: "tolkdienst", figure: "minutes.byMode", dimension: "mode", measure: "hours", divisor: 60)
        let table = hours.table(current: ["on-site": 29, "phone": 29, "video": 90], previous: ["on-site": 89, "phone": 30])
        XCTAssertEqual(table.rows, [ReportRow(label: "on-site", current: 0, previous: 1), ReportRow(label: "phone", current: 0, previous: 1),
                                    ReportRow(label: "video", current: 2, previous: 0)])
        // The totals are the minutes summed, then rounded: 148 minutes are 2 hours, 119 minutes 2 hours.
        XCTAssertEqual(table.total, ReportRow(label: "total", current: 2, previous: 2))
        let half = hours.table(current: ["on-site": 29, "phone": 29], previous: [:])
        XCTAssertEqual(half.total?.current, 1, "58 minutes are one hour, though each row rounds to none")
    }

    func testTheTopBreaksTiesByLabelAndTheRestHoldsBothYearsOutside() {
        let top = TableDeclaration(id: "t", title: "t", service: "intake", figure: "f", dimension: "nationality", measure: "persons",
                                   ordering: .ranked(top: 2))
        let table = top.table(current: ["SY": 3, "AF": 3, "MA": 3, "TR": 0], previous: ["MA": 4, "ZW": 7])
        XCTAssertEqual(table.rows, [ReportRow(label: "AF", rank: 1, current: 3, previous: 0), ReportRow(label: "MA", rank: 2, current: 3, previous: 4),
                                    ReportRow(label: "rest", current: 3, previous: 7)])
        XCTAssertEqual(table.total, ReportRow(label: "total", current: 9, previous: 11))
    }

    func testAListedTableKeepsItsValuesAndLeavesOthersOutOfTheTotal() {
        let listed = TableDeclaration(id: "l", title: "l", service: "intake", figure: "f", dimension: "doelgroep", measure: "registrations",
                                      ordering: .listed(["verplicht", "onbepaald"], othersToo: false))
        let table = listed.table(current: ["verplicht": 2, "niet-doelgroep": 40], previous: ["verplicht": 2])
        XCTAssertEqual(table.rows, [ReportRow(label: "verplicht", current: 2, previous: 2), ReportRow(label: "onbepaald", current: 0, previous: 0)])
        XCTAssertEqual(table.rows.map(\.mark), [.equal, .equal])
        XCTAssertEqual(table.total, ReportRow(label: "total", current: 2, previous: 2))
    }

    func testCountsNearTheEndOfInt64SaturateInsteadOfTrapping() {
        let listed = TableDeclaration(id: "l", title: "l", service: "intake", figure: "f", dimension: "k", measure: "n")
        let table = listed.table(current: ["a": .max, "b": 5], previous: ["a": 0])
        XCTAssertEqual(table.total?.current, .max)
        XCTAssertEqual(ReportRow(label: "x", current: 0, previous: .max).difference, -.max)
        XCTAssertEqual(ReportRow(label: "x", current: .max, previous: -1).difference, .max)
    }
}

import Foundation
import XCTest

/// `samen-bench report` with tiny counts, in debug: it loads three regions through the imports, builds the report
/// for a region and for all regions without a failed call or a missing table, and prints the table and the import
/// rate. No figure is asserted.
final class ReportBenchSmokeTests: XCTestCase {
    func testReportBenchmarkLoadsThreeRegionsAndBuildsTheReports() throws {
        let (status, output) = try runBench(["report", "--registrations", "1200", "--trajectories", "30", "--assignments", "30", "--runs", "2"])
        XCTAssertEqual(status, 0, output)
        // Batches of 500: 1,200 records are 3 calls; 30 are 1; each report asked twice.
        assertPhases([("import registrations", "3"), ("import settlements", "3"), ("import trajectories", "1"),
                      ("import assignments", "1"), ("report.build gent", "2"), ("report.build all regions", "2")], headerWith: "p50 ms", in: output)
        let lines = output.split(separator: "\n").map(String.init)
        XCTAssertTrue(lines.contains { $0.hasPrefix("loaded 1200 registrations, 1200 settlements, 30 trajectories, 30 assignments over 3 regions in ") }, output)
    }

    func testReportBenchmarkRefusesAnOutOfRangeFlag() throws {
        for flag in [["--registrations", "1000001"], ["--runs", "0"], ["--assignments", "x"]] {
            let (status, output) = try runBench(["report"] + flag)
            XCTAssertEqual(status, 2, "\(flag): \(output)")
            XCTAssertTrue(output.contains("usage: samen-bench report"), output)
        }
    }
}

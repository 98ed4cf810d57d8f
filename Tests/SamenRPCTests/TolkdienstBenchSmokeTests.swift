import Foundation
import XCTest

/// `samen-bench tolkdienst` with tiny counts, in debug: it loads interpreters and assignments through the import,
/// matches and assigns without a failed call and prints the table. No figure is asserted.
final class TolkdienstBenchSmokeTests: XCTestCase {
    func testTolkdienstBenchmarkRunsEveryPhaseAndPrintsTheTable() throws {
        let (status, output) = try runBench(["tolkdienst", "--interpreters", "20", "--assignments", "600", "--matches", "10", "--assigns", "10",
                                             "--seconds", "100"])
        XCTAssertEqual(status, 0, output)
        // Batches of 500: 600 assignments are 2 calls.
        assertPhases([("import 500 assignments", "2"), ("matching.candidates", "10"), ("assignments.assign", "10")], headerWith: "p99 ms", in: output)
    }

    func testTolkdienstBenchmarkRefusesAnOutOfRangeFlag() throws {
        let (status, output) = try runBench(["tolkdienst", "--assigns", "0"])
        XCTAssertEqual(status, 2, output)
        XCTAssertTrue(output.contains("usage: samen-bench tolkdienst"), output)
    }
}

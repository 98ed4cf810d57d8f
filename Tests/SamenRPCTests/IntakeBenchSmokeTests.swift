import Foundation
import SamenTestSupport
import XCTest

/// `samen-bench intake` with tiny counts, in debug: it builds its federation, runs every phase without a failed
/// call and prints the table. No figure is asserted; the benchmark measures, the test only checks it runs.
final class IntakeBenchSmokeTests: XCTestCase {
    func testIntakeBenchmarkRunsEveryPhaseAndPrintsTheTable() throws {
        let (status, output) = try runBench(["intake", "--registrations", "12", "--lookups", "30", "--in-flight", "4",
                                             "--desks", "2", "--regions", "2", "--seconds", "120"])
        XCTAssertEqual(status, 0, output)
        // Every phase's row: its name, the count asked for (the time bound is far away) and no failed call.
        assertPhases([("register, 1 region", "12"), ("findByINSZ", "30"), ("register, 2 regions", "12")], headerWith: "p99.9 ms", in: output)
        let lines = output.split(separator: "\n").map(String.init)
        XCTAssertTrue(lines.contains { $0.hasPrefix("cross-region check adds: p50 ") }, output)
    }

    func testIntakeBenchmarkRefusesAnOutOfRangeFlag() throws {
        let (status, output) = try runBench(["intake", "--regions", "3"])
        XCTAssertEqual(status, 2, output)
        XCTAssertTrue(output.contains("usage: samen-bench intake"), output)
    }
}

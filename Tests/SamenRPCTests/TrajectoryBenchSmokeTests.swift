import Foundation
import XCTest

/// `samen-bench trajectory` with tiny counts, in debug: it builds its two-region federation with trajectory beside
/// intake, runs every phase without a failed call and prints the table. No figure is asserted.
final class TrajectoryBenchSmokeTests: XCTestCase {
    func testTrajectoryBenchmarkRunsEveryPhaseAndPrintsTheTable() throws {
        let (status, output) = try runBench(["trajectory", "--trajectories", "10", "--writes", "30", "--transfers", "3",
                                             "--in-flight", "4", "--desks", "2", "--counsellors", "2", "--seconds", "100"])
        XCTAssertEqual(status, 0, output)
        // Every phase's row: the count asked for (the time bound is far away) and no failed call.
        assertPhases([("contracts.sign", "10"), ("components.update", "30"), ("transfers.request", "3"),
                      ("transfers.accept", "3"), ("transfer end to end", "3")], headerWith: "p99 ms", in: output)
        let lines = output.split(separator: "\n").map(String.init)
        XCTAssertTrue(lines.contains { $0.hasPrefix("transfers gent → antwerpen, one at a time: 3 done;") }, output)
    }

    func testTrajectoryBenchmarkRefusesAnOutOfRangeFlag() throws {
        let (status, output) = try runBench(["trajectory", "--transfers", "0"])
        XCTAssertEqual(status, 2, output)
        XCTAssertTrue(output.contains("usage: samen-bench trajectory"), output)
    }
}

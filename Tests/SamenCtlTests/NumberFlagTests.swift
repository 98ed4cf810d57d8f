@testable import SamenCtl
import XCTest

/// Seconds given on the command line are checked like seconds from the wire: NaN, infinities, negatives and
/// absurd values are a usage error naming the flag, before anything is contacted.
final class NumberFlagTests: XCTestCase {
    func testDrainGraceOutsideItsRangeIsAUsageError() async {
        for grace in ["nan", "inf", "-1", "1e300", "86401"] {
            let result = await CtlTestMesh.ctl(["drain", "gent/echo/1", "--grace", grace, "--home", "/nonexistent"])
            XCTAssertEqual(result.code, 2, "\(grace): \(result.err)")
            XCTAssertTrue(result.err.contains("--grace takes seconds from 0 to 86400, found '\(grace)'"), result.err)
        }
    }

    func testTimeoutOutsideItsRangeIsAUsageError() async {
        for timeout in ["nan", "inf", "0", "-2", "1e300"] {
            let result = await CtlTestMesh.ctl(["health", "--timeout", timeout, "--home", "/nonexistent"])
            XCTAssertEqual(result.code, 2, "\(timeout): \(result.err)")
            XCTAssertTrue(result.err.contains("--timeout takes seconds above 0 and up to 3600"), result.err)
        }
    }
}

/// Numbers samenctl prints come from servers, and are shown without trapping whatever they are.
final class RemoteNumberFormatTests: XCTestCase {
    func testUptimeOfAnyDoubleIsPrinted() {
        XCTAssertEqual(Format.uptime(192), "3m12s")
        XCTAssertEqual(Format.uptime(-5), "0s")
        XCTAssertEqual(Format.uptime(.nan), "-")
        XCTAssertEqual(Format.uptime(.infinity), "-")
        XCTAssertEqual(Format.uptime(1e300), "36500d00h")
    }
}

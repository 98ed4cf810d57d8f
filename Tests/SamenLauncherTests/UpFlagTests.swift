@testable import SamenLauncher
import XCTest

/// `samen up --stop-timeout` turns seconds into a duration through the checked conversion, never a trap.
final class UpFlagTests: XCTestCase {
    func testStopTimeoutOutsideItsRangeIsAUsageError() {
        for text in ["nan", "inf", "0", "-1", "1e300"] {
            XCTAssertThrowsError(try Up.parse(["--stop-timeout", text]), text) { error in
                XCTAssertTrue("\(error)".contains("--stop-timeout takes seconds above 0 and up to 3600, found '\(text)'"), "\(error)")
            }
        }
        XCTAssertEqual(try Up.parse(["--stop-timeout", "2.5"]).stopTimeout, .milliseconds(2_500))
    }

    func testDemoIsASwitch() throws {
        XCTAssertTrue(try Up.parse(["--demo"]).demo)
        XCTAssertFalse(try Up.parse([]).demo)
        XCTAssertThrowsError(try Up.parse(["--demo=yes"])) { error in
            XCTAssertTrue("\(error)".contains("--demo takes no value"), "\(error)")
        }
    }
}

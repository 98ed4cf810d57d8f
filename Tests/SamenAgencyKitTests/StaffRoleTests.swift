import SamenAgencyKit
import SamenContracts
import XCTest

final class StaffRoleTests: XCTestCase {
    func testRoleNamesAreTheCertificateSpelling() {
        XCTAssertEqual(StaffRole.allCases.map(\.rawValue), ["desk", "counsellor", "planner", "analyst", "dpo", "admin"])
        XCTAssertNil(StaffRole(rawValue: "Desk"))
    }
}

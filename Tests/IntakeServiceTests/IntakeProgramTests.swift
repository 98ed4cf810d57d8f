import IntakeService
import XCTest

final class IntakeProgramTests: XCTestCase {
    func testTheServiceIsNamedAsInCertificates() {
        XCTAssertEqual(IntakeProgram.name, "intake")
    }
}

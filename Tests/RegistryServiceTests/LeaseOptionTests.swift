@testable import RegistryService
import SamenHost
import SamenRPC
import XCTest

/// The registry's lease settings from `--option` are seconds checked like any other number from outside.
final class LeaseOptionTests: XCTestCase {
    private func options(_ extra: [String: String]) -> ServiceLaunchOptions {
        ServiceLaunchOptions(region: "gent", instance: "1", listen: Endpoint(host: "127.0.0.1", port: 0), certificateFile: "c",
                             privateKeyFile: "k", trustRootsFile: "a", dataDirectory: ".", extra: extra)
    }

    func testLeaseSecondsOutsideTheirRangeAreInvalidArgument() {
        for text in ["nan", "inf", "-5", "0", "1e300", "ten"] {
            XCTAssertThrowsError(try RegistryProgram.seconds(options(["default-ttl": text]), "default-ttl"), text) { error in
                XCTAssertEqual((error as? RPCError)?.status, .invalidArgument)
                XCTAssertTrue("\(error)".contains("default-ttl"), "\(error)")
            }
        }
        XCTAssertEqual(try RegistryProgram.seconds(options(["default-ttl": "15"]), "default-ttl"), 15)
        XCTAssertNil(try RegistryProgram.seconds(options([:]), "default-ttl"))
    }
}

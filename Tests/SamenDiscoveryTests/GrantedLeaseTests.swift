@testable import SamenHost
import SamenRPC
import XCTest

/// A registry's answer sets the heartbeat rhythm only when its lease is a usable number of seconds.
final class GrantedLeaseTests: XCTestCase {
    func testUnusableLeasesFromTheRegistryAreRefused() {
        for ttl in [Double.nan, .infinity, -1, 0, 1e300] {
            XCTAssertThrowsError(try RegistrationKeeper.lease(ttl), "\(ttl)") { error in
                XCTAssertEqual((error as? RPCError)?.details["field"], "ttlSeconds")
            }
        }
        XCTAssertEqual(try RegistrationKeeper.lease(9), .seconds(9))
    }
}

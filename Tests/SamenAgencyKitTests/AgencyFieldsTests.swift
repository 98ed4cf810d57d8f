import SamenAgencyKit
import SamenRPC
import XCTest

/// The kit's field rules that every agency service's ids and region names go through.
final class AgencyFieldsTests: XCTestCase {
    func testAnIdsRegionIsEverythingBeforeItsLastDash() throws {
        XCTAssertEqual(try AgencyFields.region(ofID: "gent-s12", prefix: "s", kind: "slot", field: "slotID"), "gent")
        XCTAssertEqual(try AgencyFields.region(ofID: "oost-vlaanderen-x3", prefix: "x", kind: "transfer", field: "transferID"), "oost-vlaanderen")
        XCTAssertEqual(try AgencyFields.region(ofID: "regio2-b1", prefix: "b", kind: "booking", field: "bookingID"), "regio2")
        for bad in ["gent-b12", "gent-s0", "-s1", "gent-s", "Gent-s1", "gent s1", String(repeating: "a", count: 80) + "-s1"] {
            XCTAssertThrowsError(try AgencyFields.region(ofID: bad, prefix: "s", kind: "slot", field: "slotID"), bad) { error in
                XCTAssertEqual((error as? RPCError)?.details["field"], "slotID")
            }
        }
    }

    func testARegionNameIsWhatACertificateCanCarry() throws {
        for good in ["gent", "regio2", "oost-vlaanderen", String(repeating: "a", count: 63)] {
            XCTAssertNoThrow(try AgencyFields.checkRegion(good, field: "region"), good)
        }
        for bad in ["", "Gent", "gent/x", "brussel hoofdstad", String(repeating: "a", count: 64)] {
            XCTAssertThrowsError(try AgencyFields.checkRegion(bad, field: "targetRegion"), bad) { error in
                XCTAssertEqual((error as? RPCError)?.status, .invalidArgument)
                XCTAssertEqual((error as? RPCError)?.details["field"], "targetRegion")
            }
        }
    }
}

import SamenRPC
import XCTest

final class CallerPolicyTests: XCTestCase {
    private func caller(_ service: String, _ region: String) -> ServiceIdentity {
        try! ServiceIdentity(region: region, service: service, instance: "1")
    }

    func testServicePoliciesAreSameRegionUnlessTheySayAnyRegion() {
        let operators = CallerPolicy.services(["operator"])
        XCTAssertEqual(operators.regions, .sameRegion)
        XCTAssertTrue(operators.allows(caller("operator", "gent"), serverRegion: "gent"))
        XCTAssertFalse(operators.allows(caller("operator", "antwerpen"), serverRegion: "gent"))
        XCTAssertFalse(operators.allows(caller("intake", "gent"), serverRegion: "gent"))
        XCTAssertEqual(operators.description, "services operator of the same region")

        let anywhere = CallerPolicy.services(["intake", "operator"], regions: .anyRegion)
        XCTAssertTrue(anywhere.allows(caller("operator", "antwerpen"), serverRegion: "gent"))
        XCTAssertFalse(anywhere.allows(caller("trajectory", "gent"), serverRegion: "gent"))
        XCTAssertEqual(anywhere.description, "services intake, operator of any region")
    }

    func testAnyServicePoliciesAndNobody() {
        XCTAssertTrue(CallerPolicy.anyAuthenticated.allows(caller("intake", "antwerpen"), serverRegion: "gent"))
        XCTAssertTrue(CallerPolicy.anyServiceInSameRegion.allows(caller("intake", "gent"), serverRegion: "gent"))
        XCTAssertFalse(CallerPolicy.anyServiceInSameRegion.allows(caller("intake", "antwerpen"), serverRegion: "gent"))
        XCTAssertFalse(CallerPolicy.nobody.allows(caller("operator", "gent"), serverRegion: "gent"))
        XCTAssertEqual(CallerPolicy.nobody.description, "nobody")
    }

    func testCustomRulesAreScopedToTheRegionToo() {
        let policy = CallerPolicy.custom("instances numbered 1") { $0.instance == "1" }
        XCTAssertTrue(policy.allows(caller("intake", "gent"), serverRegion: "gent"))
        XCTAssertFalse(policy.allows(caller("intake", "antwerpen"), serverRegion: "gent"))
        XCTAssertEqual(policy.description, "instances numbered 1 of the same region")
    }

    /// Every method an operator alone may call is same-region only.
    func testAdministrativeMethodsAreSameRegionOnly() {
        XCTAssertEqual(Admin.drain.contract.policy.regions, .sameRegion)
        XCTAssertFalse(Admin.drain.contract.policy.allows(caller("operator", "antwerpen"), serverRegion: "gent"))
        XCTAssertTrue(Admin.drain.contract.policy.allows(caller("operator", "gent"), serverRegion: "gent"))
    }
}

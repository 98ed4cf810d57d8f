import SamenRPC
import SamenTLS
import XCTest

final class CallerPolicyTests: XCTestCase {
    private func caller(_ service: String, _ region: String) -> ServiceIdentity {
        try! ServiceIdentity(region: region, service: service, instance: "1")
    }

    private func staff(_ user: String, _ region: String) -> ServiceIdentity {
        try! ServiceIdentity(region: region, service: StaffCertificate.service, instance: user)
    }

    func testStaffAreAdmittedByRoleAndOwnRegionOnly() {
        let desk = CallerPolicy.services([], staffRoles: ["desk", "counsellor"])
        XCTAssertTrue(desk.allows(staff("u1", "gent"), roles: ["desk"], serverRegion: "gent"))
        XCTAssertTrue(desk.allows(staff("u1", "gent"), roles: ["analyst", "counsellor"], serverRegion: "gent"), "any one role suffices")
        XCTAssertFalse(desk.allows(staff("u1", "gent"), roles: ["analyst"], serverRegion: "gent"))
        XCTAssertFalse(desk.allows(staff("u1", "gent"), roles: [], serverRegion: "gent"))
        XCTAssertFalse(desk.allows(staff("u1", "antwerpen"), roles: ["desk"], serverRegion: "gent"))
        XCTAssertFalse(desk.allows(caller("intake", "gent"), serverRegion: "gent"), "no service named: none admitted")
        XCTAssertEqual(desk.description, "staff with role counsellor or desk of the same region")

        let anywhere = CallerPolicy.services(["trajectory"], regions: .anyRegion, staffRoles: ["dpo"], staffRegions: .anyRegion)
        XCTAssertTrue(anywhere.allows(staff("u1", "antwerpen"), roles: ["dpo"], serverRegion: "gent"))
        XCTAssertTrue(anywhere.allows(caller("trajectory", "antwerpen"), serverRegion: "gent"))
        XCTAssertFalse(anywhere.allows(caller("intake", "gent"), serverRegion: "gent"))
        XCTAssertEqual(anywhere.description, "services trajectory of any region; staff with role dpo of any region")

        // Services of any region, staff of their own region only (the default for staff).
        let mixed = CallerPolicy.services(["trajectory"], regions: .anyRegion, staffRoles: ["desk"])
        XCTAssertTrue(mixed.allows(caller("trajectory", "antwerpen"), serverRegion: "gent"))
        XCTAssertFalse(mixed.allows(staff("u1", "antwerpen"), roles: ["desk"], serverRegion: "gent"))
    }

    /// A staff certificate is never "a service": policies that name no role admit no staff, whatever they say
    /// about services, even one that names the service part of staff identities.
    func testPoliciesWithoutRolesRefuseEveryStaffMember() {
        let policies: [CallerPolicy] = [.anyAuthenticated, .anyServiceInSameRegion, .nobody, .services([StaffCertificate.service]),
                                        .services(["operator"], regions: .anyRegion), .custom("everyone") { _ in true }]
        for policy in policies {
            for region in ["gent", "antwerpen"] {
                XCTAssertFalse(policy.allows(staff("u1", region), roles: ["desk", "dpo", "admin"], serverRegion: "gent"), "\(policy)")
            }
        }
    }

    /// Discovery (health, the registry's lookups) is the one policy that admits every staff member: their samenctl
    /// finds the services it calls through it.
    func testDiscoveryAdmitsEveryStaffMemberAndEveryService() {
        XCTAssertTrue(CallerPolicy.discovery.allows(staff("u1", "antwerpen"), roles: ["analyst"], serverRegion: "gent"))
        XCTAssertTrue(CallerPolicy.discovery.allows(caller("intake", "antwerpen"), serverRegion: "gent"))
        XCTAssertEqual(CallerPolicy.discovery.description, "any mesh service of any region; staff with any role of any region")
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

    /// A central instance admits the callers of the regions it serves where a method says so, and nobody else's:
    /// without served regions the scope is the same region, and `sameRegion` ignores them.
    func testServedRegionsAdmitTheRegionsAServerServes() {
        let bookers = CallerPolicy.services(["intake"], regions: .servedRegions, staffRoles: ["desk"], staffRegions: .servedRegions)
        let served: Set<String> = ["antwerpen"]
        XCTAssertTrue(bookers.allows(staff("u1", "antwerpen"), roles: ["desk"], serverRegion: "gent", servedRegions: served))
        XCTAssertTrue(bookers.allows(caller("intake", "antwerpen"), serverRegion: "gent", servedRegions: served))
        XCTAssertTrue(bookers.allows(staff("u1", "gent"), roles: ["desk"], serverRegion: "gent", servedRegions: served))
        XCTAssertFalse(bookers.allows(staff("u1", "brugge"), roles: ["desk"], serverRegion: "gent", servedRegions: served))
        XCTAssertFalse(bookers.allows(staff("u1", "antwerpen"), roles: ["analyst"], serverRegion: "gent", servedRegions: served))
        XCTAssertFalse(bookers.allows(staff("u1", "antwerpen"), roles: ["desk"], serverRegion: "gent"), "serving nothing: own region only")
        XCTAssertFalse(bookers.allows(caller("intake", "brugge"), serverRegion: "gent", servedRegions: served))
        XCTAssertEqual(bookers.description, "services intake of the same region or a region it serves; "
                           + "staff with role desk of the same region or a region it serves")

        let ownOnly = CallerPolicy.services([], staffRoles: ["desk"])
        XCTAssertFalse(ownOnly.allows(staff("u1", "antwerpen"), roles: ["desk"], serverRegion: "gent", servedRegions: served))
        XCTAssertFalse(Admin.drain.contract.policy.allows(caller("operator", "antwerpen"), serverRegion: "gent", servedRegions: served))
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

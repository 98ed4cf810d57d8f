import SamenHost
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

    /// `--central-tolkdienst gent`: gent's tolkdienst serves antwerpen and brugge, which run none, and their
    /// registries route to it; the port layout stays as it is.
    func testACentralTolkdienstServesTheOtherRegionsThroughTheirRegistriesRoutes() throws {
        let settings = try Up.parse(["--regions", "gent,antwerpen,brugge", "--central-tolkdienst", "gent"])
        XCTAssertEqual(settings.centralTolkdienst, "gent")
        let plan = try Up.plan(regions: settings.regions, basePort: 7100, centralTolkdienst: settings.centralTolkdienst)
        let tolkdienst = plan.filter { $0.service == "tolkdienst" }
        XCTAssertEqual(tolkdienst.map(\.region), ["gent"])
        let usual = try Up.plan(regions: settings.regions, basePort: 7100)
        XCTAssertEqual(plan.count, usual.count - 2)
        XCTAssertTrue(plan.allSatisfy { entry in usual.contains { $0.region == entry.region && $0.service == entry.service && $0.endpoint == entry.endpoint } },
                      "the others keep their ports")

        let home = MeshHome(path: "/nonexistent-home")
        func extra(_ region: String, _ service: String) -> [String: String] {
            Up.launchOptions(plan.first { $0.region == region && $0.service == service }!, planned: plan, settings: settings, home: home).extra
        }
        XCTAssertEqual(extra("gent", "tolkdienst"), ["serves": "antwerpen,brugge"])
        XCTAssertEqual(extra("antwerpen", "registry"), ["route": "tolkdienst:gent"])
        XCTAssertEqual(extra("brugge", "registry"), ["route": "tolkdienst:gent"])
        XCTAssertEqual(extra("gent", "registry"), [:])
        XCTAssertEqual(extra("antwerpen", "intake"), [:])
        XCTAssertEqual(Up.launchOptions(usual.first { $0.service == "tolkdienst" }!, planned: usual, settings: try Up.parse([]), home: home).extra, [:],
                       "without the flag every region runs its own")

        XCTAssertThrowsError(try Up.parse(["--regions", "gent,antwerpen", "--central-tolkdienst", "vlaanderen"])) { error in
            XCTAssertTrue("\(error)".contains("--central-tolkdienst names a region of --regions (gent,antwerpen), found 'vlaanderen'"), "\(error)")
        }
    }
}

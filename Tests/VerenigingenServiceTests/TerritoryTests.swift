import SamenReferenceData
import VerenigingenService
import XCTest

/// Where a region's associations may be based: the city agencies' cities by default, or what `--option territory=`
/// names.
final class TerritoryTests: XCTestCase {
    func testTheCityAgenciesServeTheirCityAndOtherRegionsAllOfFlandersAndBrussels() throws {
        let gent = try Municipality(nisCode: "44021")
        let aalst = try Municipality(nisCode: "41002")
        let antwerpen = try Municipality(nisCode: "11002")
        let elsene = try Municipality(nisCode: "21009")
        XCTAssertTrue(Territory.of(region: "gent").contains(gent))
        XCTAssertFalse(Territory.of(region: "gent").contains(aalst))
        XCTAssertTrue(Territory.of(region: "antwerpen").contains(antwerpen))
        XCTAssertFalse(Territory.of(region: "antwerpen").contains(gent))
        XCTAssertTrue(Territory.of(region: "brussel").contains(elsene))
        XCTAssertFalse(Territory.of(region: "brussel").contains(antwerpen))
        XCTAssertTrue([gent, aalst, antwerpen, elsene].allSatisfy(Territory.of(region: "leuven").contains))
    }

    func testTheOptionNamesMunicipalitiesAndProvinces() throws {
        let territory = try Territory.parse("11002, oost-vlaanderen")
        XCTAssertEqual(territory.municipalities, ["11002"])
        XCTAssertEqual(territory.provinces, [.oostVlaanderen])
        XCTAssertTrue(territory.contains(try Municipality(nisCode: "41002")))
        XCTAssertFalse(territory.contains(try Municipality(nisCode: "12002")))
        XCTAssertThrowsError(try Territory.parse("99999"))
        XCTAssertThrowsError(try Territory.parse(" , "))
        XCTAssertThrowsError(try Territory.parse("atlantis"))
    }
}

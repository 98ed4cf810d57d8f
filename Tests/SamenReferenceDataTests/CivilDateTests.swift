import SamenReferenceData
import XCTest

final class CivilDateTests: XCTestCase {
    func testParsesAndPrintsTheSameText() throws {
        XCTAssertEqual(try CivilDate("2019-02-28").description, "2019-02-28")
        XCTAssertEqual(try CivilDate("2000-02-29").day, 29)
    }

    func testRefusesDatesThatDoNotExist() {
        for text in ["2019-02-29", "1900-02-29", "2019-13-01", "2019-00-10", "2019-04-31", "2019-4-01", "20190401", "2019-04-0x", "1800-01-01"] {
            XCTAssertThrowsError(try CivilDate(text), text)
        }
    }

    func testWholeYearsCountsBirthdaysNotDays() throws {
        let birth = try CivilDate("2001-06-15")
        XCTAssertEqual(birth.wholeYears(until: try CivilDate("2019-06-14")), 17)
        XCTAssertEqual(birth.wholeYears(until: try CivilDate("2019-06-15")), 18)
    }

    func testDaysSinceEpochMatchesKnownDays() throws {
        XCTAssertEqual(try CivilDate("1970-01-01").daysSinceEpoch, 0)
        XCTAssertEqual(try CivilDate("2000-03-01").daysSinceEpoch, 11_017)
        XCTAssertEqual(try CivilDate("1969-12-31").daysSinceEpoch, -1)
    }

    func testCodesAsTheDateText() throws {
        let data = try JSONEncoder().encode([try CivilDate("2020-01-31")])
        XCTAssertEqual(String(decoding: data, as: UTF8.self), "[\"2020-01-31\"]")
        XCTAssertThrowsError(try JSONDecoder().decode([CivilDate].self, from: Data("[\"2020-02-30\"]".utf8)))
    }
}

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

    func testWholeMonthsCountsAsAddingMonthsDoes() throws {
        let signed = try CivilDate("2018-01-31")
        XCTAssertEqual(signed.wholeMonths(until: signed), 0)
        XCTAssertEqual(signed.wholeMonths(until: try CivilDate("2018-02-27")), 0)
        XCTAssertEqual(signed.wholeMonths(until: try CivilDate("2018-02-28")), 1, "31 January plus a month is 28 February")
        XCTAssertEqual(signed.wholeMonths(until: try CivilDate("2019-08-30")), 18)
        XCTAssertEqual(signed.wholeMonths(until: try CivilDate("2019-08-31")), 19)
        XCTAssertEqual(try CivilDate("2019-03-15").wholeMonths(until: try CivilDate("2019-01-20")), -1)
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

final class CivilDateArithmeticTests: XCTestCase {
    func testAddingMonthsClampsToTheLastDayOfTheTargetMonth() throws {
        XCTAssertEqual(try CivilDate("2019-05-31").adding(months: 3), try CivilDate("2019-08-31"))
        XCTAssertEqual(try CivilDate("2019-11-30").adding(months: 3), try CivilDate("2020-02-29"))
        XCTAssertEqual(try CivilDate("2018-11-30").adding(months: 3), try CivilDate("2019-02-28"))
        XCTAssertEqual(try CivilDate("2020-01-15").adding(months: -4), try CivilDate("2019-09-15"))
        XCTAssertEqual(try CivilDate("2019-12-01").adding(months: 1), try CivilDate("2020-01-01"))
        XCTAssertEqual(try CivilDate("2019-01-01").adding(months: -1), try CivilDate("2018-12-01"))
        XCTAssertNil(try CivilDate("2199-12-01").adding(months: 1))
        XCTAssertNil(try CivilDate("2019-01-01").adding(months: Int.max))
        XCTAssertNil(try CivilDate("2019-01-01").adding(months: Int.min))
    }

    func testAddingDaysIsTheInverseOfDaysSinceEpoch() throws {
        XCTAssertEqual(try CivilDate("2020-02-28").adding(days: 1), try CivilDate("2020-02-29"))
        XCTAssertEqual(try CivilDate("2020-03-01").adding(days: -1), try CivilDate("2020-02-29"))
        XCTAssertEqual(try CivilDate("1969-12-31").adding(days: 1), try CivilDate("1970-01-01"))
        let start = try CivilDate("1899-12-25")
        var day = start
        for offset in 1...(366 * 3) {
            let next = try XCTUnwrap(day.adding(days: 1))
            XCTAssertEqual(next.daysSinceEpoch, start.daysSinceEpoch + offset)
            XCTAssertGreaterThan(next, day)
            day = next
        }
        XCTAssertNil(try CivilDate("1890-01-01").adding(days: -1))
        XCTAssertNil(try CivilDate("2019-01-01").adding(days: Int.min))
        XCTAssertNil(try CivilDate("2019-01-01").adding(days: Int.max))
    }
}

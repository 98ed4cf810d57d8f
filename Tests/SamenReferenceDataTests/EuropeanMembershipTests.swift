import SamenReferenceData
import XCTest

final class EuropeanMembershipTests: XCTestCase {
    private func date(_ text: String) throws -> CivilDate { try CivilDate(text) }

    func testTheUnitedKingdomWasAMemberUntilTheEndOf31January2020() throws {
        XCTAssertTrue(EuropeanMembership.isEU(alpha2: "GB", on: try date("2020-01-31")))
        XCTAssertTrue(EuropeanMembership.isEUEEAOrSwiss(alpha2: "GB", on: try date("2020-01-31")))
        XCTAssertFalse(EuropeanMembership.isEU(alpha2: "GB", on: try date("2020-02-01")))
        XCTAssertFalse(EuropeanMembership.isEUEEAOrSwiss(alpha2: "GB", on: try date("2020-02-01")))
        XCTAssertFalse(EuropeanMembership.isEU(alpha2: "GB", on: try date("1972-12-31")))
        XCTAssertTrue(EuropeanMembership.isEU(alpha2: "GB", on: try date("1973-01-01")))
    }

    func testAccessionsCountFromTheirFirstDay() throws {
        let cases: [(String, String)] = [
            ("HR", "2013-07-01"), ("RO", "2007-01-01"), ("BG", "2007-01-01"), ("PL", "2004-05-01"),
            ("CY", "2004-05-01"), ("ES", "1986-01-01"), ("GR", "1981-01-01"), ("IE", "1973-01-01"),
        ]
        for (code, first) in cases {
            let firstDay = try date(first)
            let dayBefore = try XCTUnwrap(firstDay.adding(days: -1))
            XCTAssertTrue(EuropeanMembership.isEU(alpha2: code, on: firstDay), "\(code) on \(first)")
            XCTAssertFalse(EuropeanMembership.isEU(alpha2: code, on: dayBefore), "\(code) on \(dayBefore)")
        }
    }

    func testTheTwoThousandFourEnlargementHadTenStates() throws {
        let before = Set(EuropeanMembership.euMembers(on: try date("2004-04-30")))
        let after = Set(EuropeanMembership.euMembers(on: try date("2004-05-01")))
        XCTAssertEqual(after.subtracting(before), ["CY", "CZ", "EE", "HU", "LT", "LV", "MT", "PL", "SI", "SK"])
    }

    func testTheUnionHadTwentyEightMembersIn2019AndTwentySevenAfterBrexit() throws {
        XCTAssertEqual(EuropeanMembership.euMembers(on: try date("2019-06-30")).count, 28)
        XCTAssertEqual(EuropeanMembership.euMembers(on: try date("2020-02-01")).count, 27)
        XCTAssertEqual(EuropeanMembership.euMembers(on: try date("1958-01-01")), ["BE", "DE", "FR", "IT", "LU", "NL"])
    }

    func testTheEEAAndSwitzerlandHaveFreeMovementButAreNotInTheUnion() throws {
        let day = try date("2019-06-30")
        for code in ["IS", "LI", "NO", "CH"] {
            XCTAssertTrue(EuropeanMembership.isEUEEAOrSwiss(alpha2: code, on: day), code)
            XCTAssertFalse(EuropeanMembership.isEU(alpha2: code, on: day), code)
        }
        XCTAssertEqual(EuropeanMembership.bloc(alpha2: "NO", on: day), .europeanEconomicArea)
        XCTAssertEqual(EuropeanMembership.bloc(alpha2: "CH", on: day), .switzerland)
        XCTAssertFalse(EuropeanMembership.isEUEEAOrSwiss(alpha2: "CH", on: try date("2002-05-31")))
        XCTAssertFalse(EuropeanMembership.isEUEEAOrSwiss(alpha2: "LI", on: try date("1995-04-30")))
    }

    func testAustriaWasInTheEEAIn1994AndInTheUnionFrom1995() throws {
        XCTAssertNil(EuropeanMembership.bloc(alpha2: "AT", on: try date("1993-12-31")))
        XCTAssertEqual(EuropeanMembership.bloc(alpha2: "AT", on: try date("1994-06-01")), .europeanEconomicArea)
        XCTAssertEqual(EuropeanMembership.bloc(alpha2: "AT", on: try date("1995-01-01")), .europeanUnion)
    }

    func testThirdCountriesKosovoAndOtherCodesAreNotMembers() throws {
        let day = try date("2019-06-30")
        for code in ["XK", "SY", "MA", "TR", "UA", "US", "RS", "UK", "EL", "gb", ""] {
            XCTAssertFalse(EuropeanMembership.isEUEEAOrSwiss(alpha2: code, on: day), code)
        }
    }

    func testEveryStateHasAtMostOneBlocOnAnyDay() throws {
        let codes = Set(EuropeanMembership.memberships.map(\.alpha2))
        XCTAssertEqual(codes.count, 32, "28 states that were ever in the EU, 3 EEA states and Switzerland")
        for code in codes {
            let periods = EuropeanMembership.memberships.filter { $0.alpha2 == code }
            for (index, first) in periods.enumerated() {
                for second in periods[(index + 1)...] {
                    let overlaps = first.covers(second.from) || second.covers(first.from)
                    XCTAssertFalse(overlaps, "\(code) has overlapping periods")
                }
            }
        }
    }
}

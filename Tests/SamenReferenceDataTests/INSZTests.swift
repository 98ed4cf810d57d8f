import SamenReferenceData
import XCTest

final class INSZTests: XCTestCase {
    /// A fixed day, so that no test depends on when it runs.
    private let today = try! CivilDate("2025-06-01")

    /// Builds the 11 digits from the rule itself: check digits 97 − (nine digits mod 97), with a `2` in front for
    /// the 2000s.
    private func number(_ yy: Int, _ mm: Int, _ dd: Int, _ sequence: Int, century: Int) -> String {
        let base = yy * 10_000_000 + mm * 100_000 + dd * 1_000 + sequence
        let check = 97 - ((century == 2000 ? 2_000_000_000 : 0) + base) % 97
        return pad(base, 9) + pad(check, 2)
    }

    private func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: width - text.count) + text
    }

    private func refusal(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> ReferenceDataError? {
        do {
            let insz = try INSZ(text, today: today)
            XCTFail("\(text) was accepted as \(insz.digits)", file: file, line: line)
            return nil
        } catch {
            XCTAssertEqual(error.field, "insz", file: file, line: line)
            XCTAssertTrue(error.message.hasPrefix("field 'insz' "), error.message, file: file, line: line)
            return error
        }
    }

    func testAcceptsStdnumsWellKnownNumbers() throws {
        let plain = try INSZ("85.07.30-033 28", today: today)
        XCTAssertEqual(plain.digits, "85073003328")
        XCTAssertEqual(plain.birthDate.date, try CivilDate("1985-07-30"))
        XCTAssertEqual(plain.sex, .male)
        XCTAssertEqual(plain.kind, .nationalRegister)
        let born2017 = try INSZ("17 07 30 033 84", today: today)
        XCTAssertEqual(born2017.century, 2000)
        XCTAssertEqual(born2017.birthDate.date, try CivilDate("2017-07-30"))
        XCTAssertEqual(try INSZ("75.06.08-980.09", today: today).sex, .female)

        let bis = try INSZ("98.47.28-997.65", today: today)
        XCTAssertEqual(bis.kind, .bis)
        XCTAssertEqual(bis.birthDate.date, try CivilDate("1998-07-28"))
        XCTAssertEqual(bis.sex, .male)
        XCTAssertEqual(try INSZ("01 49 07 001 85", today: today).birthDate.date, try CivilDate("2001-09-07"))
        XCTAssertEqual(try INSZ("75.46.08-980.95", today: today).sex, .female)
        XCTAssertNil(try INSZ("75.26.08-980.52", today: today).sex)
        XCTAssertNil(try INSZ("85273500150", today: today).sex)
        XCTAssertEqual(try INSZ("85473500193", today: today).sex, .male)
    }

    func testReadsIncompleteBirthDatesAsStdnumDoes() throws {
        let unknown: [String] = ["00000100166", "00000100195", "00400100155", "00200100112", "00400100184", "00200100141"]
        for text in unknown {
            let insz = try INSZ(text, today: today)
            XCTAssertEqual(insz.birthDate, INSZ.BirthDate(year: nil, month: nil, day: nil), text)
        }
        let yearOnly: [String] = ["00000000128", "00400000117", "00200000171"]
        for text in yearOnly {
            let date = try INSZ(text, today: today).birthDate
            XCTAssertEqual([date.year, date.month, date.day], [2000, nil, nil], text)
        }
        let yearAndMonth: [(String, Int, Int)] = [("00010000135", 2000, 1), ("00410000124", 2000, 1), ("00210000178", 2000, 1),
                                                  ("85073500107", 1985, 7), ("85473500193", 1985, 7), ("85273500150", 1985, 7)]
        for (text, year, month) in yearAndMonth {
            let date = try INSZ(text, today: today).birthDate
            XCTAssertEqual([date.year, date.month, date.day], [year, month, nil], text)
            XCTAssertNil(date.date, text)
        }
    }

    func testAcceptsEveryWrittenFormAndPrintsCanonically() throws {
        let forms = ["85.07.30-033.28", "850730 033 28", "85073003328", " 85-07-30-033-28 ", "85 07 30 033 28"]
        for form in forms {
            let insz = try INSZ(form, today: today)
            XCTAssertEqual(insz.digits, "85073003328", form)
            XCTAssertEqual(insz.description, "85073003328")
            XCTAssertEqual(insz.formatted, "85.07.30-033.28")
        }
        XCTAssertEqual(Set(try forms.map { try INSZ($0, today: today) }).count, 1)
    }

    func testAcceptsNumbersComputedFromTheRuleOverBothCenturies() throws {
        var checked = 0
        for year in stride(from: 1920, through: 2024, by: 3) {
            for month in [1, 2, 6, 12] {
                for day in [1, 15, 28] {
                    for sequence in [1, 2, 497, 998] {
                        let century = year >= 2000 ? 2000 : 1900
                        let text = number(year % 100, month, day, sequence, century: century)
                        let insz = try INSZ(text, today: today)
                        XCTAssertEqual(insz.century, century, text)
                        XCTAssertEqual(insz.birthDate.date, try CivilDate(year: year, month: month, day: day), text)
                        XCTAssertEqual(insz.sex, sequence % 2 == 1 ? .male : .female, text)
                        XCTAssertEqual(insz.sequence, sequence)
                        XCTAssertEqual(insz.kind, .nationalRegister)
                        let bisKnown = try INSZ(number(year % 100, month + 40, day, sequence, century: century), today: today)
                        XCTAssertEqual(bisKnown.kind, .bis)
                        XCTAssertEqual(bisKnown.birthDate, insz.birthDate)
                        XCTAssertEqual(bisKnown.sex, insz.sex)
                        let bisUnknown = try INSZ(number(year % 100, month + 20, day, sequence, century: century), today: today)
                        XCTAssertEqual(bisUnknown.birthDate, insz.birthDate)
                        XCTAssertNil(bisUnknown.sex)
                        checked += 1
                    }
                }
            }
        }
        XCTAssertEqual(checked, 35 * 4 * 3 * 4)
    }

    func testTheCheckDigitsTellTheCentury() throws {
        // The same nine digits are a 1905 birth with one pair of check digits and a 2005 birth with the other.
        let old = try INSZ(number(5, 3, 14, 123, century: 1900), today: today)
        let young = try INSZ(number(5, 3, 14, 123, century: 2000), today: today)
        XCTAssertEqual(old.birthDate.date, try CivilDate("1905-03-14"))
        XCTAssertEqual(young.birthDate.date, try CivilDate("2005-03-14"))
        XCTAssertEqual(old.digits.prefix(9), young.digits.prefix(9))
        XCTAssertNotEqual(old.digits, young.digits)
    }

    func testRefusesCheckDigitsThatFitNeitherCentury() {
        let valid = number(85, 7, 30, 33, century: 1900)
        let other = number(85, 7, 30, 33, century: 2000)
        for check in 0...99 {
            let candidate = String(valid.prefix(9)) + pad(check, 2)
            if candidate == valid || candidate == other { continue }
            let error = refusal(candidate)
            XCTAssertEqual(error?.rule, .inszCheckDigits, candidate)
            XCTAssertEqual(error?.problem.contains("neither"), true)
        }
        XCTAssertEqual(refusal("12345678901")?.rule, .inszCheckDigits)
    }

    func testRefusesABirthInTheFutureThatOnlyThe2000sReadingGives() throws {
        XCTAssertEqual(refusal(number(25, 7, 1, 1, century: 2000))?.rule, .inszBirthInFuture)
        XCTAssertEqual(refusal(number(30, 1, 1, 1, century: 2000))?.rule, .inszBirthInFuture)
        XCTAssertEqual(refusal(number(25, 6, 2, 1, century: 2000))?.rule, .inszBirthInFuture)
        // Only what the number holds counts: a June 2025 birth with an unknown day may be today's.
        XCTAssertEqual(try INSZ(number(25, 6, 1, 1, century: 2000), today: today).birthDate.date, today)
        XCTAssertEqual(try INSZ(number(25, 6, 0, 1, century: 2000), today: today).birthDate.month, 6)
        XCTAssertEqual(try INSZ(number(25, 0, 0, 1, century: 2000), today: today).birthDate.year, 2025)
        // The same digits in the 1900s are an old number, not a future one.
        XCTAssertEqual(try INSZ(number(30, 1, 1, 1, century: 1900), today: today).birthDate.year, 1930)
    }

    func testRefusesMonthsOutsideTheRegisterAndBisRanges() {
        for month in [13, 19, 33, 39, 53, 99] {
            XCTAssertEqual(refusal(number(85, month, 10, 1, century: 1900))?.rule, .inszMonth, "month \(month)")
        }
        XCTAssertEqual(refusal("85133000105")?.rule, .inszMonth)
        XCTAssertEqual(refusal("85533000191")?.rule, .inszMonth)
        XCTAssertEqual(refusal("85333000148")?.rule, .inszMonth)
    }

    func testRefusesSequenceNumbersOutside001To998() {
        XCTAssertEqual(refusal(number(85, 7, 30, 0, century: 1900))?.rule, .inszSequence)
        XCTAssertEqual(refusal(number(85, 7, 30, 999, century: 1900))?.rule, .inszSequence)
        XCTAssertEqual(refusal(number(5, 47, 30, 999, century: 2000))?.rule, .inszSequence)
    }

    func testRefusesWrongLengthsAndCharacters() {
        XCTAssertEqual(refusal("8507300332")?.rule, .inszLength)
        XCTAssertEqual(refusal("850730033280")?.rule, .inszLength)
        XCTAssertEqual(refusal("")?.rule, .inszLength)
        XCTAssertEqual(refusal(String(repeating: "1", count: 500))?.rule, .inszLength)
        XCTAssertEqual(refusal("85O73003328")?.rule, .inszCharacters)
        XCTAssertEqual(refusal("85/07/30-033.28")?.rule, .inszCharacters)
        XCTAssertEqual(refusal("８５０７３００３３２８")?.rule, .inszCharacters)
    }

    func testReadsADayPastTheMonthsEndAsAnUnknownDay() throws {
        let date = try INSZ(number(85, 2, 30, 11, century: 1900), today: today).birthDate
        XCTAssertEqual([date.year, date.month, date.day], [1985, 2, nil])
        let leap = try INSZ(number(84, 2, 29, 11, century: 1900), today: today).birthDate
        XCTAssertEqual(leap.date, try CivilDate("1984-02-29"))
    }

    func testErrorMessagesNeverRepeatTheNumber() {
        let texts = [number(85, 13, 30, 33, century: 1900), "85073003329", number(85, 7, 30, 0, century: 1900),
                     number(30, 1, 1, 1, century: 2000)]
        for text in texts {
            guard let error = refusal(text) else { continue }
            XCTAssertFalse(error.message.contains(text), error.message)
            XCTAssertFalse(error.message.contains(text.prefix(6)), error.message)
        }
    }

    func testCheckAgainstAcceptsAgreeingFacts() throws {
        let insz = try INSZ("85073003328", today: today)
        XCTAssertEqual(insz.check(against: try CivilDate("1985-07-30"), sex: .male), [])
        XCTAssertEqual(insz.check(against: nil, sex: nil), [])
        XCTAssertEqual(insz.check(against: try CivilDate("1985-07-30"), sex: .x), [])
    }

    func testCheckAgainstNamesTheBirthDatePartThatDiffers() throws {
        let insz = try INSZ("85073003328", today: today)
        let year = insz.check(against: try CivilDate("1986-07-30"), sex: .male)
        XCTAssertEqual(year.map(\.rule), [.birthDateMismatch])
        XCTAssertEqual(year.first?.field, "birthDate")
        XCTAssertEqual(year.first?.problem.contains("year"), true)
        XCTAssertEqual(insz.check(against: try CivilDate("1985-08-30"), sex: nil).first?.problem.contains("month"), true)
        XCTAssertEqual(insz.check(against: try CivilDate("1985-07-29"), sex: nil).first?.problem.contains("day"), true)
        let named = insz.check(against: try CivilDate("1985-07-29"), sex: nil, birthDateField: "person.birthDate")
        XCTAssertEqual(named.first?.message.hasPrefix("field 'person.birthDate' "), true)
    }

    func testCheckAgainstComparesOnlyThePartsTheNumberHolds() throws {
        let yearOnly = try INSZ(number(85, 0, 0, 33, century: 1900), today: today)
        XCTAssertEqual(yearOnly.check(against: try CivilDate("1985-11-03"), sex: .male), [])
        XCTAssertEqual(yearOnly.check(against: try CivilDate("1984-11-03"), sex: .male).map(\.rule), [.birthDateMismatch])
        let monthKnown = try INSZ(number(85, 7, 0, 33, century: 1900), today: today)
        XCTAssertEqual(monthKnown.check(against: try CivilDate("1985-07-12"), sex: nil), [])
        XCTAssertEqual(monthKnown.check(against: try CivilDate("1985-06-12"), sex: nil).map(\.rule), [.birthDateMismatch])
        let nothing = try INSZ("00000100166", today: today)
        XCTAssertEqual(nothing.check(against: try CivilDate("1950-01-01"), sex: .male), [])
    }

    func testCheckAgainstRefusesTheOtherSex() throws {
        let man = try INSZ("85073003328", today: today)
        let errors = man.check(against: nil, sex: .female)
        XCTAssertEqual(errors.map(\.rule), [.sexMismatch])
        XCTAssertEqual(errors.first?.field, "sex")
        let woman = try INSZ("75.06.08-980.09", today: today)
        XCTAssertEqual(woman.check(against: nil, sex: .male).map(\.rule), [.sexMismatch])
        XCTAssertEqual(woman.check(against: nil, sex: .female), [])
        let both = woman.check(against: try CivilDate("1976-06-08"), sex: .male)
        XCTAssertEqual(both.map(\.rule), [.birthDateMismatch, .sexMismatch])
        // A bis number given while the sex was unknown contradicts no stated sex.
        let unknownSex = try INSZ("75.26.08-980.52", today: today)
        XCTAssertEqual(unknownSex.check(against: nil, sex: .male), [])
        XCTAssertEqual(unknownSex.check(against: nil, sex: .female), [])
    }

    func testCodesAsTheElevenDigits() throws {
        let data = try JSONEncoder().encode([try INSZ("85.07.30-033.28", today: today)])
        XCTAssertEqual(String(decoding: data, as: UTF8.self), "[\"85073003328\"]")
        XCTAssertEqual(try JSONDecoder().decode([INSZ].self, from: data).first?.digits, "85073003328")
        XCTAssertThrowsError(try JSONDecoder().decode([INSZ].self, from: Data("[\"85073003329\"]".utf8)))
    }

    func testSexParsesCodesAndLetters() throws {
        XCTAssertEqual(try Sex.parse("F"), .female)
        XCTAssertEqual(try Sex.parse("v"), .female)
        XCTAssertEqual(try Sex.parse(" male "), .male)
        XCTAssertEqual(try Sex.parse("X"), .x)
        XCTAssertThrowsError(try Sex.parse("unknown")) { error in
            XCTAssertEqual((error as? ReferenceDataError)?.rule, .sexUnknownValue)
        }
    }
}

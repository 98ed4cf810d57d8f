import SamenReferenceData
import XCTest

final class LanguageTests: XCTestCase {
    private func refusal(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> ReferenceDataError? {
        do {
            let found = try Language(text)
            XCTFail("'\(text)' was accepted as \(found.code)", file: file, line: line)
            return nil
        } catch {
            XCTAssertEqual(error.field, "language", file: file, line: line)
            return error
        }
    }

    func testHoldsEveryISO6391CodeOnce() {
        let twoLetter = Language.all.filter { $0.standard == .iso6391 }
        XCTAssertEqual(twoLetter.count, 183)
        XCTAssertEqual(Set(Language.all.map(\.code)).count, Language.all.count)
        for language in Language.all {
            XCTAssertEqual(language.code.count, language.standard == .iso6391 ? 2 : 3, language.code)
            XCTAssertTrue(language.code.allSatisfy { $0.isASCII && $0.isLowercase }, language.code)
            XCTAssertFalse(language.englishName.isEmpty)
            XCTAssertFalse(language.dutchName.isEmpty)
            XCTAssertEqual(try Language(language.code), language)
        }
        XCTAssertTrue((40...80).contains(Language.all.count - twoLetter.count))
    }

    func testNamesTheMOCourseLanguagesAsTheReportDoes() throws {
        let report: [(String, String)] = [
            ("sq", "Albanees"), ("ar", "Arabisch"), ("bg", "Bulgaars"), ("en", "Engels"), ("fa", "Farsi"), ("fr", "Frans"),
            ("nl", "Nederlands"), ("ps", "Pashtu"), ("pl", "Pools"), ("ro", "Roemeens"), ("ru", "Russisch"),
            ("es", "Spaans"), ("tr", "Turks"), ("sk", "Slowaaks"), ("ti", "Tigrinya"), ("prs", "Dari"),
        ]
        for (code, dutch) in report {
            XCTAssertEqual(try Language(code).dutchName, dutch, code)
        }
    }

    func testDariIsItsOwnLanguageBesideFarsi() throws {
        let dari = try Language("prs")
        let farsi = try Language("fa")
        XCTAssertNotEqual(dari, farsi)
        XCTAssertEqual(dari.standard, .iso6393)
        XCTAssertEqual(farsi.standard, .iso6391)
    }

    func testAcceptsTheFieldsLanguagesWithoutATwoLetterCode() throws {
        for code in ["kmr", "ckb", "kab", "tzm", "rif", "shi", "rom", "aii", "fuc", "din", "mnk", "yue", "nan", "vgt"] {
            XCTAssertEqual(try Language(code).standard, .iso6393, code)
        }
        for code in ["ti", "om", "so", "ln", "wo", "ff"] {
            XCTAssertEqual(try Language(code).standard, .iso6391, code)
        }
    }

    func testParsesAnyCaseAndPrintsLowercase() throws {
        XCTAssertEqual(try Language("NL").code, "nl")
        XCTAssertEqual(try Language(" Prs ").code, "prs")
    }

    func testRefusesAThreeLetterCodeNamingTheTwoLetterOne() {
        let cases = [("nld", "nl"), ("fas", "fa"), ("dut", "nl"), ("per", "fa"), ("ara", "ar"), ("tir", "ti"),
                     ("som", "so"), ("pes", "fa"), ("cmn", "zh"), ("ENG", "en"), ("kur", "ku")]
        for (code, shorter) in cases {
            let error = refusal(code)
            XCTAssertEqual(error?.rule, .languageHasShorterCode, code)
            XCTAssertEqual(error?.problem.contains("'\(shorter)'"), true, error?.message ?? "")
            XCTAssertEqual(error?.problem.hasSuffix("use \(shorter)"), true, error?.message ?? "")
        }
    }

    func testRefusesUnknownCodesNamingThem() {
        for code in ["xx", "qqq", "zzz", "sh", "iw"] {
            let error = refusal(code)
            XCTAssertEqual(error?.rule, .languageUnknown, code)
            XCTAssertEqual(error?.message.contains("'\(code)'"), true, error?.message ?? "")
        }
        XCTAssertEqual(refusal("iw")?.problem.hasSuffix("(withdrawn; use he)"), true)
    }

    func testRefusesTextThatIsNoCode() {
        for text in ["", "n", "nl-BE", "dutch", "n1", "é"] {
            XCTAssertEqual(refusal(text)?.rule, .languageFormat, text)
        }
    }

    func testCodesAsTheCode() throws {
        let data = try JSONEncoder().encode([try Language("PRS"), try Language("nl")])
        XCTAssertEqual(String(decoding: data, as: UTF8.self), "[\"prs\",\"nl\"]")
        XCTAssertEqual(try JSONDecoder().decode([Language].self, from: data).map(\.code), ["prs", "nl"])
        XCTAssertThrowsError(try JSONDecoder().decode([Language].self, from: Data("[\"nld\"]".utf8)))
    }

    func testAllCodedValuesRefuseMalformedJSONValues() {
        XCTAssertThrowsError(try JSONDecoder().decode([INSZ].self, from: Data("[85073003328]".utf8)))
        XCTAssertThrowsError(try JSONDecoder().decode([Nationality].self, from: Data("[null]".utf8)))
    }
}

import SamenReferenceData
import XCTest

final class NationalityTests: XCTestCase {
    private func refusal(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> ReferenceDataError? {
        do {
            let found = try Nationality(text)
            XCTFail("'\(text)' was accepted as \(found.code)", file: file, line: line)
            return nil
        } catch {
            XCTAssertEqual(error.field, "nationality", file: file, line: line)
            return error
        }
    }

    func testHoldsEveryOfficiallyAssignedCodeOnceAndTheFourOthers() {
        let official = Nationality.all.filter(\.isOfficiallyAssigned)
        XCTAssertEqual(official.count, 249)
        XCTAssertEqual(Set(Nationality.all.map(\.code)).count, Nationality.all.count)
        for nationality in Nationality.all {
            XCTAssertEqual(nationality.code.count, 2, nationality.code)
            XCTAssertTrue(nationality.code.allSatisfy { $0.isASCII && $0.isUppercase }, nationality.code)
            XCTAssertFalse(nationality.englishName.isEmpty)
            XCTAssertFalse(nationality.dutchName.isEmpty)
            XCTAssertEqual(try Nationality(nationality.code), nationality)
        }
        XCTAssertEqual(Nationality.all.filter { !$0.isOfficiallyAssigned }.map(\.code), ["XK", "XA", "XX", "XU"])
    }

    func testNamesTheReportsTopTwentyAsTheReportDoes() throws {
        let report: [(String, String)] = [
            ("BG", "Bulgarije"), ("CN", "China"), ("RO", "Roemenië"), ("NL", "Nederland"), ("ES", "Spanje"),
            ("TR", "Turkije"), ("IT", "Italië"), ("IN", "Indië"), ("PL", "Polen"), ("IR", "Iran"),
            ("GB", "Verenigd Koninkrijk"), ("FR", "Frankrijk"), ("BR", "Brazilië"), ("PT", "Portugal"),
            ("MA", "Marokko"), ("SK", "Slowakije"), ("GH", "Ghana"), ("US", "Verenigde Staten"),
            ("DE", "Duitsland"), ("GR", "Griekenland"),
        ]
        for (code, dutch) in report {
            XCTAssertEqual(try Nationality(code).dutchName, dutch, code)
        }
        XCTAssertEqual(try Nationality("SY").dutchName, "Syrië")
        XCTAssertEqual(try Nationality("AF").englishName, "Afghanistan")
        XCTAssertEqual(try Nationality("ER").kind, .country)
    }

    func testParsesAnyCaseAndPrintsUppercase() throws {
        XCTAssertEqual(try Nationality("bg").code, "BG")
        XCTAssertEqual(try Nationality(" Ma ").code, "MA")
        XCTAssertEqual(try Nationality("xk").description, "XK")
    }

    func testKosovoAndTheStatusesThatAreNotCountries() throws {
        XCTAssertEqual(try Nationality("XK"), .kosovo)
        XCTAssertEqual(try Nationality("XK").kind, .country)
        XCTAssertEqual(try Nationality("XA").kind, .stateless)
        XCTAssertEqual(try Nationality("XA").dutchName, "Staatloos")
        XCTAssertEqual(try Nationality("XX").kind, .unknown)
        XCTAssertEqual(try Nationality("XU").kind, .undetermined)
        XCTAssertEqual(try Nationality("xxa"), .stateless)
        XCTAssertEqual(try Nationality("XXX"), .unknown)
    }

    func testRefusesUnassignedCodesNamingTheCode() {
        for code in ["QQ", "EU", "AA", "ZZ", "XB", "BEL"] {
            let error = refusal(code)
            XCTAssertEqual(error?.rule, .nationalityUnknown, code)
            XCTAssertEqual(error?.message.contains("'\(code)'"), true, error?.message ?? "")
        }
        XCTAssertEqual(refusal("uk")?.problem.hasSuffix("use GB"), true)
        XCTAssertEqual(refusal("EL")?.problem.hasSuffix("use GR"), true)
    }

    func testRefusesTextThatIsNoCode() {
        for text in ["", "B", "B1", "België", "B E", "ÉÉ", String(repeating: "A", count: 300)] {
            XCTAssertEqual(refusal(text)?.rule, .nationalityFormat, text)
        }
    }

    func testCodesAsTheCode() throws {
        let data = try JSONEncoder().encode([try Nationality("ro"), Nationality.stateless])
        XCTAssertEqual(String(decoding: data, as: UTF8.self), "[\"RO\",\"XA\"]")
        XCTAssertEqual(try JSONDecoder().decode([Nationality].self, from: data), [try Nationality("RO"), .stateless])
        XCTAssertThrowsError(try JSONDecoder().decode([Nationality].self, from: Data("[\"QQ\"]".utf8)))
    }
}

import SamenReferenceData
import XCTest

final class MunicipalityTests: XCTestCase {
    private func date(_ text: String) -> CivilDate { try! CivilDate(text) }
    private let now = try! CivilDate("2025-06-01")

    private func refusal(_ text: String, on day: String, file: StaticString = #filePath, line: UInt = #line) -> ReferenceDataError? {
        do {
            let found = try Municipality.find(text, on: date(day))
            XCTFail("'\(text)' was found as \(found)", file: file, line: line)
            return nil
        } catch {
            XCTAssertEqual(error.field, "municipality", file: file, line: line)
            return error
        }
    }

    private func counts(on day: String) -> (flemish: Int, brussels: Int) {
        let existing = Municipality.all(on: date(day))
        let brussels = existing.filter { $0.province == .brussels }.count
        return (existing.count - brussels, brussels)
    }

    func testCountsSinceTheMergersOf2025() {
        XCTAssertEqual(counts(on: "2025-01-01").flemish, 285)
        XCTAssertEqual(counts(on: "2025-01-01").brussels, 19)
        XCTAssertEqual(counts(on: "2026-11-24").flemish, 285)
    }

    func testCountsBetweenTheMergersOf2019And2025() {
        XCTAssertEqual(counts(on: "2019-06-01").flemish, 300)
        XCTAssertEqual(counts(on: "2019-06-01").brussels, 19)
        XCTAssertEqual(counts(on: "2019-01-01").flemish, 300)
        XCTAssertEqual(counts(on: "2024-12-31").flemish, 300)
    }

    func testCountsBeforeTheMergersOf2019() {
        XCTAssertEqual(counts(on: "2018-12-31").flemish, 308)
        XCTAssertEqual(counts(on: "1988-01-01").flemish, 308)
        XCTAssertEqual(Municipality.all(on: date("1987-12-31")).count, 0)
    }

    func testCountsPerProvince() {
        func perProvince(_ day: String) -> [Municipality.Province: Int] {
            Dictionary(grouping: Municipality.all(on: date(day)), by: \.province).mapValues(\.count)
        }
        XCTAssertEqual(perProvince("2019-06-01"), [.antwerpen: 69, .limburg: 42, .oostVlaanderen: 60, .vlaamsBrabant: 65,
                                                   .westVlaanderen: 64, .brussels: 19])
        // Zwijndrecht left the province of Antwerpen for Oost-Vlaanderen when it became part of Beveren-Kruibeke-Zwijndrecht.
        XCTAssertEqual(perProvince("2025-01-01"), [.antwerpen: 67, .limburg: 38, .oostVlaanderen: 55, .vlaamsBrabant: 63,
                                                   .westVlaanderen: 62, .brussels: 19])
    }

    func testKnownCodes() throws {
        let known: [(String, String, Municipality.Province)] = [
            ("44021", "Gent", .oostVlaanderen), ("11002", "Antwerpen", .antwerpen), ("21004", "Brussel", .brussels),
            ("24062", "Leuven", .vlaamsBrabant), ("31005", "Brugge", .westVlaanderen), ("71016", "Genk", .limburg),
            ("46021", "Sint-Niklaas", .oostVlaanderen), ("23088", "Vilvoorde", .vlaamsBrabant), ("12025", "Mechelen", .antwerpen),
            ("44083", "Deinze", .oostVlaanderen), ("72043", "Pelt", .limburg), ("23106", "Pajottegem", .vlaamsBrabant),
            ("46030", "Beveren-Kruibeke-Zwijndrecht", .oostVlaanderen), ("21015", "Schaarbeek", .brussels),
        ]
        for (code, name, province) in known {
            let municipality = try Municipality(nisCode: code)
            XCTAssertEqual(municipality.name, name, code)
            XCTAssertEqual(municipality.province, province, code)
        }
        XCTAssertEqual(Set(Municipality.all.map(\.nisCode)).count, Municipality.all.count)
        XCTAssertTrue(Municipality.all.allSatisfy { $0.nisCode.count == 5 && $0.nisCode.allSatisfy(\.isNumber) })
    }

    func testMergedAwayMunicipalitiesNameTheirSuccessorAndEndTheDayBefore() throws {
        let nevele = try Municipality(nisCode: "44049")
        XCTAssertEqual(nevele.lastDay, date("2018-12-31"))
        XCTAssertEqual(nevele.successorCode, "44083")
        XCTAssertTrue(nevele.existed(on: date("2018-12-31")))
        XCTAssertFalse(nevele.existed(on: date("2019-01-01")))
        let borsbeek = try Municipality(nisCode: "11007")
        XCTAssertEqual(borsbeek.lastDay, date("2024-12-31"))
        XCTAssertEqual(borsbeek.successorCode, "11002")
        XCTAssertEqual(try Municipality(nisCode: "11056").successorCode, "46030")
        for municipality in Municipality.all {
            XCTAssertEqual(municipality.lastDay == nil, municipality.successorCode == nil, municipality.nisCode)
            guard let successorCode = municipality.successorCode, let lastDay = municipality.lastDay else { continue }
            let successor = try Municipality(nisCode: successorCode)
            // Every merger took effect on 1 January.
            XCTAssertEqual([lastDay.month, lastDay.day], [12, 31], municipality.nisCode)
            let dayAfter = try CivilDate(year: lastDay.year + 1, month: 1, day: 1)
            XCTAssertTrue(successor.existed(on: dayAfter), "\(municipality) → \(successor)")
        }
    }

    func testFindsByCodeOnTheDatesTheMunicipalityExisted() throws {
        XCTAssertEqual(try Municipality.find("44049", on: date("2018-05-01")).name, "Nevele")
        let error = refusal("44049", on: "2019-06-01")
        XCTAssertEqual(error?.rule, .municipalityNotOnDate)
        XCTAssertEqual(error?.problem.contains("until 2018-12-31"), true, error?.message ?? "")
        XCTAssertEqual(error?.problem.contains("Deinze (44083)"), true, error?.message ?? "")
        XCTAssertEqual(refusal("23106", on: "2024-12-31")?.problem.contains("exists from 2025-01-01"), true)
        XCTAssertEqual(try Municipality.find("23106", on: date("2025-01-01")).name, "Pajottegem")
    }

    func testFindsByNameIgnoringCaseAccentsAndPunctuation() throws {
        XCTAssertEqual(try Municipality.find("Sint-Niklaas", on: now).nisCode, "46021")
        XCTAssertEqual(try Municipality.find("sint niklaas", on: now).nisCode, "46021")
        XCTAssertEqual(try Municipality.find("  SINT-niklaas ", on: now).nisCode, "46021")
        XCTAssertEqual(try Municipality.find("gent", on: now).nisCode, "44021")
        XCTAssertEqual(try Municipality.find("déstelbergen", on: now).nisCode, "44013")
        XCTAssertEqual(try Municipality.find("Knokke Heist", on: now).nisCode, "31043")
        XCTAssertEqual(try Municipality.find("Kortrijk", on: now).province, .westVlaanderen)
        XCTAssertEqual(try Municipality.find("nazareth de pinte", on: now).nisCode, "44086")
        XCTAssertEqual(try Municipality.find("SINT-GENÉSIUS-RODE", on: now).nisCode, "23101")
    }

    func testFindsBrusselsMunicipalitiesByTheirFrenchNameToo() throws {
        XCTAssertEqual(try Municipality.find("Bruxelles", on: now).nisCode, "21004")
        XCTAssertEqual(try Municipality.find("Molenbeek-Saint-Jean", on: now).name, "Sint-Jans-Molenbeek")
        XCTAssertEqual(try Municipality.find("ixelles", on: now).name, "Elsene")
        XCTAssertEqual(try Municipality.find("Elsene", on: now).frenchName, "Ixelles")
        XCTAssertEqual(try Municipality.find("Saint-Josse-ten-Noode", on: now).nisCode, "21014")
    }

    func testANameMeansTheMunicipalityOfThatNameOnTheDate() throws {
        XCTAssertEqual(try Municipality.find("Deinze", on: date("2018-06-01")).nisCode, "44011")
        XCTAssertEqual(try Municipality.find("Deinze", on: date("2019-06-01")).nisCode, "44083")
        XCTAssertEqual(try Municipality.find("Hasselt", on: date("2019-06-01")).nisCode, "71022")
        XCTAssertEqual(try Municipality.find("Hasselt", on: now).nisCode, "71072")
        XCTAssertEqual(try Municipality.find("Tielt", on: now).nisCode, "37022")
        XCTAssertEqual(try Municipality.find("Melle", on: date("2019-06-01")).nisCode, "44040")
        let melle = refusal("Melle", on: "2025-01-01")
        XCTAssertEqual(melle?.rule, .municipalityNotOnDate)
        XCTAssertEqual(melle?.problem.contains("Merelbeke-Melle (44088)"), true, melle?.message ?? "")
        XCTAssertEqual(refusal("Lievegem", on: "2018-12-31")?.rule, .municipalityNotOnDate)
    }

    func testEveryNameOfADayFindsExactlyItsMunicipality() throws {
        for day in ["1988-01-01", "2018-12-31", "2019-01-01", "2024-12-31", "2025-01-01"] {
            for municipality in Municipality.all(on: date(day)) {
                for name in [municipality.name, municipality.frenchName].compactMap({ $0 }) {
                    XCTAssertEqual(try Municipality.find(name, on: date(day)), municipality, "\(name) on \(day)")
                    XCTAssertEqual(try Municipality.find(name.uppercased(), on: date(day)), municipality, "\(name) on \(day)")
                }
            }
        }
    }

    func testRefusesUnknownCodesAndNamesNamingThem() {
        let code = refusal("99999", on: "2025-06-01")
        XCTAssertEqual(code?.rule, .municipalityUnknown)
        XCTAssertEqual(code?.message.contains("'99999'"), true)
        XCTAssertEqual(refusal("62063", on: "2025-06-01")?.rule, .municipalityUnknown)
        let name = refusal("Luik", on: "2025-06-01")
        XCTAssertEqual(name?.rule, .municipalityUnknown)
        XCTAssertEqual(name?.message.contains("'Luik'"), true)
        XCTAssertEqual(refusal("", on: "2025-06-01")?.rule, .municipalityUnknown)
        XCTAssertEqual(refusal(String(repeating: "x", count: 1_000), on: "2025-06-01")?.rule, .municipalityUnknown)
        XCTAssertThrowsError(try Municipality(nisCode: "4402"))
    }

    func testRefusesDatesBeforeTheCoverage() {
        XCTAssertEqual(refusal("Gent", on: "1987-12-31")?.rule, .municipalityNotOnDate)
    }

    func testCodesAsTheNISCodeWhateverTheDate() throws {
        let data = try JSONEncoder().encode([try Municipality(nisCode: "44049")])
        XCTAssertEqual(String(decoding: data, as: UTF8.self), "[\"44049\"]")
        XCTAssertEqual(try JSONDecoder().decode([Municipality].self, from: data).first?.name, "Nevele")
        XCTAssertThrowsError(try JSONDecoder().decode([Municipality].self, from: Data("[\"Gent\"]".utf8)))
    }
}

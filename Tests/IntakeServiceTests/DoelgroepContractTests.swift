import Foundation
import SamenCodec
import SamenContracts
import SamenReferenceData
import XCTest

final class DoelgroepContractTests: XCTestCase {
    func testWireNamesAreTheDocumentedOnes() {
        XCTAssertEqual(Doelgroep.allCases.map(\.rawValue), ["verplicht", "rechthebbend", "onbepaald", "niet-doelgroep"])
        XCTAssertEqual(DoelgroepReason.missingFacts.rawValue, "missing-facts")
        XCTAssertEqual(DoelgroepReason.thirdCountryAdultLongStay.rawValue, "third-country-adult-long-stay")
        XCTAssertEqual(ResidencePermitKind.upToThreeMonths.rawValue, "up-to-3-months")
    }

    func testOnlyMissingFactsIsOnbepaaldAndEveryOtherDoelgroepHasAReason() {
        XCTAssertEqual(DoelgroepReason.allCases.filter { $0.doelgroep == .onbepaald }, [.missingFacts])
        for doelgroep in Doelgroep.allCases {
            XCTAssertTrue(DoelgroepReason.allCases.contains { $0.doelgroep == doelgroep }, doelgroep.rawValue)
        }
    }

    func testFactsAreEncodedUnderTheNamesAMissingFactUses() throws {
        let facts = DoelgroepFacts(birthDate: try CivilDate("1990-01-01"), nationalities: ["SY"], bornAbroad: true,
                                   parentBornAbroad: true, permitKind: .limited, permitValidUntil: try CivilDate("2021-01-01"),
                                   arrivalDate: try CivilDate("2019-01-01"), firstRegistration: true, municipality: "44021",
                                   referenceDate: try CivilDate("2019-02-01"))
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: JSONEncoder().encode(facts)) as? [String: Any])
        XCTAssertEqual(Set(object.keys), Set(DoelgroepFact.allCases.map(\.rawValue)))
        XCTAssertEqual(object["permitKind"] as? String, "limited")
        XCTAssertEqual(object["birthDate"] as? String, "1990-01-01")
        XCTAssertEqual(try JSONDecoder().decode(DoelgroepFacts.self, from: JSONEncoder().encode(facts)), facts)
    }

    func testAbsentFactsDecodeAsMissingOnTheWire() throws {
        let facts = DoelgroepFacts(nationalities: ["XK"], municipality: "21004")
        let decoded = try BinaryDecoder().decode(DoelgroepFacts.self, from: BinaryEncoder().encode(facts))
        XCTAssertEqual(decoded, facts)
        XCTAssertNil(decoded.birthDate)
        let fromJSON = try JSONDecoder().decode(DoelgroepFacts.self, from: Data(#"{"municipality":"44021"}"#.utf8))
        XCTAssertEqual(fromJSON, DoelgroepFacts(municipality: "44021"))
    }

    func testADecisionSurvivesTheBinaryCodec() throws {
        let decision = DoelgroepDecision(doelgroep: .onbepaald, reason: .missingFacts, ruleSetVersion: "2019.1",
                                         missingFacts: [.birthDate, .municipality], decidedOn: try CivilDate("2019-03-04"),
                                         legalBasis: "basis")
        let decoded = try BinaryDecoder().decode(DoelgroepDecision.self, from: BinaryEncoder().encode(decision))
        XCTAssertEqual(decoded, decision)
        let json = String(decoding: try JSONEncoder().encode(decision.missingFacts), as: UTF8.self)
        XCTAssertEqual(json, #"["birthDate","municipality"]"#)
    }

    func testAnUnknownReasonOrPermitKindIsRefused() {
        XCTAssertThrowsError(try JSONDecoder().decode([DoelgroepReason].self, from: Data(#"["too-old"]"#.utf8)))
        XCTAssertThrowsError(try JSONDecoder().decode([ResidencePermitKind].self, from: Data(#"["visa"]"#.utf8)))
    }
}

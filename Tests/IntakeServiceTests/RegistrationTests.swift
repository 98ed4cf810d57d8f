import IntakeService
import SamenContracts
import SamenReferenceData
import SamenRPC
import SamenTestSupport
import XCTest

/// A registration at the desk: every field validated with one precise error naming it, a doelgroep decided.
final class RegistrationTests: XCTestCase {
    var intake: IntakeMesh!
    var desk: IntakeClient!

    override func setUp() async throws {
        intake = try await IntakeMesh(regions: ["gent"])
        desk = try intake.staff("gent")
    }

    override func tearDown() async throws {
        await intake.stop()
    }

    func testAValidRegistrationMakesAFileWithItsDoelgroep() async throws {
        let born = try CivilDate("1990-05-17")
        let insz = Fixtures.insz(born: born, sequence: 124)
        let file = try await desk.register(Fixtures.registration(insz: insz))
        XCTAssertEqual(file.region, "gent")
        XCTAssertEqual(file.version, 1)
        XCTAssertEqual(file.insz, insz)
        XCTAssertFalse(file.minor)
        XCTAssertEqual(file.decisions.count, 1)
        XCTAssertEqual(file.doelgroep.doelgroep, .verplicht, "\(file.doelgroep)")
        XCTAssertEqual(file.municipality, "44021")
        let read = try await desk.get(file.personID)
        XCTAssertEqual(read, file)
        let found = try await desk.find(insz: String(insz.prefix(6)) + "-" + String(insz.dropFirst(6)))
        XCTAssertEqual(found.personID, file.personID)
    }

    func testAPersonWithoutAnINSZCanRegister() async throws {
        let file = try await desk.register(Fixtures.registration(insz: nil))
        XCTAssertNil(file.insz)
        XCTAssertTrue(file.crossRegion.unverifiedRegions.isEmpty)
    }

    /// Each broken rule is `invalid_argument` naming its field, and nothing is stored.
    func testEveryBrokenRuleNamesItsField() async throws {
        let born = try CivilDate("1990-05-17")
        let good = Fixtures.insz(born: born, sequence: 124)
        var wrongCheck = Array(good)
        wrongCheck[10] = wrongCheck[10] == "0" ? "1" : "0"
        let pre2000Digits = Fixtures.insz(born: try CivilDate("1901-03-04"), sequence: 124)  // check digits of the 1900s
        let cases: [(String, Registration)] = [
            ("insz", Fixtures.registration(insz: String(wrongCheck))),
            // Check digits of the 1900s make it the number of someone born in 1901: the 2000 rule tells the century.
            ("birthDate", Fixtures.registration(born: "2001-03-04", insz: pre2000Digits)),
            ("insz", Fixtures.registration(insz: "123")),
            ("sex", Fixtures.registration(sex: .male, insz: good)),
            ("birthDate", Fixtures.registration(born: "1990-05-18", insz: good)),
            ("birthDate", Fixtures.registration(born: Fixtures.today.adding(years: 1)!.description)),
            ("nationalities[0]", Fixtures.registration(nationalities: ["ZZ"])),
            ("nationalities", Fixtures.registration(nationalities: [])),
            ("municipality", Fixtures.registration(municipality: "99999")),
            ("desk", Fixtures.registration(desk: "Gent Centrum")),
            ("name.given", Fixtures.registration(given: "  ")),
            ("registeredOn", Fixtures.registration(registeredOn: Fixtures.today.adding(years: 1)!)),
        ]
        for (field, registration) in cases {
            let error = await assertRPCError(.invalidArgument) { try await self.desk.register(registration) }
            XCTAssertEqual(error?.details["field"], field, "\(error?.message ?? "")")
        }
        var language = Fixtures.registration()
        language.languages = ["nld"]
        let languageError = await assertRPCError(.invalidArgument) { try await self.desk.register(language) }
        XCTAssertEqual(languageError?.details["field"], "languages[0]")
        XCTAssertTrue(languageError?.message.contains("nl") ?? false, languageError?.message ?? "")
        var arrival = Fixtures.registration(born: "1990-05-17")
        arrival.arrivalDate = try CivilDate("1989-01-01")
        let arrivalError = await assertRPCError(.invalidArgument) { try await self.desk.register(arrival) }
        XCTAssertEqual(arrivalError?.details["field"], "arrivalDate")
        let page = try await desk.list(ListRequest())
        XCTAssertTrue(page.persons.isEmpty, "a refused registration stored something")
    }

    func testBisNumbersAndTheYear2000RuleAreAccepted() async throws {
        let born = try CivilDate("2003-11-02")
        let national = Fixtures.insz(born: born, sequence: 57)
        let file = try await desk.register(Fixtures.registration(born: "2003-11-02", sex: .male, insz: national))
        XCTAssertEqual(file.insz, national)
        let bisBorn = try CivilDate("1985-07-30")
        let bis = Fixtures.insz(born: bisBorn, sequence: 34, bis: 40)
        let bisFile = try await desk.register(Fixtures.registration(born: "1985-07-30", sex: .female, insz: bis))
        XCTAssertEqual(bisFile.insz, bis)
        let unknownSex = Fixtures.insz(born: bisBorn, sequence: 35, bis: 20)
        let x = try await desk.register(Fixtures.registration(given: "Other", born: "1985-07-30", sex: .female, insz: unknownSex))
        XCTAssertEqual(x.insz, unknownSex, "a bis number issued without a known sex says nothing about the sex")
    }

    func testAMinorIsReferredToEducationNotToNT2() async throws {
        let born = Fixtures.today.adding(years: -15)!
        let minor = try await desk.register(Fixtures.registration(born: born.description, insz: nil))
        XCTAssertTrue(minor.minor)
        XCTAssertEqual(minor.doelgroep.doelgroep, .nietDoelgroep)
        let referred = try await desk.referToEducation(EducationReferralRequest(
            file: FileReference(personID: minor.personID, version: minor.version),
            referral: EducationReferral(kind: .okan, school: "OKAN Voorbeeldschool", referredOn: Fixtures.today)))
        XCTAssertEqual(referred.educationReferrals.count, 1)
        XCTAssertEqual(referred.version, 2)
        await assertRPCError(.failedPrecondition) {
            try await self.desk.recordNT2(NT2RecordRequest(file: FileReference(personID: referred.personID, version: referred.version),
                                                           record: NT2Record(kind: .conversation, on: Fixtures.today)))
        }
        let adult = try await desk.register(Fixtures.registration(given: "Adulta", insz: nil))
        await assertRPCError(.failedPrecondition) {
            try await self.desk.referToEducation(EducationReferralRequest(
                file: FileReference(personID: adult.personID, version: adult.version),
                referral: EducationReferral(kind: .regularSchool, school: "School", referredOn: Fixtures.today)))
        }
    }

    func testAddedFactsReDecideAndHistoryKeepsEveryDecision() async throws {
        var registration = Fixtures.registration(insz: nil)
        registration.residencePermit = nil
        registration.arrivalDate = nil
        let first = try await desk.register(registration)
        XCTAssertEqual(first.doelgroep.doelgroep, .onbepaald, "\(first.doelgroep)")
        XCTAssertFalse(first.doelgroep.missingFacts.isEmpty)
        let updated = try await desk.update(PersonUpdate(
            file: FileReference(personID: first.personID, version: first.version),
            changes: PersonChanges(arrivalDate: try CivilDate("2019-01-10"),
                                   residencePermit: ResidencePermit(kind: .limited, validUntil: Fixtures.today.adding(years: 1)))))
        XCTAssertEqual(updated.version, 2)
        XCTAssertEqual(updated.decisions.count, 2)
        XCTAssertEqual(updated.decisions.first?.doelgroep, .onbepaald)
        XCTAssertEqual(updated.doelgroep.doelgroep, .verplicht)
    }

    func testAStaleUpdateIsRefusedAndChangesNothing() async throws {
        let file = try await desk.register(Fixtures.registration(insz: nil))
        let reference = FileReference(personID: file.personID, version: file.version)
        _ = try await desk.update(PersonUpdate(file: reference, changes: PersonChanges(languages: ["ar"])))
        let error = await assertRPCError(.aborted) {
            try await self.desk.update(PersonUpdate(file: reference, changes: PersonChanges(languages: ["tr"])))
        }
        XCTAssertEqual(error?.details["field"], "version")
        let now = try await desk.get(file.personID)
        XCTAssertEqual(now.languages, ["ar"])
        XCTAssertEqual(now.version, 2)
    }

    func testARetriedRegistrationReturnsTheFirstFile() async throws {
        let born = try CivilDate("1990-05-17")
        let registration = Fixtures.registration(insz: Fixtures.insz(born: born, sequence: 222))
        let options = CallOptions(idempotencyKey: "desk-retry-1")
        let first = try await desk.register(registration, options: options)
        let second = try await desk.register(registration, options: options)
        XCTAssertEqual(first, second)
        let page = try await desk.list(ListRequest())
        XCTAssertEqual(page.persons.count, 1)
        var other = registration
        other.desk = "gent-zuid"
        await assertRPCError(.failedPrecondition) { try await self.desk.register(other, options: options) }
    }
}

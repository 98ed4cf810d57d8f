import Foundation
import SamenContracts
import SamenReferenceData
import SamenRPC
import SamenTestSupport
import XCTest

/// Organisations and their cooperation agreements, and the rules a request must meet to be taken.
final class OrganisationTests: TolkdienstTestCase {
    func testARequestIsTakenOnlyOnADayTheOrganisationsAgreementCovers() async throws {
        let hospital = try await organisation(from: "2030-01-01", until: "2030-03-31")
        XCTAssertEqual(hospital.id, "gent-o1")
        XCTAssertEqual(hospital.region, "gent", "the service's own region when none is given")

        let taken = try await request(hospital, on: "2030-03-31")
        XCTAssertEqual(taken.state, .open)
        XCTAssertEqual(taken.region, "gent")

        let refused = await assertRPCError(.failedPrecondition) { try await self.request(hospital, on: "2030-04-01") }
        XCTAssertEqual(refused?.details["field"], "organisationID")
        XCTAssertTrue(refused?.message.contains("gent-o1") == true && refused?.message.contains("no cooperation agreement") == true,
                      refused?.message ?? "")

        let notYet = try await organisation(from: "2030-06-01", until: nil)
        await assertRPCError(.failedPrecondition) { try await self.request(notYet, on: "2030-05-31") }
        _ = try await request(notYet, on: "2031-05-31")

        let extended = try await planner.updateOrganisation(OrganisationUpdate(
            organisationID: hospital.id, version: hospital.version, organisation: organisationInput(until: "2030-12-31")))
        XCTAssertEqual(extended.version, 2)
        let extendedState = try await request(hospital, on: "2030-04-01").state
        XCTAssertEqual(extendedState, .open, "the extended agreement covers the day")

        await assertRPCError(.aborted) {
            try await self.planner.updateOrganisation(OrganisationUpdate(organisationID: hospital.id, version: 1,
                                                                         organisation: self.organisationInput(until: nil)))
        }
        await assertRPCError(.notFound) { try await self.request(Organisation(
            id: "gent-o99", version: 1, name: "x", sector: .andere, contact: hospital.contact, region: "gent",
            agreementFrom: self.day("2030-01-01"), agreementUntil: nil)) }
        let page = try await planner.organisations()
        XCTAssertEqual(page.organisations.map(\.id), ["gent-o1", "gent-o2"])
    }

    func testOrganisationFieldsAreCheckedByName() async throws {
        func input(_ change: (inout OrganisationInput) -> Void) -> OrganisationInput {
            var input = organisationInput()
            change(&input)
            return input
        }
        await assertInvalid("name") { try await self.planner.addOrganisation(input { $0.name = "  " }) }
        await assertInvalid("contact.email") { try await self.planner.addOrganisation(input { $0.contact.email = "onthaal.example.org" }) }
        await assertInvalid("contact.phone") { try await self.planner.addOrganisation(input { $0.contact.phone = "call me maybe" }) }
        await assertInvalid("region") { try await self.planner.addOrganisation(input { $0.region = "antwerpen" }) }
        await assertInvalid("agreementUntil") { try await self.planner.addOrganisation(input { $0.agreementUntil = self.day("2029-12-31") }) }
        let page = try await planner.organisations()
        XCTAssertTrue(page.organisations.isEmpty, "no refused organisation was stored")
    }

    func testRequestFieldsAreRangeCheckedByName() async throws {
        let hospital = try await organisation()
        func input(_ change: (inout InterpretingRequestInput) -> Void) -> InterpretingRequestInput {
            var input = requestInput(hospital)
            change(&input)
            return input
        }
        await assertInvalid("durationMinutes") { try await self.planner.createRequest(input { $0.durationMinutes = 10 }) }
        await assertInvalid("durationMinutes") { try await self.planner.createRequest(input { $0.durationMinutes = 481 }) }
        await assertInvalid("durationMinutes") { try await self.planner.createRequest(input { $0.startMinute = 23 * 60; $0.durationMinutes = 90 }) }
        await assertInvalid("startMinute") { try await self.planner.createRequest(input { $0.startMinute = -1 }) }
        await assertInvalid("startMinute") { try await self.planner.createRequest(input { $0.startMinute = 1440 }) }
        await assertInvalid("date") { try await self.planner.createRequest(input { $0.date = self.day("2030-03-03") }) }
        await assertInvalid("place") { try await self.planner.createRequest(input { $0.place = nil }) }
        await assertInvalid("link") { try await self.planner.createRequest(input { $0.mode = .webcam; $0.link = nil }) }
        await assertInvalid("personID") { try await self.planner.createRequest(input { $0.personID = "Jan Peeters" }) }
        await assertInvalid("organisationID") { try await self.planner.createRequest(input { $0.organisationID = "o1" }) }
        let dutch = await assertRPCError(.invalidArgument) { try await self.planner.createRequest(input { $0.language = "dut" }) }
        XCTAssertEqual(dutch?.details["field"], "language")
        XCTAssertTrue(dutch?.message.contains("nl") == true, dutch?.message ?? "")
        let phone = try await planner.createRequest(input { $0.mode = .phone; $0.place = nil; $0.language = "AR" })
        XCTAssertEqual(phone.input.language, "ar", "codes are kept in canonical form")
    }

    func testInterpreterProfilesAreCheckedByName() async throws {
        func profile(_ change: (inout InterpreterProfile) -> Void) -> InterpreterProfile {
            var profile = self.profile("Amina")
            change(&profile)
            return profile
        }
        await assertInvalid("languages") { try await self.planner.addInterpreter(profile { $0.languages = [] }) }
        await assertInvalid("languages[1]") { try await self.planner.addInterpreter(profile { $0.languages = ["ar", "xx"] }) }
        await assertInvalid("modes") { try await self.planner.addInterpreter(profile { $0.modes = [] }) }
        await assertInvalid("regions[0]") { try await self.planner.addInterpreter(profile { $0.regions = ["brugge"] }) }
        await assertInvalid("weekly[0].weekday") { try await self.planner.addInterpreter(profile { $0.weekly[0].weekday = 8 }) }
        await assertInvalid("weekly[1].untilMinute") { try await self.planner.addInterpreter(profile { $0.weekly[1].untilMinute = 480 }) }
        await assertInvalid("weekly[2].untilMinute") { try await self.planner.addInterpreter(profile { $0.weekly[2].untilMinute = 1441 }) }
        await assertInvalid("exceptions[0].untilMinute") {
            try await self.planner.addInterpreter(profile { $0.exceptions = [AvailabilityException(date: self.day("2030-03-05"), fromMinute: 600)] })
        }
        await assertInvalid("translationPairs[0].to") {
            try await self.planner.addInterpreter(profile { $0.translationPairs = [LanguagePair(from: "ar", to: "AR")] })
        }
        await assertInvalid("sworn") { try await self.planner.addInterpreter(profile { $0.sworn = true }) }

        let added = try await planner.addInterpreter(profile {
            $0.languages = ["TI", "ar", "ar"]
            $0.translationPairs = [LanguagePair(from: "ar", to: "nl")]
            $0.sworn = true
        })
        XCTAssertEqual(added.id, "gent-i1")
        XCTAssertEqual(added.profile.languages, ["ar", "ti"], "canonical, sorted, once each")
        XCTAssertTrue(added.profile.sworn)
        let read = try await planner.interpreter(added.id)
        XCTAssertEqual(read, added)
        let updated = try await planner.updateInterpreter(InterpreterUpdate(interpreterID: added.id, version: 1, profile: profile { $0.active = false }))
        XCTAssertEqual(updated.version, 2)
        XCTAssertFalse(updated.profile.active)
        await assertRPCError(.aborted) {
            try await self.planner.updateInterpreter(InterpreterUpdate(interpreterID: added.id, version: 1, profile: self.profile("Amina")))
        }
        let listed = try await planner.interpreters().interpreters.map(\.id)
        XCTAssertEqual(listed, ["gent-i1"])
    }
}

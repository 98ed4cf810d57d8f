import Foundation
import SamenContracts
import SamenReferenceData
import SamenRPC
import SamenAgencyKit
import SamenStorage
@testable import TolkdienstService
import SamenTestSupport
import XCTest

/// Who may call what, the audit trail of requests naming a person, and the figures reporting reads.
final class PolicyAuditFiguresTests: TolkdienstTestCase {
    func testDeskAndTheAgencysServicesBookButOnlyPlannersOfTheRegionMatchAndAssign() async throws {
        let hospital = try await organisation()
        let amina = try await interpreter("Amina")
        let desk = try fixture.staff("a-desk", [.desk])
        let booked = try await desk.createRequest(requestInput(hospital))
        let readByDesk = try await desk.request(booked.id).id
        XCTAssertEqual(readByDesk, booked.id)
        await assertRPCError(.permissionDenied) { try await desk.match(booked.id) }
        await assertRPCError(.permissionDenied) { try await self.assign(booked, amina, by: desk) }
        await assertRPCError(.permissionDenied) { try await desk.addInterpreter(self.profile("Someone")) }

        let trajectory = try fixture.service(as: "trajectory")
        let bookedByTrajectory = try await trajectory.createRequest(requestInput(hospital, at: "14:00")).state
        XCTAssertEqual(bookedByTrajectory, .open)
        await assertRPCError(.permissionDenied) { try await self.fixture.service(as: "trajectory", region: "antwerpen").request(booked.id) }

        let otherRegion = try fixture.staff("an-planner", [.planner], region: "antwerpen")
        await assertRPCError(.permissionDenied) { try await otherRegion.match(booked.id) }
        let analyst = try fixture.staff("an-analyst", [.analyst])
        await assertRPCError(.permissionDenied) { try await analyst.request(booked.id) }
        let counsellor = try fixture.staff("a-counsellor", [.counsellor])
        await assertRPCError(.permissionDenied) { try await counsellor.createRequest(self.requestInput(hospital)) }
    }

    func testReadsAndChangesOfARequestNamingAPersonAreInTheAuditTrail() async throws {
        let hospital = try await organisation()
        let amina = try await interpreter("Amina")
        let desk = try fixture.staff("a-desk", [.desk])
        let booked = try await desk.createRequest(requestInput(hospital, person: "gent-p7"))
        _ = try await planner.match(booked.id)
        try await assign(booked, amina)
        _ = try await request(hospital, at: "14:00")   // names nobody

        let dpo = try fixture.staff("the-dpo", [.dpo])
        let page = try await dpo.audit(AuditQuery(personID: "gent-p7"))
        let events = page.events.reversed().map { [$0.method, $0.access.rawValue, $0.staff ?? ""] }
        XCTAssertEqual(events, [["tolkdienst/requests.create", "change", "samen://gent/staff/a-desk"],
                                ["tolkdienst/matching.candidates", "read", "samen://gent/staff/an-planner"],
                                ["tolkdienst/assignments.assign", "change", "samen://gent/staff/an-planner"]])
        let export = try await dpo.channel.call(TolkdienstAPI.audit.exportPerson, PersonExportRequest(personID: "gent-p7"))
        XCTAssertTrue(export.fileJSON.contains(booked.id), export.fileJSON)
        XCTAssertEqual(export.audit.map(\.method), ["tolkdienst/requests.create", "tolkdienst/matching.candidates", "tolkdienst/assignments.assign",
                                                    "tolkdienst/audit.query"], "the dpo's own query is a read of the person's file too")
        await assertRPCError(.notFound) { try await dpo.channel.call(TolkdienstAPI.audit.exportPerson, PersonExportRequest(personID: "gent-p8")) }
        await assertRPCError(.permissionDenied) { try await self.planner.audit(AuditQuery(personID: "gent-p7")) }
    }

    func testFiguresCountUsersPerSectorMinutesPerModeAndOutcomesWithLateCancellations() async throws {
        let hospital = try await organisation(sector: .gezondheid)
        let school = try await organisation(sector: .onderwijs)
        let idle = try await organisation(sector: .tewerkstelling)
        let amina = try await interpreter("Amina")
        func confirmed(_ request: InterpretingRequest) async throws -> InterpretingRequest {
            let assigned = try await assign(request, amina)
            return try await planner.confirm(RequestChange(requestID: assigned.id, version: assigned.version))
        }
        let onSite = try await confirmed(try await request(hospital, mode: .onSite, at: "09:00", minutes: 60))
        let webcam = try await confirmed(try await request(school, mode: .webcam, at: "11:00", minutes: 30))
        let missed = try await confirmed(try await request(school, mode: .webcam, at: "13:00", minutes: 30))
        let cancelled = try await request(idle, mode: .phone, at: "16:00", minutes: 30)

        fixture.clock.advance(by: 2 * 86_400)   // Wednesday 09:00
        _ = try await planner.complete(CompletionRequest(requestID: onSite.id, version: onSite.version, minutesInterpreted: 75))
        _ = try await planner.complete(CompletionRequest(requestID: webcam.id, version: webcam.version, minutesInterpreted: 30))
        _ = try await planner.noShow(NoShowRequest(requestID: missed.id, version: missed.version, absent: .interpreter))
        _ = try await planner.cancel(RequestChange(requestID: cancelled.id, version: cancelled.version, reason: "too late to matter"))

        let reporting = try fixture.service(as: "reporting", region: "antwerpen")
        let march = { (figure: String) in AggregateRequest(figure: figure, from: self.day("2030-03-01"), through: self.day("2030-03-31")) }
        let users = try await reporting.figures(march("organisations.bySector"))
        XCTAssertEqual(users.rows, [AggregateRow(keys: ["gent", "gezondheid", "interpreting"], value: 1),
                                    AggregateRow(keys: ["gent", "onderwijs", "interpreting"], value: 1)])
        let minutes = try await reporting.figures(march("minutes.byMode"))
        XCTAssertEqual(minutes.measure, "minutes")
        XCTAssertEqual(minutes.rows, [AggregateRow(keys: ["gent", "on-site"], value: 75), AggregateRow(keys: ["gent", "webcam"], value: 30)])
        let analyst = try fixture.staff("an-analyst", [.analyst])
        let outcomes = try await analyst.figures(march("requests.byOutcome"))
        XCTAssertEqual(outcomes.rows, [AggregateRow(keys: ["gent", "on-site", "completed"], value: 1),
                                       AggregateRow(keys: ["gent", "phone", "cancelled-late"], value: 1),
                                       AggregateRow(keys: ["gent", "webcam", "completed"], value: 1),
                                       AggregateRow(keys: ["gent", "webcam", "no-show"], value: 1)])
        let april = try await analyst.figures(AggregateRequest(figure: "minutes.byMode", from: day("2030-04-01"), through: day("2030-04-30")))
        XCTAssertTrue(april.rows.isEmpty)
        await assertInvalid("figure") { try await analyst.figures(march("hours.byMood")) }
        await assertRPCError(.permissionDenied) { try await self.planner.figures(march("minutes.byMode")) }
    }

    func testOrganisationsWithAnAgreementAreThoseWhoseAgreementCoversADayOfThePeriod() async throws {
        _ = try await organisation(sector: .gezondheid, from: "2030-03-31", until: nil)
        _ = try await organisation(sector: .gezondheid, from: "2029-01-01", until: "2030-03-01")
        let ended = try await organisation(sector: .onderwijs, from: "2030-01-01", until: "2030-12-31")
        _ = try await organisation(sector: .onderwijs, from: "2030-04-01", until: nil)
        _ = try await organisation(sector: .andere, from: "2029-01-01", until: "2030-02-28")
        // An agreement shortened to before March leaves March.
        var shortened = organisationInput(sector: .onderwijs, from: "2030-01-01", until: "2030-02-15")
        shortened.name = ended.name
        _ = try await planner.updateOrganisation(OrganisationUpdate(organisationID: ended.id, version: ended.version, organisation: shortened))

        let analyst = try fixture.staff("an-analyst", [.analyst])
        let march = AggregateRequest(figure: "organisations.withAgreement", from: day("2030-03-01"), through: day("2030-03-31"))
        let expected = [AggregateRow(keys: ["gent", "gezondheid"], value: 2)]
        let answered = try await analyst.figures(march)
        XCTAssertEqual(answered.dimensions, ["region", "sector"])
        XCTAssertEqual(answered.rows, expected)

        // Rows stored before the agreement had columns get them from their record when the figure is asked.
        let database = try Database(path: fixture.path, migrations: AgencySchema.all(with: TolkdienstSchema.migrations))
        try await database.write { try $0.run("UPDATE organisations SET agreement_from = NULL, agreement_until = NULL") }
        database.close()
        let filled = try await analyst.figures(march)
        XCTAssertEqual(filled.rows, expected)
        let february = try await analyst.figures(AggregateRequest(figure: "organisations.withAgreement", from: day("2030-02-01"), through: day("2030-02-28")))
        XCTAssertEqual(february.rows, [AggregateRow(keys: ["gent", "andere"], value: 1), AggregateRow(keys: ["gent", "gezondheid"], value: 1),
                                       AggregateRow(keys: ["gent", "onderwijs"], value: 1)])
    }
}

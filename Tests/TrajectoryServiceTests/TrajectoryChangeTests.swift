import Foundation
import SamenContracts
import SamenReferenceData
import SamenRPC
import SamenTestSupport
import XCTest

/// Changes of a signed trajectory: component transitions, versions, retries, reassignment, policy and audit.
final class TrajectoryChangeTests: XCTestCase {
    var mesh: TrajectoryMesh!
    var counsellor: TrajectoryClient!
    var file: TrajectoryFile!

    override func setUp() async throws {
        mesh = try await TrajectoryMesh()
        counsellor = try mesh.staff()
        _ = try await mesh.staff(user: "a-planner", roles: [.planner]).upsert(Counsellor(user: "c-ar", languages: ["ar"]))
        let person = try await mesh.intakes.staff("gent").register(Fixtures.registration())
        file = try await counsellor.sign(SignRequest(personID: person.personID))
    }

    override func tearDown() async throws {
        await mesh.stop()
    }

    func testComponentsMoveOnlyAlongTheirTransitions() async throws {
        let started = try await counsellor.updateComponent(ComponentUpdate(trajectory: file.reference, component: .mo, state: .inProgress))
        XCTAssertEqual(started.version, 2)
        XCTAssertEqual(started.components[0].state, .inProgress)
        XCTAssertEqual(started.components[0].startedOn, Fixtures.today)

        let skip = await assertRPCError(.failedPrecondition) {
            try await self.counsellor.updateComponent(ComponentUpdate(trajectory: started.reference, component: .nt2, state: .completed))
        }
        XCTAssertEqual(skip?.details["field"], "state")
        let noReason = await assertRPCError(.invalidArgument) {
            try await self.counsellor.updateComponent(ComponentUpdate(trajectory: started.reference, component: .llo, state: .stopped))
        }
        XCTAssertEqual(noReason?.details["field"], "reason")

        let done = try await counsellor.updateComponent(ComponentUpdate(trajectory: started.reference, component: .mo, state: .completed))
        XCTAssertEqual(done.components[0].state, .completed)
        XCTAssertEqual(done.components[0].endedOn, Fixtures.today)
        let exempt = try await counsellor.updateComponent(ComponentUpdate(trajectory: done.reference, component: .nt2, state: .exempted,
                                                                          reason: "NT2 level A2 shown"))
        XCTAssertEqual(exempt.components[1].reason, "NT2 level A2 shown")
        let reopen = await assertRPCError(.failedPrecondition) {
            try await self.counsellor.updateComponent(ComponentUpdate(trajectory: exempt.reference, component: .mo, state: .inProgress))
        }
        XCTAssertEqual(reopen?.details["current"], "completed")
        let future = await assertRPCError(.invalidArgument) {
            try await self.counsellor.updateComponent(ComponentUpdate(trajectory: exempt.reference, component: .llo, state: .inProgress,
                                                                      on: Fixtures.today.adding(days: 1)))
        }
        XCTAssertEqual(future?.details["field"], "on")
        let unchanged = try await counsellor.get(file.trajectoryID)
        XCTAssertEqual(unchanged, exempt, "refused changes left the file as it was")

        let table = try await mesh.service(as: "reporting").figures(AggregateRequest(figure: "components.byState", from: Fixtures.today,
                                                                                     through: Fixtures.today))
        XCTAssertEqual(table.rows, [AggregateRow(keys: ["llo", "planned"], value: 1), AggregateRow(keys: ["mo", "completed"], value: 1),
                                    AggregateRow(keys: ["nt2", "exempted"], value: 1),
                                    AggregateRow(keys: ["trajectbegeleiding", "planned"], value: 1)])
        let contracts = try await mesh.staff(user: "an-analyst", roles: [.analyst]).figures(
            AggregateRequest(figure: "contracts.byDoelgroep", from: Fixtures.today, through: Fixtures.today))
        XCTAssertEqual(contracts.rows, [AggregateRow(keys: ["verplicht"], value: 1)])
    }

    func testAStaleVersionIsAbortedAndARetryAppliesOnce() async throws {
        let options = CallOptions(idempotencyKey: "start-mo")
        let update = ComponentUpdate(trajectory: file.reference, component: .mo, state: .inProgress)
        let first = try await counsellor.updateComponent(update, options: options)
        let retried = try await counsellor.updateComponent(update, options: options)
        XCTAssertEqual(retried, first)
        let current = try await counsellor.get(file.trajectoryID)
        XCTAssertEqual(current.version, 2, "the retry changed nothing")
        let stale = await assertRPCError(.aborted) {
            try await self.counsellor.updateComponent(ComponentUpdate(trajectory: self.self.file.reference, component: .nt2, state: .inProgress))
        }
        XCTAssertEqual(stale?.details["field"], "version")
    }

    func testReassignmentKeepsTheHistory() async throws {
        XCTAssertEqual(file.counsellor, "c-ar")
        let planner = try mesh.staff(user: "a-planner", roles: [.planner])
        _ = try await planner.upsert(Counsellor(user: "c-fr", languages: ["fr"]))
        let language = await assertRPCError(.invalidArgument) { try await planner.upsert(Counsellor(user: "c-xx", languages: ["French"])) }
        XCTAssertEqual(language?.details["field"], "languages[0]")
        let user = await assertRPCError(.invalidArgument) { try await planner.upsert(Counsellor(user: "no/slash", languages: ["fr"])) }
        XCTAssertEqual(user?.details["field"], "user")
        let unknown = await assertRPCError(.failedPrecondition) {
            try await self.counsellor.reassign(ReassignRequest(trajectory: self.self.file.reference, counsellor: "c-nobody", reason: "leave"))
        }
        XCTAssertEqual(unknown?.details["field"], "counsellor")
        let moved = try await planner.reassign(ReassignRequest(trajectory: file.reference, counsellor: "c-fr", reason: "c-ar on leave"))
        XCTAssertEqual(moved.counsellor, "c-fr")
        XCTAssertEqual(moved.counsellorHistory.map(\.user), ["c-ar", "c-fr"])
        XCTAssertEqual(moved.counsellorHistory[0].until, Fixtures.today)
        XCTAssertNil(moved.counsellorHistory[1].until)
        XCTAssertEqual(moved.counsellorHistory[1].reason, "c-ar on leave")
        let loads = try await counsellor.counsellors().counsellors
        XCTAssertEqual(loads.map(\.caseload), [0, 1])
    }

    func testPolicyAdmitsCounsellorsAndPlannersOfTheRegionOnly() async throws {
        let person = try await mesh.intakes.staff("gent").register(Fixtures.registration(given: "Secunda"))
        let desk = try mesh.staff(user: "an-desk", roles: [.desk])
        await assertRPCError(.permissionDenied) { try await desk.get(self.file.trajectoryID) }
        await assertRPCError(.permissionDenied) { try await desk.sign(SignRequest(personID: person.personID)) }
        let elsewhere = try mesh.staff(user: "far-counsellor", roles: [.counsellor], of: "antwerpen")
        await assertRPCError(.permissionDenied) { try await elsewhere.get(self.file.trajectoryID) }
        await assertRPCError(.permissionDenied) { try await elsewhere.sign(SignRequest(personID: person.personID)) }
        let page = try await counsellor.list(TrajectoryListRequest())
        XCTAssertEqual(page.trajectories.map(\.trajectoryID), [file.trajectoryID], "refused callers signed nothing")
        // Reporting of any region reads figures, never a trajectory.
        let year = AggregateRequest(figure: "contracts.byDoelgroep", from: Fixtures.today, through: Fixtures.today)
        let figures = try await mesh.service(as: "reporting", of: "antwerpen").figures(year)
        XCTAssertEqual(figures.rows, [AggregateRow(keys: ["verplicht"], value: 1)])
        let analyst = try mesh.staff(user: "an-analyst", roles: [.analyst])
        await assertRPCError(.permissionDenied) { try await analyst.get(self.file.trajectoryID) }
        await assertRPCError(.permissionDenied) { try await self.mesh.service(as: "reporting").get(self.file.trajectoryID) }
        let read = try await mesh.staff(user: "a-planner", roles: [.planner]).get(file.trajectoryID)
        XCTAssertEqual(read, file)
    }

    func testTheListPagesNewestFirstWithinThePeriod() async throws {
        let desk = try mesh.intakes.staff("gent")
        let yesterday = Fixtures.today.adding(days: -1)!
        var signed = [file.trajectoryID]
        for given in ["Secunda", "Tertia"] {
            let person = try await desk.register(Fixtures.registration(given: given, registeredOn: yesterday))
            signed.append(try await counsellor.sign(SignRequest(personID: person.personID, signedOn: yesterday)).trajectoryID)
        }
        let first = try await counsellor.list(TrajectoryListRequest(limit: 2))
        XCTAssertEqual(first.trajectories.map(\.trajectoryID), [signed[2], signed[1]])
        let rest = try await counsellor.list(TrajectoryListRequest(limit: 2, after: first.next))
        XCTAssertEqual(rest.trajectories.map(\.trajectoryID), [signed[0]])
        XCTAssertNil(rest.next)
        let onlyYesterday = try await counsellor.list(TrajectoryListRequest(from: yesterday, through: yesterday))
        XCTAssertEqual(onlyYesterday.trajectories.map(\.trajectoryID), [signed[2], signed[1]])
        let limit = await assertRPCError(.invalidArgument) { try await self.counsellor.list(TrajectoryListRequest(limit: 501)) }
        XCTAssertEqual(limit?.details["field"], "limit")
        let early = try await desk.register(Fixtures.registration(given: "Quarta"))
        let beforeRegistration = await assertRPCError(.invalidArgument) {
            try await self.counsellor.sign(SignRequest(personID: early.personID, signedOn: yesterday))
        }
        XCTAssertEqual(beforeRegistration?.details["field"], "signedOn")
    }

    func testEveryReadAndChangeIsInTheAuditTrail() async throws {
        _ = try await counsellor.get(file.trajectoryID)
        _ = try await counsellor.list(TrajectoryListRequest())
        await assertRPCError(.aborted) {
            try await self.counsellor.updateComponent(ComponentUpdate(trajectory: TrajectoryReference(trajectoryID: self.file.trajectoryID, version: 9),
                                                                      component: .mo, state: .inProgress))
        }
        let dpo = try mesh.staff(user: "a-dpo", roles: [.dpo])
        let events = try await dpo.audit(AuditQuery(personID: file.trajectoryID)).events
        XCTAssertEqual(events.map(\.method), ["trajectory/components.update", "trajectory/trajectories.list", "trajectory/trajectories.get",
                                              "trajectory/contracts.sign"])
        XCTAssertEqual(events.map(\.outcome), ["aborted", "ok", "ok", "ok"])
        XCTAssertEqual(events.map(\.access), [.change, .read, .read, .change])
        XCTAssertTrue(events.allSatisfy { $0.staff == "samen://gent/staff/an-counsellor" })

        let export = try await dpo.channel.call(TrajectoryAPI.audit.exportPerson, PersonExportRequest(personID: file.trajectoryID))
        XCTAssertEqual(export.service, "trajectory")
        XCTAssertTrue(export.fileJSON.contains("\"trajectoryID\" : \"\(file.trajectoryID)\""), export.fileJSON)
        XCTAssertEqual(export.audit.first?.method, "trajectory/contracts.sign")
        await assertRPCError(.permissionDenied) { try await self.counsellor.audit(AuditQuery(personID: self.file.trajectoryID)) }
    }
}

import Foundation
import SamenAgencyKit
import SamenContracts
import SamenReferenceData
import SamenRPC
import SamenStorage
import SamenTestSupport
import VerenigingenService
import XCTest

/// Project subsidies over real TLS: calls, applications, assessment, decisions that never take a call over its
/// budget (also under concurrent decisions from several clients), instalments and reports.
final class SubsidyTests: XCTestCase {
    var mesh: VerenigingenMesh!
    var desk: VerenigingenClient!
    var association: AssociationFile!

    override func setUp() async throws {
        mesh = try await VerenigingenMesh()
        desk = try mesh.staff()
        association = try await desk.createAssociation(AssociationFixtures.association())
    }

    override func tearDown() async throws {
        await mesh.stop()
    }

    func reference(_ application: SubsidyApplication) -> ApplicationReference {
        ApplicationReference(applicationID: application.applicationID, version: application.version)
    }

    func openCall(budget: Int64, deadline: CivilDate = Fixtures.today.adding(days: 30)!) async throws -> SubsidyCall {
        try await desk.openCall(NewSubsidyCall(theme: "Oefenkansen Nederlands", budgetCents: budget, deadline: deadline))
    }

    func assessed(_ call: SubsidyCall, asking: Int64, project: String = "Taalcafé") async throws -> SubsidyApplication {
        let application = try await desk.apply(NewSubsidyApplication(callID: call.callID, associationID: association.associationID, project: project,
                                                                      askedCents: asking))
        return try await desk.assess(AssessmentRequest(application: reference(application), assessment: "fits the call"))
    }

    func testAnApplicationGoesFromSubmissionToGrantPaymentsAndReport() async throws {
        let call = try await openCall(budget: 10_000_000)
        XCTAssertEqual(call.callID, "gent-s1")
        XCTAssertEqual(call.remainingCents, 10_000_000)
        let application = try await desk.apply(NewSubsidyApplication(callID: call.callID, associationID: association.associationID,
                                                                     project: "Taalcafé in de wijk", askedCents: 5_000_000))
        XCTAssertEqual(application.state, .submitted)
        XCTAssertEqual(application.associationName, association.name)
        let early = await assertRPCError(.failedPrecondition) {
            try await self.desk.decide(DecisionRequest(application: self.reference(application), grantedCents: 100))
        }
        XCTAssertEqual(early?.details["current"], "submitted")
        let review = try await desk.assess(AssessmentRequest(application: reference(application), assessment: "reaches new learners"))
        XCTAssertEqual(review.state, .assessed)
        let tooMuch = await assertRPCError(.invalidArgument) {
            try await self.desk.decide(DecisionRequest(application: self.reference(review), grantedCents: 5_000_001))
        }
        XCTAssertEqual(tooMuch?.details["field"], "grantedCents")
        let granted = try await desk.decide(DecisionRequest(application: reference(review), grantedCents: 4_000_000))
        XCTAssertEqual(granted.state, .granted)
        XCTAssertEqual(granted.decidedOn, Fixtures.today)
        let grantedSoFar = try await desk.call(call.callID).call.grantedCents
        XCTAssertEqual(grantedSoFar, 4_000_000)

        let first = try await desk.pay(InstalmentRequest(application: reference(granted), amountCents: 2_400_000))
        let over = await assertRPCError(.failedPrecondition) {
            try await self.desk.pay(InstalmentRequest(application: self.reference(first), amountCents: 1_600_001))
        }
        XCTAssertEqual(over?.details["remainingCents"], "1600000")
        XCTAssertTrue(over?.message.contains("1600000 cents left to pay") ?? false, over?.message ?? "")
        let second = try await desk.pay(InstalmentRequest(application: reference(first), amountCents: 1_600_000))
        XCTAssertEqual(second.paidCents, 4_000_000)
        XCTAssertEqual(second.instalments.count, 2)
        let reported = try await desk.report(ProjectReportRequest(application: reference(second),
                                                                  report: ProjectReport(deliveredOn: Fixtures.today, summary: "38 sessions, 112 learners")))
        XCTAssertEqual(reported.report?.summary, "38 sessions, 112 learners")
        await assertRPCError(.failedPrecondition) {
            try await self.desk.report(ProjectReportRequest(application: self.reference(reported), report: ProjectReport(deliveredOn: Fixtures.today, summary: "again")))
        }
        let detail = try await desk.call(call.callID)
        XCTAssertEqual(detail.applications, [reported])
        let calls = try await desk.listCalls().calls
        XCTAssertEqual(calls, [detail.call])

        let refusal = try await assessed(call, asking: 1_000, project: "Uitstap")
        let refused = try await desk.decide(DecisionRequest(application: reference(refusal), refusalReason: "outside the call's theme"))
        XCTAssertEqual(refused.state, .refused)
        await assertRPCError(.failedPrecondition) { try await self.desk.pay(InstalmentRequest(application: self.reference(refused), amountCents: 1)) }
        let grantedAfterRefusal = try await desk.call(call.callID).call.grantedCents
        XCTAssertEqual(grantedAfterRefusal, 4_000_000, "a refusal grants nothing")
    }

    func testEveryFieldOfCallsApplicationsAndDecisionsIsChecked() async throws {
        for (budget, field) in [(Int64(0), "budgetCents"), (-1, "budgetCents"), (10_000_000_001, "budgetCents"), (Int64.max, "budgetCents")] {
            let error = await assertRPCError(.invalidArgument) { try await self.openCall(budget: budget) }
            XCTAssertEqual(error?.details["field"], field)
        }
        let emptyTheme = await assertRPCError(.invalidArgument) {
            try await self.desk.openCall(NewSubsidyCall(theme: " ", budgetCents: 100, deadline: Fixtures.today))
        }
        XCTAssertEqual(emptyTheme?.details["field"], "theme")
        let call = try await openCall(budget: 1_000)
        let closed = try await openCall(budget: 1_000, deadline: Fixtures.today.adding(days: -1)!)
        let id = association.associationID
        let cases: [(String, StatusCode, NewSubsidyApplication)] = [
            ("callID", .invalidArgument, NewSubsidyApplication(callID: "call", associationID: id, project: "p", askedCents: 10)),
            ("callID", .notFound, NewSubsidyApplication(callID: "gent-s9", associationID: id, project: "p", askedCents: 10)),
            ("associationID", .notFound, NewSubsidyApplication(callID: call.callID, associationID: "gent-v9", project: "p", askedCents: 10)),
            ("project", .invalidArgument, NewSubsidyApplication(callID: call.callID, associationID: id, project: "", askedCents: 10)),
            ("askedCents", .invalidArgument, NewSubsidyApplication(callID: call.callID, associationID: id, project: "p", askedCents: 0)),
            ("askedCents", .invalidArgument, NewSubsidyApplication(callID: call.callID, associationID: id, project: "p", askedCents: 1_001)),
            ("submittedOn", .invalidArgument, NewSubsidyApplication(callID: call.callID, associationID: id, project: "p", askedCents: 10,
                                                                   submittedOn: Fixtures.today.adding(days: 1))),
            ("submittedOn", .failedPrecondition, NewSubsidyApplication(callID: closed.callID, associationID: id, project: "p", askedCents: 10)),
        ]
        for (field, status, application) in cases {
            let error = await assertRPCError(status) { try await self.desk.apply(application) }
            XCTAssertEqual(error?.details["field"], field, "\(error?.message ?? "")")
        }
        let application = try await assessed(call, asking: 500)
        let decisions: [(String, DecisionRequest)] = [
            ("grantedCents", DecisionRequest(application: reference(application))),
            ("grantedCents", DecisionRequest(application: reference(application), grantedCents: 10, refusalReason: "both")),
            ("grantedCents", DecisionRequest(application: reference(application), grantedCents: 0)),
            ("grantedCents", DecisionRequest(application: reference(application), grantedCents: Int64.min)),
            ("refusalReason", DecisionRequest(application: reference(application), refusalReason: "")),
            ("decidedOn", DecisionRequest(application: reference(application), grantedCents: 10, decidedOn: Fixtures.today.adding(days: 1))),
            ("application.applicationID", DecisionRequest(application: ApplicationReference(applicationID: "a1", version: 1), grantedCents: 10)),
        ]
        for (field, decision) in decisions {
            let error = await assertRPCError(.invalidArgument) { try await self.desk.decide(decision) }
            XCTAssertEqual(error?.details["field"], field, "\(error?.message ?? "")")
        }
        let stale = await assertRPCError(.aborted) {
            try await self.desk.decide(DecisionRequest(application: ApplicationReference(applicationID: application.applicationID, version: 1), grantedCents: 10))
        }
        XCTAssertEqual(stale?.details["field"], "version")
        let grantedAfterRefusals = try await desk.call(call.callID).call.grantedCents
        XCTAssertEqual(grantedAfterRefusals, 0)
    }

    func testConcurrentDecisionsFromSeveralClientsNeverExceedTheBudget() async throws {
        let budget: Int64 = 10_000_000
        let call = try await openCall(budget: budget)
        // 16 applications asking 1.5, 2 or 2.5 million cents: 32 million asked of a 10 million budget.
        var applications: [SubsidyApplication] = []
        for index in 0..<16 { applications.append(try await assessed(call, asking: Int64(1_500_000 + (index % 3) * 500_000), project: "Project \(index)")) }
        let clients = try (0..<4).map { try mesh.staff(user: "desk-\($0)", roles: [$0 % 2 == 0 ? .desk : .counsellor]) }
        let granted = Recorder<Int64>()
        let refusals = Recorder<RPCError>()
        let unexpected = Recorder<String>()
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            for (index, application) in applications.enumerated() {
                let client = clients[index % clients.count]
                let decision = DecisionRequest(application: reference(application), grantedCents: application.askedCents)
                tasks.addTask {
                    do {
                        let decided = try await client.decide(decision, options: CallOptions(timeout: .seconds(30)))
                        granted.append(decided.grantedCents ?? -1)
                    } catch let error as RPCError where error.status == .failedPrecondition {
                        refusals.append(error)
                    } catch {
                        unexpected.append("\(error)")
                    }
                }
            }
            try await tasks.waitForAll()
        }
        XCTAssertEqual(unexpected.all, [])
        XCTAssertEqual(granted.all.count + refusals.all.count, 16)
        let total = granted.all.reduce(0, +)
        XCTAssertLessThanOrEqual(total, budget)
        XCTAssertGreaterThanOrEqual(granted.all.count, 4, "at least four of the largest fit the budget")
        for refusal in refusals.all {
            XCTAssertEqual(refusal.details["field"], "grantedCents")
            let remaining = try XCTUnwrap(refusal.details["remainingCents"].flatMap { Int64($0) })
            XCTAssertLessThan(remaining, 2_500_001, "a refusal happens only when the amount does not fit")
            XCTAssertTrue(refusal.message.contains("has \(remaining) cents left"), refusal.message)
        }
        let detail = try await desk.call(call.callID)
        XCTAssertEqual(detail.call.grantedCents, total, "the call's sum is the sum of the grants")
        XCTAssertEqual(detail.applications.compactMap(\.grantedCents).reduce(0, +), total)
        XCTAssertEqual(detail.applications.filter { $0.state == .granted }.count, granted.all.count)
        XCTAssertEqual(detail.applications.filter { $0.state == .assessed }.count, refusals.all.count, "a refused over-budget decision leaves the application as it was")
        // What is left is less than any application still waiting asks for, or none is waiting.
        let waiting = detail.applications.filter { $0.state == .assessed }.map(\.askedCents)
        if let smallest = waiting.min() { XCTAssertLessThan(detail.call.remainingCents, smallest) }
    }

    func testARestartedServiceFindsEverythingItHadAndGoesOnNumbering() async throws {
        let call = try await openCall(budget: 1_000)
        let granted = try await desk.decide(DecisionRequest(application: reference(try await assessed(call, asking: 400)), grantedCents: 400))
        await mesh.stop("gent")
        try await mesh.start("gent")
        desk = try mesh.staff()
        let detail = try await desk.call(call.callID)
        XCTAssertEqual(detail.applications, [granted])
        XCTAssertEqual(detail.call.grantedCents, 400)
        let storedAssociation = try await desk.association(association.associationID)
        XCTAssertEqual(storedAssociation, association)
        let next = try await desk.createAssociation(AssociationFixtures.association("Tweede Vereniging"))
        XCTAssertEqual(next.associationID, "gent-v2")
    }

    func testTheDatabaseRefusesAGrantedSumOverTheBudget() async throws {
        let call = try await openCall(budget: 1_000)
        let database = try Database(path: mesh.databasePath("gent"), migrations: AgencySchema.all(with: VerenigingenService.migrations))
        defer { database.close() }
        do {
            try await database.write { connection in
                _ = try connection.run("UPDATE subsidy_calls SET granted_cents = 1001 WHERE call_id = ?", [.text(call.callID)])
            }
            XCTFail("the CHECK let a granted sum over the budget through")
        } catch let error as StorageError {
            XCTAssertEqual(error.kind, .constraint)
        }
        let grantedAfterRefusedUpdate = try await desk.call(call.callID).call.grantedCents
        XCTAssertEqual(grantedAfterRefusedUpdate, 0)
    }

    func testRetriesUnderOneKeyRacingEachOtherGrantOnce() async throws {
        let call = try await openCall(budget: 1_000)
        let application = try await assessed(call, asking: 600)
        let decision = DecisionRequest(application: reference(application), grantedCents: 600)
        // Retries racing one another under one key: one decision, and every retry answers it.
        let desk = desk!
        let answers = try await withThrowingTaskGroup(of: SubsidyApplication.self) { tasks in
            for _ in 0..<6 { tasks.addTask { try await desk.decide(decision, options: CallOptions(idempotencyKey: "decide-1")) } }
            var all: [SubsidyApplication] = []
            for try await answer in tasks { all.append(answer) }
            return all
        }
        XCTAssertEqual(answers.count, 6)
        XCTAssertTrue(answers.allSatisfy { $0 == answers[0] && $0.state == .granted && $0.version == 3 }, "\(answers)")
        let again = try await desk.decide(decision, options: CallOptions(idempotencyKey: "decide-1"))
        XCTAssertEqual(again, answers[0])
        let grantedAfterRetry = try await desk.call(call.callID).call.grantedCents
        XCTAssertEqual(grantedAfterRetry, 600, "the retry granted nothing more")
    }
}

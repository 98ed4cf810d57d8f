import Foundation
import SamenContracts
import SamenReferenceData
import SamenRPC
import SamenTestSupport
import XCTest

/// The certificate over TLS: refused while a required component is open, issued once, its number and duration,
/// looked up by number, the trajectory no longer live, figures, policy and audit.
final class CertificateTests: XCTestCase {
    var mesh: TrajectoryMesh!
    var counsellor: TrajectoryClient!
    var records: TrajectoryRecordsClient!
    var person: PersonFile!
    var file: TrajectoryFile!
    /// Nineteen months before today, the report's average (clamped to a shorter month's end, which keeps 19).
    let signedOn = Fixtures.today.adding(months: -19)!

    override func setUp() async throws {
        mesh = try await TrajectoryMesh()
        counsellor = try mesh.staff()
        records = try mesh.records()
        _ = try await mesh.staff(user: "a-planner", roles: [.planner]).upsert(Counsellor(user: "c-ar", languages: ["ar"]))
        person = try await mesh.intakes.staff("gent").register(Fixtures.registration(registeredOn: signedOn))
        file = try await counsellor.sign(SignRequest(personID: person.personID, signedOn: signedOn))
    }

    override func tearDown() async throws {
        await mesh.stop()
    }

    func move(_ file: TrajectoryFile, _ component: TrajectoryComponent, to state: ComponentState, reason: String? = nil) async throws -> TrajectoryFile {
        try await counsellor.updateComponent(ComponentUpdate(trajectory: file.reference, component: component, state: state, on: signedOn.adding(months: 2),
                                                             reason: reason))
    }

    func testIssuedOnlyWhenEveryRequiredComponentIsDoneAndOnlyOnce() async throws {
        let early = await assertRPCError(.failedPrecondition) { try await self.records.issueCertificate(CertificateIssueRequest(trajectory: self.file.reference)) }
        XCTAssertEqual(early?.details["component"], "mo", "the first component that is not done is named")
        var current = try await move(file, .mo, to: .inProgress)
        current = try await move(current, .mo, to: .completed)
        current = try await move(current, .nt2, to: .exempted, reason: "NT2 level A2 shown")
        current = try await move(current, .llo, to: .inProgress)
        let llo = await assertRPCError(.failedPrecondition) { try await self.records.issueCertificate(CertificateIssueRequest(trajectory: current.reference)) }
        XCTAssertEqual(llo?.details["component"], "llo")
        XCTAssertEqual(llo?.details["state"], "in-progress")
        current = try await move(current, .llo, to: .completed)
        current = try await move(current, .trajectbegeleiding, to: .inProgress)
        current = try await move(current, .trajectbegeleiding, to: .completed)
        let tooEarly = await assertRPCError(.invalidArgument) {
            try await self.records.issueCertificate(CertificateIssueRequest(trajectory: current.reference, issuedOn: self.signedOn.adding(months: 1)))
        }
        XCTAssertEqual(tooEarly?.details["field"], "issuedOn", "not before the last component ended")
        let future = await assertRPCError(.invalidArgument) {
            try await self.records.issueCertificate(CertificateIssueRequest(trajectory: current.reference, issuedOn: Fixtures.today.adding(days: 1)))
        }
        XCTAssertEqual(future?.details["field"], "issuedOn")
        let unissued = try await counsellor.get(file.trajectoryID)
        XCTAssertNil(unissued.certificate, "refusals issued nothing")
        let loads1 = try await counsellor.counsellors().counsellors
        XCTAssertEqual(loads1.map(\.caseload), [1])

        let options = CallOptions(idempotencyKey: "issue-once")
        let issued = try await records.issueCertificate(CertificateIssueRequest(trajectory: current.reference), options: options)
        let retried = try await records.issueCertificate(CertificateIssueRequest(trajectory: current.reference), options: options)
        XCTAssertEqual(retried, issued, "a retry answers the first certificate")
        let certificate = try XCTUnwrap(issued.certificate)
        XCTAssertEqual(certificate.number, "gent-a1")
        XCTAssertEqual(certificate.issuedOn, Fixtures.today)
        XCTAssertEqual(certificate.signedOn, signedOn)
        XCTAssertEqual(certificate.durationMonths, 19)
        XCTAssertEqual(certificate.trajectoryID, file.trajectoryID)
        XCTAssertEqual(certificate.personID, person.personID)
        let twice = await assertRPCError(.alreadyExists) { try await self.records.issueCertificate(CertificateIssueRequest(trajectory: issued.reference)) }
        XCTAssertEqual(twice?.details["number"], "gent-a1")

        let looked = try await mesh.records(user: "a-desk", roles: [.desk]).certificate("gent-a1")
        XCTAssertEqual(looked, certificate)
        await assertRPCError(.notFound) { try await self.records.certificate("gent-a2") }
        let malformed = await assertRPCError(.invalidArgument) { try await self.records.certificate("A-12345") }
        XCTAssertEqual(malformed?.details["field"], "number")

        // No longer live: the caseload drops, and the person could sign a new contract.
        let loads2 = try await counsellor.counsellors().counsellors
        XCTAssertEqual(loads2.map(\.caseload), [0])
        let again = try await counsellor.sign(SignRequest(personID: person.personID))
        XCTAssertNotEqual(again.trajectoryID, file.trajectoryID)
        let loads3 = try await counsellor.counsellors().counsellors
        XCTAssertEqual(loads3.map(\.caseload), [1])

        let figure = try await mesh.service(as: "reporting").figures(AggregateRequest(figure: "certificates", from: Fixtures.today, through: Fixtures.today))
        XCTAssertEqual(figure.dimensions, ["quantity"])
        XCTAssertEqual(figure.rows, [AggregateRow(keys: ["certificates"], value: 1), AggregateRow(keys: ["months"], value: 19)])
        let none = try await mesh.service(as: "reporting").figures(AggregateRequest(figure: "certificates", from: signedOn, through: Fixtures.today.adding(days: -1)!))
        XCTAssertEqual(none.rows, [AggregateRow(keys: ["certificates"], value: 0), AggregateRow(keys: ["months"], value: 0)])
    }

    func testAStoppedRequiredComponentNeverEarnsOne() async throws {
        var current = try await move(file, .mo, to: .stopped, reason: "moved abroad")
        for component in [TrajectoryComponent.nt2, .llo, .trajectbegeleiding] { current = try await move(current, component, to: .exempted, reason: "shown") }
        let refused = await assertRPCError(.failedPrecondition) { try await self.records.issueCertificate(CertificateIssueRequest(trajectory: current.reference)) }
        XCTAssertEqual(refused?.details["component"], "mo")
        XCTAssertEqual(refused?.details["state"], "stopped")
    }

    func testConcurrentIssuesOfOneTrajectoryIssueOneCertificate() async throws {
        var current = file!
        for component in TrajectoryComponent.allCases { current = try await move(current, component, to: .exempted, reason: "shown") }
        let ready = current
        let clients = try (0..<4).map { try mesh.records(user: "c-\($0)") }
        let outcomes = await withTaskGroup(of: Result<TrajectoryFile, RPCError>.self) { group in
            for index in 0..<8 {
                group.addTask {
                    do { return .success(try await clients[index % clients.count].issueCertificate(CertificateIssueRequest(trajectory: ready.reference))) }
                    catch let error as RPCError { return .failure(error) }
                    catch { return .failure(RPCError(.internal, "\(error)")) }
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        let issued = outcomes.compactMap { try? $0.get() }
        XCTAssertEqual(issued.count, 1, "exactly one of the concurrent issues wins")
        XCTAssertEqual(issued.first?.certificate?.number, "gent-a1")
        let refusals = outcomes.compactMap { if case .failure(let error) = $0 { error.status } else { nil } }
        XCTAssertEqual(refusals, Array(repeating: .aborted, count: 7), "the others read a version that is gone")

        let other = try await mesh.intakes.staff("gent").register(Fixtures.registration(given: "Tweedia", registeredOn: signedOn))
        var second = try await counsellor.sign(SignRequest(personID: other.personID, signedOn: signedOn))
        for component in TrajectoryComponent.allCases { second = try await move(second, component, to: .exempted, reason: "shown") }
        let next = try await records.issueCertificate(CertificateIssueRequest(trajectory: second.reference))
        XCTAssertEqual(next.certificate?.number, "gent-a2", "the refused issues used no number")
    }

    func testPolicyAndAudit() async throws {
        for roles in [[StaffRole.desk], [.analyst], [.admin]] {
            let other = try mesh.records(user: "someone", roles: roles)
            await assertRPCError(.permissionDenied) { try await other.issueCertificate(CertificateIssueRequest(trajectory: self.file.reference)) }
        }
        await assertRPCError(.permissionDenied) { try await self.mesh.records(user: "an-analyst", roles: [.analyst]).certificate("gent-a1") }
        await assertRPCError(.permissionDenied) {
            try await self.mesh.service(as: "reporting").channel.call(TrajectoryRecordsAPI.getCertificate, CertificateLookup(number: "gent-a1"))
        }
        var current = file!
        for component in TrajectoryComponent.allCases { current = try await move(current, component, to: .exempted, reason: "shown") }
        _ = try await mesh.records(user: "a-planner", roles: [.planner]).issueCertificate(CertificateIssueRequest(trajectory: current.reference))
        _ = try await mesh.records(user: "a-desk", roles: [.desk]).certificate("gent-a1")
        let events = try await mesh.staff(user: "the-dpo", roles: [.dpo]).audit(AuditQuery(personID: file.trajectoryID)).events
        XCTAssertEqual(Array(events.map(\.method).prefix(2)), ["trajectory/certificates.get", "trajectory/certificates.issue"])
        XCTAssertEqual(Array(events.map(\.access).prefix(2)), [.read, .change])
        XCTAssertEqual(events.first?.staff, "samen://gent/staff/a-desk")
    }
}

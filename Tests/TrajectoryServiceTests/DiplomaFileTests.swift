import Foundation
import SamenContracts
import SamenReferenceData
import SamenRPC
import SamenTestSupport
import XCTest

/// Diploma recognition files over TLS: the three kinds, their states, validation, retries, policy, figures, audit.
final class DiplomaFileTests: XCTestCase {
    var mesh: TrajectoryMesh!
    var records: TrajectoryRecordsClient!
    var trajectory: TrajectoryFile!

    override func setUp() async throws {
        mesh = try await TrajectoryMesh()
        records = try mesh.records()
        let person = try await mesh.intakes.staff("gent").register(Fixtures.registration())
        trajectory = try await mesh.staff().sign(SignRequest(personID: person.personID))
    }

    override func tearDown() async throws {
        await mesh.stop()
    }

    func testTheThreeKindsOpenAndMoveThroughTheirStates() async throws {
        let inburgeraar = try await records.openDiploma(DiplomaOpenRequest(kind: .inburgeraar, trajectoryID: trajectory.trajectoryID))
        XCTAssertEqual(inburgeraar.diplomaID, "gent-d1")
        XCTAssertEqual(inburgeraar.personID, trajectory.personID, "the person comes from the trajectory")
        XCTAssertEqual(inburgeraar.state, .opened)
        let other = try await records.openDiploma(DiplomaOpenRequest(kind: .other))
        XCTAssertNil(other.trajectoryID)
        XCTAssertNil(other.personID)
        let vdab = try await records.openDiploma(DiplomaOpenRequest(kind: .vdab, personID: "gent-p77", openedOn: Fixtures.today.adding(days: -3)))
        XCTAssertEqual(vdab.diplomaID, "gent-d3")
        XCTAssertEqual(vdab.personID, "gent-p77")

        func move(_ file: DiplomaFile, to state: DiplomaFileState, note: String? = nil) async throws -> DiplomaFile {
            try await records.updateDiploma(DiplomaStateUpdate(file: DiplomaReference(diplomaID: file.diplomaID, version: file.version),
                                                               state: state, note: note))
        }
        let sent = try await move(inburgeraar, to: .sentToNARIC)
        let recognised = try await move(sent, to: .partiallyRecognised, note: "bachelor level")
        XCTAssertEqual(recognised.history.map(\.state), [.opened, .sentToNARIC, .partiallyRecognised])
        XCTAssertEqual(recognised.history.last?.note, "bachelor level")
        XCTAssertEqual(recognised.version, 3)
        let withdrawn = try await move(other, to: .withdrawn)
        XCTAssertEqual(withdrawn.state, .withdrawn)
        let refused = try await move(try await move(vdab, to: .sentToNARIC), to: .refused)
        XCTAssertEqual(refused.state, .refused)

        let skip = await assertRPCError(.failedPrecondition) {
            try await self.records.updateDiploma(DiplomaStateUpdate(file: DiplomaReference(diplomaID: "gent-d1", version: 3), state: .recognised))
        }
        XCTAssertEqual(skip?.details["field"], "state")
        XCTAssertEqual(skip?.details["current"], "partially-recognised")
        let early = try await records.openDiploma(DiplomaOpenRequest(kind: .other))
        let unsent = await assertRPCError(.failedPrecondition) {
            try await self.records.updateDiploma(DiplomaStateUpdate(file: DiplomaReference(diplomaID: early.diplomaID, version: 1), state: .recognised))
        }
        XCTAssertEqual(unsent?.details["current"], "opened")
        let stale = await assertRPCError(.aborted) {
            try await self.records.updateDiploma(DiplomaStateUpdate(file: DiplomaReference(diplomaID: "gent-d1", version: 1), state: .withdrawn))
        }
        XCTAssertEqual(stale?.details["field"], "version")
        let read = try await records.diploma("gent-d1")
        XCTAssertEqual(read, recognised, "refused changes left the file as it was")
        await assertRPCError(.notFound) { try await self.records.diploma("gent-d99") }

        let table = try await mesh.staff(user: "an-analyst", roles: [.analyst]).figures(
            AggregateRequest(figure: "diplomas.byKind", from: Fixtures.today.adding(days: -7)!, through: Fixtures.today))
        XCTAssertEqual(table.rows, [AggregateRow(keys: ["doorverwijzing-vdab"], value: 1), AggregateRow(keys: ["inburgeraar"], value: 1),
                                    AggregateRow(keys: ["niet-inburgeraar"], value: 2)])
        let today = try await mesh.service(as: "reporting").figures(AggregateRequest(figure: "diplomas.byKind", from: Fixtures.today, through: Fixtures.today))
        XCTAssertEqual(today.rows.map(\.value).reduce(0, +), 3, "a file counts on the day it was opened")
    }

    func testFieldsAreCheckedAndNamed() async throws {
        let cases: [(DiplomaOpenRequest, StatusCode, String)] = [
            (DiplomaOpenRequest(kind: .inburgeraar), .invalidArgument, "trajectoryID"),
            (DiplomaOpenRequest(kind: .other, trajectoryID: trajectory.trajectoryID), .invalidArgument, "trajectoryID"),
            (DiplomaOpenRequest(kind: .vdab, personID: "85.07.30-033.28"), .invalidArgument, "personID"),
            (DiplomaOpenRequest(kind: .inburgeraar, trajectoryID: trajectory.trajectoryID, personID: "gent-p999"), .invalidArgument, "personID"),
            (DiplomaOpenRequest(kind: .inburgeraar, trajectoryID: "Jan Janssens"), .invalidArgument, "trajectoryID"),
            (DiplomaOpenRequest(kind: .inburgeraar, trajectoryID: "gent-t404"), .notFound, "trajectoryID"),
            (DiplomaOpenRequest(kind: .other, openedOn: Fixtures.today.adding(days: 1)), .invalidArgument, "openedOn"),
        ]
        for (request, status, field) in cases {
            let error = await assertRPCError(status) { try await self.records.openDiploma(request) }
            XCTAssertEqual(error?.details["field"], field, "\(request)")
        }
        let file = try await records.openDiploma(DiplomaOpenRequest(kind: .other))
        XCTAssertEqual(file.diplomaID, "gent-d1", "refused openings used no id")
        let badNote = await assertRPCError(.invalidArgument) {
            try await self.records.updateDiploma(DiplomaStateUpdate(file: DiplomaReference(diplomaID: file.diplomaID, version: 1), state: .sentToNARIC,
                                                                    note: String(repeating: "n", count: 201)))
        }
        XCTAssertEqual(badNote?.details["field"], "note")
        let badID = await assertRPCError(.invalidArgument) {
            try await self.records.updateDiploma(DiplomaStateUpdate(file: DiplomaReference(diplomaID: "gent-t1", version: 1), state: .sentToNARIC))
        }
        XCTAssertEqual(badID?.details["field"], "file.diplomaID")
    }

    func testARetryOpensOnceAndPolicyAndAuditHold() async throws {
        let request = DiplomaOpenRequest(kind: .inburgeraar, trajectoryID: trajectory.trajectoryID)
        let options = CallOptions(idempotencyKey: "open-diploma")
        let first = try await records.openDiploma(request, options: options)
        let again = try await records.openDiploma(request, options: options)
        XCTAssertEqual(again, first)
        let next = try await records.openDiploma(DiplomaOpenRequest(kind: .other))
        XCTAssertEqual(next.diplomaID, "gent-d2", "the retry opened no second file")

        for roles in [[StaffRole.desk], [.analyst], [.admin]] {
            let other = try mesh.records(user: "someone", roles: roles)
            await assertRPCError(.permissionDenied) { try await other.diploma(first.diplomaID) }
            await assertRPCError(.permissionDenied) { try await other.openDiploma(DiplomaOpenRequest(kind: .other)) }
        }
        _ = try await mesh.records(user: "a-planner", roles: [.planner]).diploma(first.diplomaID)

        let dpo = try mesh.staff(user: "the-dpo", roles: [.dpo])
        let events = try await dpo.audit(AuditQuery(personID: first.diplomaID)).events
        XCTAssertEqual(events.map(\.method), ["trajectory/diplomas.get", "trajectory/diplomas.open", "trajectory/diplomas.open"])
        XCTAssertEqual(events.map(\.access), [.read, .read, .change])
        let trajectoryEvents = try await dpo.audit(AuditQuery(personID: trajectory.trajectoryID)).events
        XCTAssertEqual(trajectoryEvents.first?.method, "trajectory/diplomas.open", "the trajectory's trail shows the file opened for it")
        let export = try await dpo.channel.call(TrajectoryAPI.audit.exportPerson, PersonExportRequest(personID: first.diplomaID))
        XCTAssertTrue(export.fileJSON.contains("\"diplomaID\" : \"\(first.diplomaID)\""), export.fileJSON)
    }
}

import Foundation
import SamenContracts
import SamenReferenceData
import SamenRPC
import SamenTestSupport
import XCTest

/// The historical import of trajectories over TLS: valid records stored as a signing would, invalid ones refused
/// naming the field, a re-import answered with the first ids, certificates ending the live state, policy.
final class TrajectoryImportTests: XCTestCase {
    var mesh: TrajectoryMesh!
    var admin: TrajectoryRecordsClient!

    override func setUp() async throws {
        mesh = try await TrajectoryMesh()
        admin = try mesh.records(user: "an-admin", roles: [.admin])
    }

    override func tearDown() async throws {
        await mesh.stop()
    }

    static func day(_ text: String) -> CivilDate { try! CivilDate(text) }

    /// A trajectory of 2017 that ended with a certificate in March 2019 (18 months).
    static let finished = TrajectoryImport(
        personID: "gent-p11", doelgroep: .verplicht, signedOn: day("2017-09-04"), counsellor: "an-counsellor",
        components: [ImportedComponent(component: .mo, state: .completed, startedOn: day("2017-10-02"), endedOn: day("2017-12-15")),
                     ImportedComponent(component: .nt2, state: .exempted, endedOn: day("2017-09-20"), reason: "NT2 level A2 shown"),
                     ImportedComponent(component: .llo, state: .completed, startedOn: day("2018-01-08"), endedOn: day("2018-03-30")),
                     ImportedComponent(component: .trajectbegeleiding, state: .completed, startedOn: day("2017-09-04"), endedOn: day("2019-03-01"))],
        certificateIssuedOn: day("2019-03-14"))
    /// Still running: MO under way, the rest planned.
    static let running = TrajectoryImport(
        personID: "gent-p12", doelgroep: .rechthebbend, signedOn: day("2019-02-01"),
        components: [ImportedComponent(component: .mo, state: .inProgress, startedOn: day("2019-03-01"))])

    func testValidRecordsAreStoredAndAReimportAnswersTheFirstIDs() async throws {
        let batch = ImportBatch(records: [ImportRecord(externalID: "old-1", record: Self.finished), ImportRecord(externalID: "old-2", record: Self.running)])
        let report = try await admin.importTrajectories(batch)
        XCTAssertEqual(report.results.map(\.status), [.accepted, .accepted])
        XCTAssertEqual(report.results.map(\.id), ["gent-t1", "gent-t2"])

        let counsellor = try mesh.staff()
        let finished = try await counsellor.get("gent-t1")
        XCTAssertEqual(finished.components.map(\.state), [.completed, .exempted, .completed, .completed])
        XCTAssertEqual(finished.components[1].reason, "NT2 level A2 shown")
        XCTAssertEqual(finished.counsellorHistory, [CounsellorAssignment(user: "an-counsellor", from: Self.day("2017-09-04"), reason: "imported")])
        let certificate = try XCTUnwrap(finished.certificate)
        XCTAssertEqual(certificate.number, "gent-a1")
        XCTAssertEqual(certificate.durationMonths, 18)
        let looked = try await mesh.records().certificate("gent-a1")
        XCTAssertEqual(looked, certificate)
        let running = try await counsellor.get("gent-t2")
        XCTAssertEqual(running.components.map(\.state), [.inProgress, .planned, .planned, .planned])
        XCTAssertNil(running.certificate)

        let again = try await admin.importTrajectories(batch)
        XCTAssertEqual(again.results.map(\.status), [.alreadyImported, .alreadyImported])
        XCTAssertEqual(again.results.map(\.id), ["gent-t1", "gent-t2"])
        var changed = Self.running
        changed.signedOn = Self.day("2019-02-02")
        let conflicting = try await admin.importTrajectories(ImportBatch(records: [ImportRecord(externalID: "old-2", record: changed)]))
        XCTAssertEqual(conflicting.results.first?.status, .rejected)
        XCTAssertEqual(conflicting.results.first?.field, "externalID")
        let page = try await counsellor.list(TrajectoryListRequest())
        XCTAssertEqual(page.trajectories.count, 2, "re-imports stored nothing new")

        // The finished one is not live: its person may have a running one; the running one is live.
        let second = try await admin.importTrajectories(ImportBatch(records: [
            ImportRecord(externalID: "old-3", record: TrajectoryImport(personID: "gent-p11", doelgroep: .verplicht, signedOn: Self.day("2020-01-06"), components: [])),
            ImportRecord(externalID: "old-4", record: TrajectoryImport(personID: "gent-p12", doelgroep: .verplicht, signedOn: Self.day("2020-01-06"), components: [])),
        ]))
        XCTAssertEqual(second.results.map(\.status), [.accepted, .rejected])
        XCTAssertEqual(second.results[1].code, "already_exists")
        XCTAssertEqual(second.results[1].field, "personID")

        let figure = try await mesh.service(as: "reporting").figures(AggregateRequest(figure: "certificates", from: Self.day("2019-01-01"),
                                                                                      through: Self.day("2019-12-31")))
        XCTAssertEqual(figure.rows, [AggregateRow(keys: ["certificates"], value: 1), AggregateRow(keys: ["months"], value: 18)])
        let contracts = try await mesh.service(as: "reporting").figures(AggregateRequest(figure: "contracts.byDoelgroep", from: Self.day("2017-01-01"),
                                                                                         through: Self.day("2019-12-31")))
        XCTAssertEqual(contracts.rows, [AggregateRow(keys: ["rechthebbend"], value: 1), AggregateRow(keys: ["verplicht"], value: 1)])

        let events = try await mesh.staff(user: "the-dpo", roles: [.dpo]).audit(AuditQuery(personID: "gent-t1")).events
        XCTAssertEqual(events.last?.method, "trajectory/trajectories.import")
        XCTAssertEqual(events.last?.access, .change)
    }

    func testEachInvalidRecordIsRefusedNamingItsFieldAndTheRestIsStored() async throws {
        func with(_ change: (inout TrajectoryImport) -> Void) -> TrajectoryImport {
            var record = Self.finished
            change(&record)
            return record
        }
        let cases: [(TrajectoryImport, String, String)] = [
            (with { $0.personID = "Jan Janssens" }, "invalid_argument", "personID"),
            (with { $0.doelgroep = .nietDoelgroep }, "failed_precondition", "doelgroep"),
            (with { $0.signedOn = Fixtures.today.adding(days: 1)! }, "invalid_argument", "signedOn"),
            (with { $0.counsellor = "Jan Janssens" }, "invalid_argument", "counsellor"),
            (with { $0.personRegion = "Gent!" }, "invalid_argument", "personRegion"),
            (with { $0.components[0].startedOn = nil }, "invalid_argument", "components[0].startedOn"),
            (with { $0.components[1].reason = nil }, "invalid_argument", "components[1].reason"),
            (with { $0.components[2].endedOn = Self.day("2017-12-31") }, "invalid_argument", "components[2].endedOn"),
            (with { $0.components[0].startedOn = Self.day("2017-01-01") }, "invalid_argument", "components[0].startedOn"),
            (with { $0.components[3].component = .mo }, "invalid_argument", "components[3].component"),
            (with { $0.components[2].state = .inProgress; $0.components[2].endedOn = nil }, "failed_precondition", "components"),
            (with { $0.certificateIssuedOn = Self.day("2019-02-01") }, "invalid_argument", "certificateIssuedOn"),
        ]
        var records = cases.enumerated().map { ImportRecord(externalID: "bad-\($0.offset)", record: $0.element.0) }
        records.append(ImportRecord(externalID: "good", record: Self.running))
        let report = try await admin.importTrajectories(ImportBatch(records: records))
        for (index, (_, code, field)) in cases.enumerated() {
            XCTAssertEqual(report.results[index].status, .rejected, "case \(index)")
            XCTAssertEqual(report.results[index].code, code, "case \(index): \(report.results[index].message ?? "")")
            XCTAssertEqual(report.results[index].field, field, "case \(index): \(report.results[index].message ?? "")")
        }
        XCTAssertEqual(report.results.last?.status, .accepted)
        XCTAssertEqual(report.results.last?.id, "gent-t1", "refused records used no id")
        let page = try await mesh.staff().list(TrajectoryListRequest())
        XCTAssertEqual(page.trajectories.map(\.trajectoryID), ["gent-t1"])
        await assertRPCError(.notFound) { try await self.mesh.records().certificate("gent-a1") }
    }

    func testOnlyAnAdministratorImports() async throws {
        for roles in [[StaffRole.counsellor], [.planner], [.desk], [.analyst]] {
            let other = try mesh.records(user: "someone", roles: roles)
            await assertRPCError(.permissionDenied) {
                try await other.importTrajectories(ImportBatch(records: [ImportRecord(externalID: "old-1", record: Self.running)]))
            }
        }
        let empty = await assertRPCError(.invalidArgument) { try await self.admin.importTrajectories(ImportBatch(records: [])) }
        XCTAssertEqual(empty?.details["field"], "records")
        let page = try await mesh.staff().list(TrajectoryListRequest())
        XCTAssertEqual(page.trajectories, [])
    }
}

import IntakeService
import SamenContracts
import SamenReferenceData
import SamenRPC
import SamenTestSupport
import XCTest

/// The desk's daily work beyond a registration: lists, NT2, new inhabitants, figures, imports, and who may do
/// what, with every access in the audit trail and nothing personal in the logs.
final class DeskWorkTests: XCTestCase {
    var intake: IntakeMesh!
    var desk: IntakeClient!

    override func setUp() async throws {
        intake = try await IntakeMesh(regions: ["gent"])
        desk = try intake.staff("gent")
    }

    override func tearDown() async throws {
        await intake.stop()
    }

    func testListsPageNewestFirstByPeriodDoelgroepAndDesk() async throws {
        var ids: [String] = []
        for index in 0..<7 {
            let file = try await desk.register(Fixtures.registration(given: "Lijst\(index)", desk: index % 2 == 0 ? "gent-centrum" : "gent-zuid"))
            ids.append(file.personID)
        }
        var seen: [String] = []
        var cursor: String?
        repeat {
            let page = try await desk.list(ListRequest(limit: 3, after: cursor))
            seen += page.persons.map(\.personID)
            cursor = page.next
        } while cursor != nil
        XCTAssertEqual(seen, ids.reversed())
        let zuid = try await desk.list(ListRequest(desk: "gent-zuid"))
        XCTAssertEqual(zuid.persons.count, 3)
        let verplicht = try await desk.list(ListRequest(doelgroep: .verplicht))
        XCTAssertEqual(verplicht.persons.count, 7)
        await assertRPCError(.invalidArgument) { try await self.desk.list(ListRequest(limit: 0)) }
    }

    func testNT2RecordsAreCheckedPerKindAndCounted() async throws {
        var file = try await desk.register(Fixtures.registration())
        let records: [NT2Record] = [
            NT2Record(kind: .conversation, on: Fixtures.today),
            NT2Record(kind: .test, on: Fixtures.today, result: "A1"),
            NT2Record(kind: .referral, on: Fixtures.today, provider: "cbe-leerpunt"),
            NT2Record(kind: .enrolment, on: Fixtures.today, provider: "cvo-gent"),
            NT2Record(kind: .uctGrant, on: Fixtures.today, funder: .city),
            NT2Record(kind: .certifyingTest, on: Fixtures.today, purpose: .nationality, passed: true),
        ]
        for record in records {
            file = try await desk.recordNT2(NT2RecordRequest(file: FileReference(personID: file.personID, version: file.version), record: record))
        }
        XCTAssertEqual(file.nt2.map(\.kind), records.map(\.kind))
        let bad: [(NT2Record, String)] = [
            (NT2Record(kind: .referral, on: Fixtures.today), "record.provider"),
            (NT2Record(kind: .referral, on: Fixtures.today, provider: "nowhere"), "record.provider"),
            (NT2Record(kind: .enrolment, on: Fixtures.today, provider: "vdab"), "record.provider"),
            (NT2Record(kind: .conversation, on: Fixtures.today, funder: .city), "record.funder"),
            (NT2Record(kind: .uctGrant, on: Fixtures.today), "record.funder"),
            (NT2Record(kind: .conversation, on: Fixtures.today.adding(years: 1)!), "record.on"),
        ]
        for (record, field) in bad {
            let error = await assertRPCError(.invalidArgument) {
                try await self.desk.recordNT2(NT2RecordRequest(file: FileReference(personID: file.personID, version: file.version), record: record))
            }
            XCTAssertEqual(error?.details["field"], field)
        }
        let analyst = try intake.staff("gent", user: "an-analyst", roles: [.analyst])
        let year = AggregateRequest(figure: "nt2.records.byKind", from: Fixtures.today.adding(years: -1)!, through: Fixtures.today)
        let byKind = try await analyst.figures(year)
        XCTAssertEqual(byKind.rows.count, 6)
        XCTAssertTrue(byKind.rows.allSatisfy { $0.value == 1 })
        var people = year
        people.figure = "nt2.people"
        let counted = try await analyst.figures(people)
        XCTAssertEqual(counted.rows, [AggregateRow(keys: [], value: 1)])
        var unknown = year
        unknown.figure = "nt2.nothing"
        await assertRPCError(.invalidArgument) { try await analyst.figures(unknown) }
    }

    func testSettlementsAreDecidedListedForInvitationAndLinkedToTheirRegistration() async throws {
        let admin = try intake.staff("gent", user: "an-admin", roles: [.admin])
        let born = try CivilDate("1991-01-02")
        let insz = Fixtures.insz(born: born, sequence: 44)
        let settled = Fixtures.today
        let batch = ImportBatch(records: [
            ImportRecord(externalID: "rr-1", record: Settlement(insz: insz, birthDate: born, sex: .female, nationalities: ["SY"],
                                                                 municipality: "Gent", settledOn: settled, arrivalDate: try CivilDate("2019-01-01"),
                                                                 residencePermit: ResidencePermit(kind: .limited, validUntil: settled.adding(years: 1)), bornAbroad: true,
                                                                 firstRegistrationInFlanders: true)),
            ImportRecord(externalID: "rr-2", record: Settlement(birthDate: try CivilDate("1970-01-01"), nationalities: ["NL"],
                                                                 municipality: "44021", settledOn: settled, firstRegistrationInFlanders: true)),
            ImportRecord(externalID: "rr-3", record: Settlement(birthDate: try CivilDate("1970-01-01"), nationalities: ["QQ"],
                                                                 municipality: "44021", settledOn: settled)),
        ])
        let report = try await admin.reportSettlements(batch)
        XCTAssertEqual(report.results.map(\.status), [.accepted, .accepted, .rejected])
        XCTAssertEqual(report.results[2].field, "nationalities[0]")
        let again = try await admin.reportSettlements(ImportBatch(records: [batch.records[0]]))
        XCTAssertEqual(again.results.map(\.status), [.alreadyImported])
        let invite = try await desk.toInvite(InvitationRequest(from: settled, through: settled))
        XCTAssertEqual(invite.settlements.count, 2)
        XCTAssertEqual(invite.settlements.first?.decision.doelgroep, .verplicht, "verplicht first")
        let file = try await desk.register(Fixtures.registration(born: "1991-01-02", nationalities: ["SY"], insz: insz))
        XCTAssertEqual(file.settlementID, invite.settlements.first?.settlementID)
        let after = try await desk.toInvite(InvitationRequest(from: settled, through: settled))
        XCTAssertEqual(after.settlements.count, 1, "a registered settlement is not invited again")
        let analyst = try intake.staff("gent", user: "an-analyst", roles: [.analyst])
        let byNationality = try await analyst.figures(AggregateRequest(figure: "newInhabitants.byNationality", from: settled, through: settled))
        XCTAssertEqual(byNationality.rows, [AggregateRow(keys: ["NL"], value: 1), AggregateRow(keys: ["SY"], value: 1)])
    }

    func testImportAnswersPerRecordAndIsIdempotentPerExternalID() async throws {
        let admin = try intake.staff("gent", user: "an-admin", roles: [.admin])
        let old = try CivilDate("2019-03-01")
        let good = Fixtures.registration(given: "Historica", registeredOn: old)
        var noDate = Fixtures.registration(given: "Zonder")
        noDate.registeredOn = nil
        let badINSZ = Fixtures.registration(given: "Fout", insz: "85073003329", registeredOn: old)
        let batch = ImportBatch(records: [ImportRecord(externalID: "old-1", record: good), ImportRecord(externalID: "old-2", record: noDate),
                                          ImportRecord(externalID: "old-3", record: badINSZ)])
        let report = try await admin.importRegistrations(batch)
        XCTAssertEqual(report.results.map(\.status), [.accepted, .rejected, .rejected])
        XCTAssertEqual(report.results[1].field, "registeredOn")
        XCTAssertEqual(report.results[2].field, "insz")
        let repeated = try await admin.importRegistrations(ImportBatch(records: [batch.records[0]]))
        XCTAssertEqual(repeated.results.first?.status, .alreadyImported)
        XCTAssertEqual(repeated.results.first?.id, report.results[0].id)
        let file = try await desk.get(report.results[0].id!)
        XCTAssertEqual(file.registeredOn, old)
        let nt2 = try await admin.importNT2(ImportBatch(records: [
            ImportRecord(externalID: "nt2-1", record: NT2Import(personExternalID: "old-1", record: NT2Record(kind: .conversation, on: old))),
            ImportRecord(externalID: "nt2-2", record: NT2Import(personExternalID: "nobody", record: NT2Record(kind: .conversation, on: old))),
        ]))
        XCTAssertEqual(nt2.results.map(\.status), [.accepted, .rejected])
        XCTAssertEqual(nt2.results[1].field, "personExternalID")
        await assertRPCError(.permissionDenied) { try await self.desk.importRegistrations(batch) }
    }

    func testPolicyRefusesByServiceByRoleAndByRegion() async throws {
        let file = try await desk.register(Fixtures.registration())
        let analyst = try intake.staff("gent", user: "an-analyst", roles: [.analyst])
        await assertRPCError(.permissionDenied) { try await analyst.get(file.personID) }
        await assertRPCError(.permissionDenied) { try await analyst.register(Fixtures.registration(given: "Nee")) }
        let otherRegion = try intake.staff("gent", user: "an-desk", roles: [.desk], of: "antwerpen")
        await assertRPCError(.permissionDenied) { try await otherRegion.get(file.personID) }
        let tolkdienst = try intake.service("gent", as: "tolkdienst")
        await assertRPCError(.permissionDenied) { try await tolkdienst.get(file.personID) }
        let trajectory = try intake.service("gent", as: "trajectory")
        let read = try await trajectory.get(file.personID)
        XCTAssertEqual(read.personID, file.personID)
        await assertRPCError(.permissionDenied) { try await self.desk.audit(AuditQuery(personID: file.personID)) }
    }

    /// The audit trail says who read and changed a file: the staff member calling, or the one a service acts for.
    func testTheAuditTrailRecordsStaffAndActingUsersAndTheDPOCanQueryIt() async throws {
        let file = try await desk.register(Fixtures.registration())
        _ = try await desk.get(file.personID)
        let trajectory = try intake.service("gent", as: "trajectory")
        let counsellor = intake.mesh.staffIdentity("an-counsellor")
        _ = try await trajectory.get(file.personID, options: CallOptions(metadata: [
            (ActingUser.userKey, counsellor.uri), (ActingUser.rolesKey, "counsellor")]))
        let dpo = try intake.staff("gent", user: "an-dpo", roles: [.dpo])
        let page = try await dpo.audit(AuditQuery(personID: file.personID))
        let events = page.events.reversed()
        XCTAssertEqual(events.map(\.method), ["intake/persons.register", "intake/persons.get", "intake/persons.get"])
        XCTAssertEqual(events.map(\.access), [.change, .read, .read])
        XCTAssertEqual(events.map(\.staff), [intake.mesh.staffIdentity("an-desk").uri, intake.mesh.staffIdentity("an-desk").uri, counsellor.uri])
        XCTAssertEqual(events.last?.caller, intake.mesh.identity("trajectory").uri)
        XCTAssertEqual(events.last?.staffRoles, ["counsellor"])
        let byStaff = try await dpo.audit(AuditQuery(staff: "an-counsellor"))
        XCTAssertEqual(byStaff.events.map(\.personID), [file.personID])
        let export = try await dpo.export(personID: file.personID)
        XCTAssertTrue(export.fileJSON.contains(file.personID))
        XCTAssertGreaterThanOrEqual(export.audit.count, 4, "the events so far and the audit query of this person")
        await assertRPCError(.notFound) { try await dpo.export(personID: "gent-p999") }
    }

    func testLogsHoldNoNamesINSZOrSearchTerms() async throws {
        let insz = Fixtures.insz(born: try CivilDate("1990-05-17"), sequence: 66)
        let file = try await desk.register(Fixtures.registration(given: "Zeldzaamvoornaam", family: "Unieknaam", insz: insz))
        _ = try await desk.findMatches(MatchRequest(name: "Zoekterm Bijzonder", birthDate: try CivilDate("1990-05-17")))
        _ = try await desk.find(insz: insz)
        await assertRPCError(.invalidArgument) { try await self.desk.register(Fixtures.registration(given: "Zeldzaamvoornaam", insz: "12345678901")) }
        await assertRPCError(.notFound) { try await self.desk.get("gent-p424242") }
        // A change naming an INSZ where the person id belongs is refused before it could reach the audit trail.
        let misuse = await assertRPCError(.invalidArgument) {
            try await self.desk.update(PersonUpdate(file: FileReference(personID: insz, version: 1), changes: PersonChanges(languages: ["nl"])))
        }
        XCTAssertEqual(misuse?.details["field"], "file.personID")
        let dpo = try intake.staff("gent", user: "an-dpo", roles: [.dpo])
        let trail = try await dpo.audit(AuditQuery(personID: insz))
        XCTAssertTrue(trail.events.isEmpty, "an INSZ reached the audit trail as a person id")
        let logs = intake.mesh.logLines().joined(separator: "\n")
        XCTAssertFalse(logs.isEmpty)
        for secret in ["Zeldzaamvoornaam", "Unieknaam", insz, "Zoekterm", "Bijzonder", "12345678901"] {
            XCTAssertFalse(logs.contains(secret), "the logs contain '\(secret)'")
        }
        _ = file
    }
}

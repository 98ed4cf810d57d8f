import Foundation
import SamenContracts
import SamenReferenceData
import SamenRPC
import SamenTestSupport
import XCTest

/// Who may call what: the region's desk and counsellors work the desk; analysts and reporting read figures only;
/// the data protection officer and administrators read the audit trail; administrators import.
final class VerenigingenPolicyTests: XCTestCase {
    var mesh: VerenigingenMesh!

    override func setUp() async throws {
        mesh = try await VerenigingenMesh(regions: ["gent", "antwerpen"])
    }

    override func tearDown() async throws {
        await mesh.stop()
    }

    func testEachRoleReachesOnlyItsMethods() async throws {
        let desk = try mesh.staff()
        let association = try await desk.createAssociation(AssociationFixtures.association())
        let figures = AggregateRequest(figure: "contacts.byKind", from: try CivilDate("2019-01-01"), through: try CivilDate("2019-12-31"))
        for role in [StaffRole.analyst, .planner, .dpo, .admin] {
            let client = try mesh.staff(user: "u-\(role.rawValue)", roles: [role])
            await assertRPCError(.permissionDenied) { try await client.createAssociation(AssociationFixtures.association("Andere")) }
            await assertRPCError(.permissionDenied) { try await client.association(association.associationID) }
            await assertRPCError(.permissionDenied) { try await client.openFollowUps() }
        }
        let otherRegion = try mesh.staff(user: "an-desk", roles: [.desk], of: "antwerpen")
        await assertRPCError(.permissionDenied) { try await otherRegion.association(association.associationID) }
        let intake = try mesh.service(as: "intake")
        await assertRPCError(.permissionDenied) { try await intake.listAssociations() }

        let analyst = try mesh.staff(user: "u-analyst", roles: [.analyst])
        _ = try await analyst.figures(figures)
        _ = try await mesh.service(as: "reporting", of: "antwerpen").figures(figures)
        await assertRPCError(.permissionDenied) { try await desk.figures(figures) }
        await assertRPCError(.permissionDenied) { try await analyst.audit(AuditQuery(personID: association.associationID)) }
        _ = try await mesh.staff(user: "u-admin", roles: [.admin]).audit(AuditQuery(personID: association.associationID))
        await assertRPCError(.permissionDenied) {
            try await desk.importAssociations(ImportBatch(records: [ImportRecord(externalID: "old-1", record: AssociationFixtures.association("Oud"))]))
        }
    }

    func testHistoricalImportValidatesEachRecordAsALiveWriteAndIsIdempotent() async throws {
        let admin = try mesh.staff(user: "u-admin", roles: [.admin])
        var invalid = AssociationFixtures.association("Zonder Straat")
        invalid.address.street = ""
        let batch = ImportBatch(records: [
            ImportRecord(externalID: "old-1", record: AssociationFixtures.association("Oude Vereniging", focus: [.women])),
            ImportRecord(externalID: "old-2", record: invalid),
        ])
        let report = try await admin.importAssociations(batch)
        XCTAssertEqual(report.results.map(\.status), [.accepted, .rejected])
        XCTAssertEqual(report.results[1].field, "address.street")
        XCTAssertEqual(report.results[1].code, "invalid_argument")
        let again = try await admin.importAssociations(batch)
        XCTAssertEqual(again.results.map(\.status), [.alreadyImported, .rejected])
        XCTAssertEqual(again.results[0].id, report.results[0].id)

        let day = try CivilDate("2019-05-02")
        let contacts = try await admin.importContacts(ImportBatch(records: [
            ImportRecord(externalID: "oc-1", record: SupportContactImport(associationExternalID: "old-1", staff: "former-desk", on: day,
                                                                          kind: .substantive, subject: .subsidies)),
            ImportRecord(externalID: "oc-2", record: SupportContactImport(associationExternalID: "old-9", staff: "former-desk", on: day,
                                                                          kind: .informative, subject: .events)),
        ]))
        XCTAssertEqual(contacts.results.map(\.status), [.accepted, .rejected])
        XCTAssertEqual(contacts.results[1].field, "associationExternalID")
        let listed = try await mesh.staff().listContacts()
        XCTAssertEqual(listed.contacts.map(\.staff), ["former-desk"])
        XCTAssertEqual(listed.contacts.map(\.associationID), [report.results[0].id!])
        XCTAssertEqual(listed.contacts.map(\.womensOrganisation), [true])
        let audit = try await admin.audit(AuditQuery(personID: report.results[0].id!))
        XCTAssertEqual(audit.events.map(\.method), ["verenigingen/associations.import"], "an imported file's contact persons are recorded as changed")
    }

    func testFiguresCountContactsAssociationsEventsAndSubsidiesWithTheirMarks() async throws {
        let desk = try mesh.staff()
        let women = try await desk.createAssociation(AssociationFixtures.association("Vrouwen Voorbeeld", focus: [.women], genderNetwork: true))
        let sport = try await desk.createAssociation(AssociationFixtures.association("Sport Voorbeeld", focus: [.sport]))
        let day = { (text: String) in try! CivilDate(text) }
        for (association, on, kind) in [(women, "2019-02-01", SupportKind.informative), (women, "2019-03-01", .substantive),
                                        (sport, "2019-03-02", .informative), (sport, "2018-12-31", .administrative)] {
            _ = try await desk.recordContact(NewSupportContact(associationID: association.associationID, on: day(on), kind: kind, subject: .statutes))
        }
        _ = try await desk.recordEvent(NewNetworkEvent(on: day("2019-03-16"), theme: "Netwerkmoment", organisers: ["IN-Gent"],
                                                       participants: [women.associationID, sport.associationID], attendance: 64))
        _ = try await desk.recordEvent(NewNetworkEvent(on: day("2019-10-05"), theme: "Ondernemerschap", organisers: ["Univers'elle"],
                                                       participants: [women.associationID], attendance: 23, genderNetwork: true))
        let call = try await desk.openCall(NewSubsidyCall(theme: "Oefenkansen Nederlands", budgetCents: 10_000_000, deadline: day("2019-06-30")))
        for (association, asked) in [(women, Int64(5_000_000)), (sport, 6_000_000)] {
            let applied = try await desk.apply(NewSubsidyApplication(callID: call.callID, associationID: association.associationID, project: "Taalcafé",
                                                                     askedCents: asked, submittedOn: day("2019-04-01")))
            let assessed = try await desk.assess(AssessmentRequest(application: ApplicationReference(applicationID: applied.applicationID, version: 1),
                                                                   assessment: "fits"))
            if association == women {
                _ = try await desk.decide(DecisionRequest(application: ApplicationReference(applicationID: assessed.applicationID, version: 2),
                                                          grantedCents: 5_000_000, decidedOn: day("2019-07-15")))
            }
        }

        let analyst = try mesh.staff(user: "u-analyst", roles: [.analyst])
        func figure(_ name: String) async throws -> AggregateTable {
            try await analyst.figures(AggregateRequest(figure: name, from: day("2019-01-01"), through: day("2019-12-31")))
        }
        let byKind = try await figure("contacts.byKind")
        XCTAssertEqual(byKind.dimensions, ["kind", "womensOrganisation", "genderNetwork"])
        XCTAssertEqual(byKind.rows, [AggregateRow(keys: ["informative", "no", "no"], value: 1), AggregateRow(keys: ["informative", "yes", "yes"], value: 1),
                                     AggregateRow(keys: ["substantive", "yes", "yes"], value: 1)])
        let reached = try await figure("associations.reached")
        XCTAssertEqual(reached.rows, [AggregateRow(keys: ["no", "no"], value: 1), AggregateRow(keys: ["yes", "yes"], value: 1)])
        let held = try await figure("events.held").rows
        XCTAssertEqual(held, [AggregateRow(keys: ["no"], value: 1), AggregateRow(keys: ["yes"], value: 1)])
        let attendance = try await figure("events.attendance").rows
        XCTAssertEqual(attendance, [AggregateRow(keys: ["no"], value: 64), AggregateRow(keys: ["yes"], value: 23)])
        let asked = try await figure("subsidies.askedByCall").rows
        XCTAssertEqual(asked, [AggregateRow(keys: [call.callID, "no", "no"], value: 6_000_000),
                                                                         AggregateRow(keys: [call.callID, "yes", "yes"], value: 5_000_000)])
        let granted = try await figure("subsidies.grantedByCall").rows
        XCTAssertEqual(granted, [AggregateRow(keys: [call.callID, "yes", "yes"], value: 5_000_000)])
        let unknown = await assertRPCError(.invalidArgument) { try await figure("contacts.byColour") }
        XCTAssertEqual(unknown?.details["field"], "figure")
    }
}

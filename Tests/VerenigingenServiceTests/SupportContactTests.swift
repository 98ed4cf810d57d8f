import Foundation
import SamenContracts
import SamenReferenceData
import SamenRPC
import SamenTestSupport
import XCTest

/// Support contacts and the desk's open follow-ups over real TLS.
final class SupportContactTests: XCTestCase {
    var mesh: VerenigingenMesh!
    var desk: VerenigingenClient!
    var association: AssociationFile!

    override func setUp() async throws {
        mesh = try await VerenigingenMesh()
        desk = try mesh.staff()
        association = try await desk.createAssociation(AssociationFixtures.association("Vrouwen Voorbeeld", focus: [.women], genderNetwork: true))
    }

    override func tearDown() async throws {
        await mesh.stop()
    }

    func day(_ offset: Int) -> CivilDate { Fixtures.today.adding(days: offset)! }

    func testAContactRecordsTheStaffMemberAndTheAssociationsMarks() async throws {
        let contact = try await desk.recordContact(NewSupportContact(associationID: association.associationID, on: day(-3), kind: .administrative,
                                                                     subject: .statutes))
        XCTAssertEqual(contact.contactID, "gent-c1")
        XCTAssertEqual(contact.staff, "an-desk", "the staff member comes from the certificate")
        XCTAssertTrue(contact.womensOrganisation)
        XCTAssertTrue(contact.genderNetwork)
        XCTAssertEqual(contact.associationName, "Vrouwen Voorbeeld")
        XCTAssertNil(contact.followUp)
        let counsellor = try mesh.staff(user: "a-counsellor", roles: [.counsellor])
        let second = try await counsellor.recordContact(NewSupportContact(associationID: association.associationID, on: day(-1), kind: .substantive,
                                                                          subject: .subsidies))
        XCTAssertEqual(second.staff, "a-counsellor")
        let listed = try await desk.listContacts(ContactListRequest(associationID: association.associationID))
        XCTAssertEqual(listed.contacts, [second, contact], "newest first")
        let period = try await desk.listContacts(ContactListRequest(from: day(-2), through: day(0)))
        XCTAssertEqual(period.contacts.map(\.contactID), ["gent-c2"])
        let paged = try await desk.listContacts(ContactListRequest(limit: 1))
        XCTAssertEqual(paged.next, "gent-c2")
        let rest = try await desk.listContacts(ContactListRequest(limit: 1, after: paged.next))
        XCTAssertEqual(rest.contacts.map(\.contactID), ["gent-c1"])
        XCTAssertNil(rest.next)
    }

    func testEveryFieldOfAContactIsCheckedAndNamed() async throws {
        let id = association.associationID
        let cases: [(String, StatusCode, NewSupportContact)] = [
            ("associationID", .invalidArgument, NewSupportContact(associationID: "vereniging", on: day(0), kind: .informative, subject: .events)),
            ("associationID", .notFound, NewSupportContact(associationID: "gent-v42", on: day(0), kind: .informative, subject: .events)),
            ("on", .invalidArgument, NewSupportContact(associationID: id, on: day(1), kind: .informative, subject: .events)),
            ("followUp.description", .invalidArgument, NewSupportContact(associationID: id, on: day(0), kind: .informative, subject: .events,
                                                                         followUp: NewFollowUp(description: " ", due: day(3)))),
            ("followUp.due", .invalidArgument, NewSupportContact(associationID: id, on: day(0), kind: .informative, subject: .events,
                                                                 followUp: NewFollowUp(description: "send the model statutes", due: day(-1)))),
            ("followUp.due", .invalidArgument, NewSupportContact(associationID: id, on: day(0), kind: .informative, subject: .events,
                                                                 followUp: NewFollowUp(description: "send the model statutes", due: day(731)))),
        ]
        for (field, status, contact) in cases {
            let error = await assertRPCError(status) { try await self.desk.recordContact(contact) }
            XCTAssertEqual(error?.details["field"], field, "\(error?.message ?? "")")
        }
        let page = try await desk.listContacts()
        XCTAssertTrue(page.contacts.isEmpty)
    }

    func testOpenFollowUpsAreListedEarliestDueFirstUntilClosed() async throws {
        let other = try await desk.createAssociation(AssociationFixtures.association("Sport Voorbeeld", focus: [.sport]))
        let counsellor = try mesh.staff(user: "a-counsellor", roles: [.counsellor])
        let late = try await desk.recordContact(NewSupportContact(associationID: association.associationID, on: day(-5), kind: .administrative,
                                                                  subject: .accounts, followUp: NewFollowUp(description: "check the accounts", due: day(20))))
        let soon = try await counsellor.recordContact(NewSupportContact(associationID: other.associationID, on: day(-4), kind: .substantive,
                                                                        subject: .premises, followUp: NewFollowUp(description: "ask the city about a hall", due: day(2))))
        _ = try await desk.recordContact(NewSupportContact(associationID: other.associationID, on: day(-4), kind: .informative, subject: .events))
        let overdue = try await desk.recordContact(NewSupportContact(associationID: other.associationID, on: day(-10), kind: .administrative,
                                                                     subject: .recognition, followUp: NewFollowUp(description: "send the form", due: day(-1))))

        let open = try await desk.openFollowUps()
        XCTAssertEqual(open.contacts.map(\.contactID), [overdue.contactID, soon.contactID, late.contactID])
        XCTAssertNil(open.next)
        let dueSoon = try await desk.openFollowUps(OpenFollowUpsRequest(dueThrough: day(5)))
        XCTAssertEqual(dueSoon.contacts.map(\.contactID), [overdue.contactID, soon.contactID])
        let mine = try await desk.openFollowUps(OpenFollowUpsRequest(staff: "a-counsellor"))
        XCTAssertEqual(mine.contacts.map(\.contactID), [soon.contactID])
        let first = try await desk.openFollowUps(OpenFollowUpsRequest(limit: 2))
        XCTAssertEqual(first.next, soon.contactID)
        let rest = try await desk.openFollowUps(OpenFollowUpsRequest(limit: 2, after: first.next))
        XCTAssertEqual(rest.contacts.map(\.contactID), [late.contactID])

        let closed = try await counsellor.closeFollowUp(CloseFollowUpRequest(contactID: overdue.contactID), options: CallOptions(idempotencyKey: "close-1"))
        XCTAssertEqual(closed.followUp?.closedOn, Fixtures.today)
        XCTAssertEqual(closed.followUp?.closedBy, "a-counsellor")
        let retried = try await counsellor.closeFollowUp(CloseFollowUpRequest(contactID: overdue.contactID), options: CallOptions(idempotencyKey: "close-1"))
        XCTAssertEqual(retried, closed, "a retry under the same key answers the first close")
        let twice = await assertRPCError(.failedPrecondition) { try await self.desk.closeFollowUp(CloseFollowUpRequest(contactID: overdue.contactID)) }
        XCTAssertEqual(twice?.details["field"], "contactID")
        let none = await assertRPCError(.failedPrecondition) { try await self.desk.closeFollowUp(CloseFollowUpRequest(contactID: "gent-c3")) }
        XCTAssertEqual(none?.details["field"], "contactID")
        let early = await assertRPCError(.invalidArgument) {
            try await self.desk.closeFollowUp(CloseFollowUpRequest(contactID: late.contactID, closedOn: self.day(-6)))
        }
        XCTAssertEqual(early?.details["field"], "closedOn")
        await assertRPCError(.notFound) { try await self.desk.closeFollowUp(CloseFollowUpRequest(contactID: "gent-c99")) }
        let after = try await desk.openFollowUps()
        XCTAssertEqual(after.contacts.map(\.contactID), [soon.contactID, late.contactID])
    }
}

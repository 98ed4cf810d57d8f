import Foundation
import SamenAgencyKit
import SamenRPC
import SamenTestSupport
import XCTest

/// `AgencyStore.read`: every person a read returns is recorded, and a read that cannot be recorded returns nothing.
final class ReadTests: PeopleServiceTestCase {
    func testAGetRecordsThePersonItReturned() async throws {
        let desk = try fixture.staff("u-desk", [.desk])
        let person = try await desk.call(PeopleAPI.create, NewPerson(name: "A"))
        let counsellor = try fixture.staff("u-counsellor", [.counsellor])
        let read = try await counsellor.call(PeopleAPI.get, PersonRef(id: person.id))
        XCTAssertEqual(read, person)
        let events = try await fixture.events(of: person.id)
        XCTAssertEqual(events.count, 2)
        XCTAssertEqual(events.last?.method, PeopleAPI.get.name)
        XCTAssertEqual(events.last?.access, .read)
        XCTAssertEqual(events.last?.staff, "samen://gent/staff/u-counsellor")

        await assertRPCError(.notFound) { try await counsellor.call(PeopleAPI.get, PersonRef(id: "p404")) }
        let unknown = try await fixture.events(of: "p404")
        XCTAssertEqual(unknown, [], "a read that returned nobody records nobody")
        await desk.close()
        await counsellor.close()
    }

    func testAListRecordsOneRowPerPersonReturned() async throws {
        let desk = try fixture.staff("u-desk", [.desk])
        var matching: [Person] = []
        for name in ["Anna", "Hannah", "Joanna"] { matching.append(try await desk.call(PeopleAPI.create, NewPerson(name: name))) }
        let other = try await desk.call(PeopleAPI.create, NewPerson(name: "Piet"))

        let page = try await desk.call(PeopleAPI.list, PeopleQuery(nameContains: "nna"))
        XCTAssertEqual(page.people, matching)
        let listed = try await fixture.store.database.read { connection in
            try connection.query("SELECT person_id FROM samen_audit WHERE method = 'people/list' ORDER BY id").map { try $0.text("person_id") }
        }
        XCTAssertEqual(listed, matching.map(\.id))
        let otherEvents = try await fixture.events(of: other.id)
        XCTAssertEqual(otherEvents.map(\.method), ["people/create"], "a person the list did not return is not recorded")

        let rowsBefore = try await fixture.auditRowCount()
        let empty = try await desk.call(PeopleAPI.list, PeopleQuery(nameContains: "zzz"))
        XCTAssertEqual(empty.people, [])
        let rowsAfter = try await fixture.auditRowCount()
        XCTAssertEqual(rowsAfter, rowsBefore)
        await desk.close()
    }

    /// The audit write is forced to fail for one person (a trigger in the file, as a full disk or a broken file
    /// would make it fail): a read that returns that person answers an error instead of the data.
    func testAReadWhoseAuditRowFailsReturnsNoData() async throws {
        let desk = try fixture.staff("u-desk", [.desk])
        let kept = try await desk.call(PeopleAPI.create, NewPerson(name: "Anna"))
        let guarded = try await desk.call(PeopleAPI.create, NewPerson(name: "Hannah"))
        try await fixture.store.database.write { connection in
            try connection.execute("""
                CREATE TRIGGER test_refuse_audit BEFORE INSERT ON samen_audit
                WHEN NEW.access = 'read' AND NEW.person_id = '\(guarded.id)'
                BEGIN SELECT RAISE(ABORT, 'audit row refused by the test'); END;
                """)
        }
        let error = await assertRPCError(.internal) { try await desk.call(PeopleAPI.get, PersonRef(id: guarded.id)) }
        XCTAssertFalse(error?.message.contains("Hannah") ?? true)
        await assertRPCError(.internal) { try await desk.call(PeopleAPI.list, PeopleQuery(nameContains: "nna")) }
        let alone = try await desk.call(PeopleAPI.get, PersonRef(id: kept.id))
        XCTAssertEqual(alone, kept, "reads of others go on")
        let keptEvents = try await fixture.events(of: kept.id)
        XCTAssertEqual(keptEvents.map(\.method), ["people/create", "people/get"],
                       "the refused list recorded nobody: its rows are one transaction")

        try await fixture.store.database.write { try $0.execute("DROP TRIGGER test_refuse_audit") }
        let read = try await desk.call(PeopleAPI.get, PersonRef(id: guarded.id))
        XCTAssertEqual(read, guarded)
        await desk.close()
    }
}

import Foundation
import SamenAgencyKit
import SamenRPC
import SamenTestSupport
import XCTest

/// Nothing personal in logs: names, birth dates and search terms go through every path of the kit (changes,
/// refusals, reads, lists, imports, audit methods, a failing handler) and appear in none of the lines logged.
final class PersonalDataLoggingTests: XCTestCase {
    func testNamesBirthDatesAndSearchTermsStayOutOfTheLogs() async throws {
        let fixture = try PeopleFixture()
        let name = "Zebulonia Quixtrabelle"
        let renamed = "Zebulonia Quixtrabelle-Vormwald"
        let born = "1987-06-05"
        let searchTerm = "Quixtrab"
        let desk = try fixture.staff("u-desk", [.desk])
        let admin = try fixture.staff("u-admin", [.admin])
        let dpo = try fixture.staff("u-dpo", [.dpo])

        let person = try await desk.call(PeopleAPI.create, NewPerson(name: name, born: born), options: CallOptions(idempotencyKey: "k1"))
        _ = try await desk.call(PeopleAPI.create, NewPerson(name: name, born: born), options: CallOptions(idempotencyKey: "k1"))
        await assertRPCError(.failedPrecondition) {
            try await desk.call(PeopleAPI.create, NewPerson(name: renamed, born: born), options: CallOptions(idempotencyKey: "k1"))
        }
        await assertRPCError(.alreadyExists) { try await desk.call(PeopleAPI.create, NewPerson(name: name, born: born)) }
        await assertRPCError(.invalidArgument) { try await desk.call(PeopleAPI.create, NewPerson(name: String(repeating: name, count: 10))) }
        _ = try await desk.call(PeopleAPI.rename, RenamePerson(id: person.id, name: renamed, version: 1))
        await assertRPCError(.aborted) { try await desk.call(PeopleAPI.rename, RenamePerson(id: person.id, name: name, version: 1)) }
        _ = try await desk.call(PeopleAPI.get, PersonRef(id: person.id))
        let found = try await desk.call(PeopleAPI.list, PeopleQuery(nameContains: searchTerm))
        XCTAssertEqual(found.people.map(\.id), [person.id])
        _ = try await admin.call(PeopleAPI.importPeople, ImportBatch(records: [
            ImportRecord(externalID: "old-1", record: NewPerson(name: "\(searchTerm) Anna", born: born)),
            ImportRecord(externalID: "old-2", record: NewPerson(name: renamed, born: born)),
        ]))
        _ = try await dpo.call(PeopleAPI.audit.exportPerson, PersonExportRequest(personID: person.id))
        _ = try await dpo.call(PeopleAPI.audit.query, AuditQuery(personID: person.id))

        // A handler that fails for a reason of its own is logged with the error's text: still nothing personal.
        try await fixture.store.database.write { connection in
            try connection.execute("""
                CREATE TRIGGER test_refuse_audit BEFORE INSERT ON samen_audit
                BEGIN SELECT RAISE(ABORT, 'audit row refused by the test'); END;
                """)
        }
        await assertRPCError(.internal) { try await desk.call(PeopleAPI.list, PeopleQuery(nameContains: searchTerm)) }
        await assertRPCError(.internal) { try await desk.call(PeopleAPI.create, NewPerson(name: "\(name) Junior", born: born)) }

        await desk.close()
        await admin.close()
        await dpo.close()
        await fixture.stop()
        let lines = fixture.mesh.logLines()
        XCTAssertTrue(lines.contains { $0.contains("handler failed") }, "the failing handler was logged: the check below looked at it")
        for secret in [name, "Zebulonia", searchTerm, born, "Quixtrabelle"] {
            let leaking = lines.filter { $0.contains(secret) }
            XCTAssertEqual(leaking, [], "'\(secret)' in the log")
        }
    }
}

import Foundation
import SamenAgencyKit
import SamenRPC
import SamenTestSupport
import XCTest

/// `AgencyStore.importBatch` through the test service's `people/import.people`: each record validated as a live
/// write, answered on its own, idempotent per external id, a refused record leaving nothing behind.
final class HistoricalImportTests: PeopleServiceTestCase {
    private var admin: RPCClient!

    override func setUp() async throws {
        try await super.setUp()
        admin = try fixture.staff("u-admin", [.admin])
    }

    override func tearDown() async throws {
        await admin.close()
        try await super.tearDown()
    }

    private func importing(_ records: [(String, NewPerson)]) async throws -> [ImportResult] {
        try await admin.call(PeopleAPI.importPeople, ImportBatch(records: records.map { ImportRecord(externalID: $0.0, record: $0.1) })).results
    }

    private func importedID(_ externalID: String, type: String = PeopleAPI.personRecordType) async throws -> String? {
        try await fixture.store.database.read { try HistoricalImport.importedID(recordType: type, externalID: externalID, on: $0) }
    }

    func testABatchAnswersEachRecordAndOnlyTheRefusedOnesLeaveNothing() async throws {
        let desk = try fixture.staff("u-desk", [.desk])
        let twin = try await desk.call(PeopleAPI.create, NewPerson(name: "Twin", born: "1980-01-01"))
        let results = try await importing([
            ("old-1", NewPerson(name: "Anna", born: "1990-04-01")),
            ("old-2", NewPerson(name: "", born: "1990-04-01")),
            ("old-3", NewPerson(name: "Bert", born: "2999-01-01")),
            ("old-4", NewPerson(name: "Carl", born: "1990-02-30")),
            ("old-5", NewPerson(name: "Twin", born: "1980-01-01")),
            ("old-1", NewPerson(name: "Anna", born: "1990-04-01")),
            ("old-6", NewPerson(name: "Dora", born: nil)),
        ])
        XCTAssertEqual(results.map(\.externalID), ["old-1", "old-2", "old-3", "old-4", "old-5", "old-1", "old-6"])
        XCTAssertEqual(results.map(\.status), [.accepted, .rejected, .rejected, .rejected, .rejected, .alreadyImported, .accepted])
        XCTAssertEqual(results.map(\.code), [nil, "invalid_argument", "invalid_argument", "invalid_argument", "already_exists", nil, nil])
        XCTAssertEqual(results.map(\.field), [nil, "name", "born", "born", "name", nil, nil])
        XCTAssertTrue(results.filter { $0.status == .rejected }.allSatisfy { ($0.message ?? "").contains("'\($0.field ?? "")'") || $0.code == "already_exists" },
                      "\(results)")
        let anna = try XCTUnwrap(results[0].id)
        let dora = try XCTUnwrap(results[6].id)
        XCTAssertEqual(results[5].id, anna, "the repeat answers the first import's id")
        XCTAssertTrue(results[1...4].allSatisfy { $0.id == nil })

        // Only the twin made before the import and the two accepted records are in the file: the twin's import was
        // inserted and then refused, and its savepoint took the insert back.
        let people = try await fixture.peopleCount()
        XCTAssertEqual(people, 3)
        let storedAnna = try await fixture.storedPerson(anna)
        XCTAssertEqual(storedAnna, Person(id: anna, name: "Anna", born: "1990-04-01", version: 1))
        let twins = try await fixture.store.database.read { try $0.queryFirst("SELECT COUNT(*) AS n FROM people WHERE name = 'Twin'")?.int("n") }
        XCTAssertEqual(twins, 1)

        let annaID = try await importedID("old-1")
        let refusedID = try await importedID("old-5")
        let otherType = try await importedID("old-1", type: "nt2-record")
        XCTAssertEqual(annaID, anna)
        XCTAssertNil(refusedID, "a refused record is not in the ledger")
        XCTAssertNil(otherType, "external ids are per record type")

        // The accepted records are recorded as changes by the admin; the refused ones touched no file.
        for id in [anna, dora] {
            let events = try await fixture.events(of: id)
            XCTAssertEqual(events.map(\.method), ["people/import.people"])
            XCTAssertEqual(events.map(\.access), [.change])
            XCTAssertEqual(events.map(\.staff), ["samen://gent/staff/u-admin"])
        }
        let twinEvents = try await fixture.events(of: twin.id)
        XCTAssertEqual(twinEvents.map(\.method), ["people/create"])
        await desk.close()
    }

    func testImportingAgainAnswersTheFirstResultAndRefusesAnotherRecordUnderTheSameID() async throws {
        let first = try await importing([("old-1", NewPerson(name: "Anna", born: "1990-04-01"))])
        let id = try XCTUnwrap(first.first?.id)
        let again = try await importing([("old-1", NewPerson(name: "Anna", born: "1990-04-01"))])
        XCTAssertEqual(again, [ImportResult(externalID: "old-1", status: .alreadyImported, id: id)])

        let changed = try await importing([("old-1", NewPerson(name: "Anna Maria", born: "1990-04-01"))])
        XCTAssertEqual(changed.first?.status, .rejected)
        XCTAssertEqual(changed.first?.code, "failed_precondition")
        XCTAssertEqual(changed.first?.field, "externalID")
        XCTAssertEqual(changed.first?.id, id, "names the file the first import made")
        let stored = try await fixture.storedPerson(id)
        XCTAssertEqual(stored?.name, "Anna", "never overwritten")
        let people = try await fixture.peopleCount()
        XCTAssertEqual(people, 1)

        // Within one batch as well: the second record under an id is a repeat or a conflict, never a second file.
        let inOneBatch = try await importing([("old-2", NewPerson(name: "Bert")), ("old-2", NewPerson(name: "Bert")),
                                              ("old-2", NewPerson(name: "Berta"))])
        XCTAssertEqual(inOneBatch.map(\.status), [.accepted, .alreadyImported, .rejected])
        XCTAssertEqual(inOneBatch.last?.code, "failed_precondition")
        let afterBatch = try await fixture.peopleCount()
        XCTAssertEqual(afterBatch, 2)
    }

    func testABatchTakesOneToFiveHundredRecords() async throws {
        for count in [0, ImportBatch<NewPerson>.maximumRecords + 1] {
            let records = (0..<count).map { ("bulk-\($0)", NewPerson(name: "Person \($0)")) }
            let error = await assertRPCError(.invalidArgument) { try await self.importing(records) }
            XCTAssertEqual(error?.details["field"], "records", "\(count)")
            XCTAssertTrue(error?.message.contains("'records'") ?? false, error?.message ?? "")
        }
        let people = try await fixture.peopleCount()
        XCTAssertEqual(people, 0)
        let full = try await importing((0..<ImportBatch<NewPerson>.maximumRecords).map { ("bulk-\($0)", NewPerson(name: "Person \($0)")) })
        XCTAssertEqual(full.count, 500)
        XCTAssertTrue(full.allSatisfy { $0.status == .accepted })
    }

    /// The bound is in UTF-8 bytes, not characters.
    func testAnExternalIDIsOneTo128Bytes() async throws {
        let longest = String(repeating: "x", count: 128)
        let tooLong = String(repeating: "x", count: 129)
        let wide = String(repeating: "é", count: 65)
        let results = try await importing([
            (longest, NewPerson(name: "Anna")), (tooLong, NewPerson(name: "Bert")), (wide, NewPerson(name: "Carl")), ("", NewPerson(name: "Dora")),
        ])
        XCTAssertEqual(results.map(\.status), [.accepted, .rejected, .rejected, .rejected])
        XCTAssertEqual(results.dropFirst().map(\.field), ["externalID", "externalID", "externalID"])
        XCTAssertEqual(results.dropFirst().map(\.code), ["invalid_argument", "invalid_argument", "invalid_argument"])
        let people = try await fixture.peopleCount()
        XCTAssertEqual(people, 1)
        let stored = try await importedID(longest)
        XCTAssertEqual(stored, results[0].id)
    }

    func testOnlyAnAdminMayImport() async throws {
        let batch = ImportBatch(records: [ImportRecord(externalID: "old-1", record: NewPerson(name: "Anna"))])
        for role in StaffRole.allCases where role != .admin {
            let client = try fixture.staff("u-\(role.rawValue)", [role])
            await assertRPCError(.permissionDenied) { try await client.call(PeopleAPI.importPeople, batch) }
            await client.close()
        }
        let people = try await fixture.peopleCount()
        XCTAssertEqual(people, 0)
    }
}

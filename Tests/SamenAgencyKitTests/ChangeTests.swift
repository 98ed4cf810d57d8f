import Foundation
@testable import SamenAgencyKit
import SamenRPC
import SamenTestSupport
import XCTest

/// `AgencyStore.change`: a change and its audit rows commit together, a retry under the same key answers the
/// first result, and a stale version is refused without touching the file.
final class ChangeTests: PeopleServiceTestCase {
    // MARK: a change and its record

    func testABodyThatThrowsLeavesNeitherTheChangeNorAnOkRow() async throws {
        let context = try fixture.context(PeopleAPI.create.name)
        let error = await assertRPCError(.invalidArgument) {
            try await self.fixture.store.change(context, request: NewPerson(name: "A"), person: "p-named") { scope -> Person in
                try scope.connection.run("INSERT INTO people (id, name, version) VALUES ('p-named', 'A', 1)")
                scope.touched("p-named")
                throw RPCError(.invalidArgument, "refused after the insert", details: ["field": "name"])
            }
        }
        XCTAssertEqual(error?.details["field"], "name", "the body's error reaches the caller unchanged")
        let stored = try await fixture.storedPerson("p-named")
        XCTAssertNil(stored, "the insert before the refusal is rolled back")
        let events = try await fixture.events(of: "p-named")
        XCTAssertEqual(events.map(\.outcome), ["invalid_argument"], "the refusal is recorded, no ok row")
        XCTAssertEqual(events.map(\.access), [.change])

        // An error that is not a status (a bug, a storage failure) leaves nothing at all.
        struct Broken: Error {}
        do {
            _ = try await fixture.store.change(context, request: NewPerson(name: "B"), person: "p-other") { scope -> Person in
                try scope.connection.run("INSERT INTO people (id, name, version) VALUES ('p-other', 'B', 1)")
                throw Broken()
            }
            XCTFail("the body threw")
        } catch is Broken {}
        let other = try await fixture.storedPerson("p-other")
        XCTAssertNil(other)
        let rows = try await fixture.auditRowCount()
        XCTAssertEqual(rows, 1, "only the first refusal's row")
    }

    /// The other half of "together": a change whose audit row cannot be written is not made.
    func testAChangeWhoseAuditRowFailsIsNotMade() async throws {
        try await fixture.store.database.write { connection in
            try connection.execute("""
                CREATE TRIGGER test_refuse_audit BEFORE INSERT ON samen_audit WHEN NEW.method = 'people/create'
                BEGIN SELECT RAISE(ABORT, 'audit row refused by the test'); END;
                """)
        }
        let desk = try fixture.staff("u-desk", [.desk])
        await assertRPCError(.internal) { try await desk.call(PeopleAPI.create, NewPerson(name: "A")) }
        let people = try await fixture.peopleCount()
        XCTAssertEqual(people, 0)
        await desk.close()
    }

    func testARefusedChangeOfANamedPersonIsRecordedWithItsStatus() async throws {
        let desk = try fixture.staff("u-desk", [.desk])
        let person = try await desk.call(PeopleAPI.create, NewPerson(name: "A", born: "1990-04-01"))
        await assertRPCError(.aborted) { try await desk.call(PeopleAPI.rename, RenamePerson(id: person.id, name: "B", version: 7)) }
        await assertRPCError(.invalidArgument) { try await desk.call(PeopleAPI.rename, RenamePerson(id: person.id, name: " ", version: 1)) }
        await assertRPCError(.notFound) { try await desk.call(PeopleAPI.rename, RenamePerson(id: "p404", name: "B", version: 1)) }

        let events = try await fixture.events(of: person.id)
        XCTAssertEqual(events.map(\.method), ["people/create", "people/rename", "people/rename"])
        XCTAssertEqual(events.map(\.outcome), ["ok", "aborted", "invalid_argument"])
        XCTAssertEqual(events.map(\.access), [.change, .change, .change])
        let unknown = try await fixture.events(of: "p404")
        XCTAssertEqual(unknown.map(\.outcome), ["not_found"])
        await desk.close()
    }

    /// A create that names no person and is refused leaves no row: there is no file it could belong to.
    func testARefusedCreateLeavesNoRow() async throws {
        let desk = try fixture.staff("u-desk", [.desk])
        let error = await assertRPCError(.invalidArgument) { try await desk.call(PeopleAPI.create, NewPerson(name: "A", born: "2999-01-01")) }
        XCTAssertEqual(error?.details["field"], "born")
        let rows = try await fixture.auditRowCount()
        let people = try await fixture.peopleCount()
        XCTAssertEqual(rows, 0)
        XCTAssertEqual(people, 0)
        await desk.close()
    }

    /// A change the service makes on its own is recorded with the service as the caller and no staff member.
    func testASystemChangeIsRecordedUnderTheServiceAndRollsBackWithItsBody() async throws {
        let desk = try fixture.staff("u-desk", [.desk])
        let person = try await desk.call(PeopleAPI.create, NewPerson(name: "A"))
        _ = try await fixture.store.systemChange(method: "people/recheck", person: person.id) { connection in
            try connection.run("UPDATE people SET version = version + 1 WHERE id = ?", [.text(person.id)])
        }
        struct Broken: Error {}
        do {
            try await fixture.store.systemChange(method: "people/recheck", person: person.id) { connection in
                try connection.run("UPDATE people SET version = version + 1 WHERE id = ?", [.text(person.id)])
                throw Broken()
            }
            XCTFail("the body threw")
        } catch is Broken {}
        let stored = try await fixture.storedPerson(person.id)
        XCTAssertEqual(stored?.version, 2, "the second change rolled back")
        let events = try await fixture.events(of: person.id)
        XCTAssertEqual(events.count, 2)
        XCTAssertEqual(events.last?.caller, "samen://gent/people/1")
        XCTAssertNil(events.last?.staff)
        XCTAssertEqual(events.last?.staffRoles, [])
        XCTAssertEqual(events.last?.method, "people/recheck")
        XCTAssertEqual(events.last?.access, .change)
        await desk.close()
    }

    // MARK: idempotency

    func testTheSameKeyAndRequestTwiceHasOneEffectAndTheReplayIsAuditedAsARead() async throws {
        let desk = try fixture.staff("u-desk", [.desk])
        let once = CallOptions(idempotencyKey: "create-1")
        let first = try await desk.call(PeopleAPI.create, NewPerson(name: "A", born: "1990-04-01"), options: once)
        let second = try await desk.call(PeopleAPI.create, NewPerson(name: "A", born: "1990-04-01"), options: once)
        XCTAssertEqual(first, second)
        let people = try await fixture.peopleCount()
        XCTAssertEqual(people, 1)
        let events = try await fixture.events(of: first.id)
        XCTAssertEqual(events.map(\.access), [.change, .read])
        XCTAssertEqual(events.map(\.outcome), ["ok", "ok"])
        XCTAssertEqual(events.map(\.method), ["people/create", "people/create"])

        // A rename retried under its key raises the version once.
        let rename = RenamePerson(id: first.id, name: "B", version: 1)
        let renamed = try await desk.call(PeopleAPI.rename, rename, options: CallOptions(idempotencyKey: "rename-1"))
        let again = try await desk.call(PeopleAPI.rename, rename, options: CallOptions(idempotencyKey: "rename-1"))
        XCTAssertEqual(renamed, again)
        XCTAssertEqual(renamed.version, 2)
        let stored = try await fixture.storedPerson(first.id)
        XCTAssertEqual(stored?.version, 2)
        await desk.close()
    }

    func testTheSameKeyWithAnotherRequestIsFailedPreconditionNamingTheKey() async throws {
        let desk = try fixture.staff("u-desk", [.desk])
        let options = CallOptions(idempotencyKey: "create-1")
        _ = try await desk.call(PeopleAPI.create, NewPerson(name: "A"), options: options)
        let error = await assertRPCError(.failedPrecondition) { try await desk.call(PeopleAPI.create, NewPerson(name: "B"), options: options) }
        XCTAssertEqual(error?.details["field"], "idempotency_key")
        XCTAssertTrue(error?.message.contains("idempotency key") ?? false, error?.message ?? "")
        let people = try await fixture.peopleCount()
        XCTAssertEqual(people, 1)

        // Keys are per caller: another staff member's key of the same spelling is another call.
        let colleague = try fixture.staff("u-colleague", [.desk])
        let theirs = try await colleague.call(PeopleAPI.create, NewPerson(name: "B"), options: options)
        XCTAssertEqual(theirs.name, "B")
        let afterColleague = try await fixture.peopleCount()
        XCTAssertEqual(afterColleague, 2)
        await desk.close()
        await colleague.close()
    }

    func testReplayReturnsTheFirstOutcome() async throws {
        let store = fixture.store
        let request = NewPerson(name: "A")
        let context = try fixture.context(PeopleAPI.create.name, key: "replay-1")
        let nothingYet = try await store.replay(context, request: request, as: Person.self)
        XCTAssertNil(nothingYet)
        let first = try await store.change(context, request: request) { scope in
            let person = try PeopleService.insert(request, on: scope.connection)
            scope.touched(person.id)
            return person
        }
        let replayed = try await store.replay(context, request: request, as: Person.self)
        XCTAssertEqual(replayed, first)
        let events = try await fixture.events(of: first.id)
        XCTAssertEqual(events.map(\.access), [.change, .read], "the replay handed the file out again")

        let error = await assertRPCError(.failedPrecondition) {
            try await store.replay(context, request: NewPerson(name: "B"), as: Person.self)
        }
        XCTAssertEqual(error?.details["field"], "idempotency_key")
        let withoutKey = try await store.replay(try fixture.context(PeopleAPI.create.name), request: request, as: Person.self)
        XCTAssertNil(withoutKey, "a call without a key never replays")
        let otherCaller = try await store.replay(try fixture.context(PeopleAPI.create.name, staff: "u-other", key: "replay-1"),
                                                 request: request, as: Person.self)
        XCTAssertNil(otherCaller, "keys are per caller")
    }

    // MARK: versions

    func testAStaleVersionIsAbortedNamingTheCurrentVersionAndLeavesTheFile() async throws {
        let desk = try fixture.staff("u-desk", [.desk])
        let person = try await desk.call(PeopleAPI.create, NewPerson(name: "A"))
        XCTAssertEqual(person.version, 1)
        let renamed = try await desk.call(PeopleAPI.rename, RenamePerson(id: person.id, name: "B", version: 1))
        XCTAssertEqual(renamed.version, 2)

        let error = await assertRPCError(.aborted) { try await desk.call(PeopleAPI.rename, RenamePerson(id: person.id, name: "C", version: 1)) }
        XCTAssertEqual(error?.details["field"], "version")
        XCTAssertEqual(error?.details["current"], "2")
        let stored = try await fixture.storedPerson(person.id)
        XCTAssertEqual(stored, renamed)
        await desk.close()
    }

    func testConcurrentRenamesOfOneVersionLetExactlyOneThrough() async throws {
        let writers = 16
        let desk = try fixture.staff("u-desk", [.desk])
        let person = try await desk.call(PeopleAPI.create, NewPerson(name: "A"))
        let outcomes = await withTaskGroup(of: Result<Person, RPCError>.self) { group in
            for index in 0..<writers {
                group.addTask {
                    do {
                        return .success(try await desk.call(PeopleAPI.rename, RenamePerson(id: person.id, name: "N\(index)", version: 1),
                                                            options: CallOptions(timeout: .seconds(60))))
                    } catch let error as RPCError {
                        return .failure(error)
                    } catch {
                        return .failure(RPCError(.internal, "not an RPCError: \(error)"))
                    }
                }
            }
            var all: [Result<Person, RPCError>] = []
            for await outcome in group { all.append(outcome) }
            return all
        }
        let winners = outcomes.compactMap { try? $0.get() }
        let refusals = outcomes.compactMap { outcome -> RPCError? in if case .failure(let error) = outcome { error } else { nil } }
        XCTAssertEqual(winners.count, 1, "\(outcomes)")
        XCTAssertEqual(refusals.map(\.status), Array(repeating: .aborted, count: writers - 1), "\(refusals)")
        XCTAssertTrue(refusals.allSatisfy { $0.details["current"] == "2" })
        let stored = try await fixture.storedPerson(person.id)
        XCTAssertEqual(stored, winners.first)
        XCTAssertEqual(stored?.version, 2)

        let renames = try await fixture.events(of: person.id).filter { $0.method == PeopleAPI.rename.name }
        XCTAssertEqual(renames.filter { $0.outcome == "ok" }.count, 1)
        XCTAssertEqual(renames.filter { $0.outcome == "aborted" }.count, writers - 1)
        await desk.close()
    }
}

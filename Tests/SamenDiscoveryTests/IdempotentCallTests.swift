import Foundation
import SamenHost
import SamenRPC
import SamenStorage
import SamenTestSupport
import XCTest

/// The wrapper any service's write handler uses for idempotency keys, on its own database.
final class IdempotentCallTests: XCTestCase {
    private struct Create: Codable, Sendable {
        var name: String
        var labels: [String: String]
    }

    private struct Created: Codable, Sendable, Equatable {
        var id: Int
    }

    private func count(_ database: Database) async throws -> Int64 {
        try await database.read { try $0.queryFirst("SELECT count(*) AS n FROM items")!.int("n") }
    }

    func testOneEffectPerKeyAndAConflictForAnotherRequest() async throws {
        let mesh = try TestMesh()
        let database = try Database(path: "\(mesh.directory)/service.sqlite", migrations: [
            Migration(version: 1, sql: "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL);"),
            IdempotencyLedger.migration(version: 2),
        ])
        defer { database.close() }
        let caller = mesh.identity("intake")
        func create(_ request: Create, key: String?) async throws -> (outcome: Created, replayed: Bool) {
            let call = try IdempotentCall(method: "test.items/create", request: request, caller: caller, key: key)
            return try await database.write { connection in
                try call.run(on: connection) {
                    _ = try connection.run("INSERT INTO items (name) VALUES (?)", [.text(request.name)])
                    return Created(id: Int(connection.lastInsertRowID))
                }
            }
        }
        // Equal dictionaries built in different orders and capacities are the same request.
        var first = Create(name: "a", labels: [:])
        for index in 0..<20 { first.labels["k\(index)"] = "v" }
        var second = Create(name: "a", labels: Dictionary(minimumCapacity: 200))
        for index in (0..<20).reversed() { second.labels["k\(index)"] = "v" }

        let original = try await create(first, key: "key-1")
        XCTAssertFalse(original.replayed)
        let retry = try await create(second, key: "key-1")
        XCTAssertTrue(retry.replayed)
        XCTAssertEqual(retry.outcome, original.outcome)
        var count = try await count(database)
        XCTAssertEqual(count, 1, "one effect")

        var other = first
        other.name = "b"
        let conflict = await assertRPCError(.failedPrecondition) { try await create(other, key: "key-1") }
        XCTAssertEqual(conflict?.details["field"], "idempotency_key")
        // Without a key, every call is its own; a too long key is refused before anything runs.
        _ = try await create(first, key: nil)
        _ = try await create(first, key: "")
        let long = await assertRPCError(.invalidArgument) { try await create(first, key: String(repeating: "x", count: 129)) }
        XCTAssertEqual(long?.details["field"], "idempotency_key")
        count = try await self.count(database)
        XCTAssertEqual(count, 3)
    }

    /// A retry gets the first outcome as it was, dates and non-finite numbers included: the stored form is read
    /// back with the same conventions it was written with.
    func testAReplayedOutcomeKeepsItsDatesAndNumbers() async throws {
        struct Stamped: Codable, Sendable, Equatable {
            var at: Date
            var score: Double
        }
        let mesh = try TestMesh()
        let database = try Database(path: "\(mesh.directory)/service.sqlite", migrations: [IdempotencyLedger.migration(version: 1)])
        defer { database.close() }
        let call = try IdempotentCall(method: "test.items/stamp", request: Create(name: "a", labels: [:]), caller: mesh.identity("intake"),
                                      key: "key-1")
        let first = Stamped(at: Date(timeIntervalSince1970: 1_700_000_000), score: .infinity)
        let original = try await database.write { connection in try call.run(on: connection) { first } }
        let retry = try await database.write { connection in try call.run(on: connection) { Stamped(at: Date(), score: 0) } }
        XCTAssertFalse(original.replayed)
        XCTAssertTrue(retry.replayed)
        XCTAssertEqual(retry.outcome, first)
        let earlier = try await database.read { connection in try call.earlier(Stamped.self, on: connection) }
        XCTAssertEqual(earlier, first)
    }

    /// Outcomes are stored in the binary codec now; one stored as JSON before still replays as it was.
    func testAnOutcomeStoredAsJSONBeforeStillReplays() async throws {
        let mesh = try TestMesh()
        let database = try Database(path: "\(mesh.directory)/service.sqlite", migrations: [IdempotencyLedger.migration(version: 1)])
        defer { database.close() }
        let caller = mesh.identity("intake")
        let request = Create(name: "x", labels: [:])
        let call = try IdempotentCall(method: "test.items/create", request: request, caller: caller, key: "old-key")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let fingerprintInput = Array(try encoder.encode(request))
        try await database.write { connection in
            try IdempotencyLedger().record(in: connection, key: "old-key", caller: caller.uri, method: "test.items/create",
                                           request: fingerprintInput, response: Array(#"{"id":41}"#.utf8), at: Date())
        }
        let replayed = try await database.write { connection in try call.run(on: connection) { Created(id: 0) } }
        XCTAssertEqual(replayed.outcome, Created(id: 41))
        XCTAssertTrue(replayed.replayed)
        let fresh = try IdempotentCall(method: "test.items/create", request: request, caller: caller, key: "new-key")
        _ = try await database.write { connection in try fresh.run(on: connection) { Created(id: 42) } }
        let again = try await database.read { connection in try fresh.earlier(Created.self, on: connection) }
        XCTAssertEqual(again, Created(id: 42))
    }
}

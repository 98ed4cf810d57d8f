import CSQLite
import Foundation
import XCTest
@testable import SamenStorage

/// Group commit: writes queued while another commits share one transaction, each in its own savepoint, with the
/// outcome each would have alone.
final class GroupCommitTests: XCTestCase {
    private func insert(_ name: String) -> @Sendable (SQLiteConnection) throws -> Int64 {
        { connection in
            try connection.run("INSERT INTO items (name) VALUES (?)", [.text(name)])
            return connection.lastInsertRowID
        }
    }

    func testAThousandConcurrentWritesAllLand() async throws {
        let database = try Database(path: try temporaryDatabasePath(), migrations: [itemsMigration])
        defer { database.close() }
        let seen = try await withThrowingTaskGroup(of: Int64.self) { group in
            for index in 0..<1_000 {
                group.addTask {
                    try await database.write { connection in
                        // Read-modify-write: a lost or doubled write would show in the counts seen.
                        let before = try connection.queryFirst("SELECT count(*) AS n FROM items")?.int("n") ?? -1
                        try connection.run("INSERT INTO items (name) VALUES (?)", [.text("write \(index)")])
                        return before
                    }
                }
            }
            return try await group.reduce(into: [Int64]()) { $0.append($1) }
        }
        let names = try await database.itemNames()
        XCTAssertEqual(names.count, 1_000)
        XCTAssertEqual(Set(names), Set((0..<1_000).map { "write \($0)" }))
        XCTAssertEqual(seen.sorted(), (0..<1_000).map { Int64($0) }, "each write saw exactly the writes before it")
        let statistics = database.writeStatistics
        XCTAssertEqual(statistics.writes, 1_000)
        XCTAssertLessThanOrEqual(statistics.largestGroup, WriteGroups.maximumGroupSize)
    }

    func testQueuedWritesShareOneTransactionInArrivalOrder() async throws {
        let database = try Database(path: try temporaryDatabasePath(), migrations: [itemsMigration])
        defer { database.close() }
        let held = try await HeldWriter(database)
        var tasks: [Task<Int64, any Error>] = []
        for index in 0..<20 {
            tasks.append(await held.enqueue(insert("queued \(index)")))
        }
        try await held.release()
        var rowIDs: [Int64] = []
        for task in tasks { rowIDs.append(try await task.value) }

        XCTAssertEqual(rowIDs, (1...20).map { Int64($0) }, "run in arrival order")
        let names = try await database.itemNames()
        XCTAssertEqual(names, (0..<20).map { "queued \($0)" })
        XCTAssertEqual(database.writeStatistics, WriteStatistics(groups: 2, writes: 21, largestGroup: 20),
                       "the holding write alone, then the twenty queued writes in one transaction")
    }

    func testWithoutGroupCommitEachWriteCommitsAlone() async throws {
        let database = try Database(path: try temporaryDatabasePath(), migrations: [itemsMigration], groupCommit: false)
        defer { database.close() }
        let held = try await HeldWriter(database)
        var tasks: [Task<Int64, any Error>] = []
        for index in 0..<5 {
            tasks.append(await held.enqueue(insert("alone \(index)")))
        }
        try await held.release()
        for task in tasks { _ = try await task.value }
        XCTAssertEqual(database.writeStatistics, WriteStatistics(groups: 6, writes: 6, largestGroup: 1))
        let names = try await database.itemNames()
        XCTAssertEqual(names, (0..<5).map { "alone \($0)" })
    }

    func testAFailingWriteRollsBackAloneAndTheRestOfItsGroupCommits() async throws {
        let database = try Database(path: try temporaryDatabasePath(), migrations: [Migration(version: 1, sql: """
            CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
            """)])
        defer { database.close() }
        try await database.write { try $0.run("INSERT INTO items (name) VALUES ('existing')") }
        let held = try await HeldWriter(database)
        var tasks: [Int: Task<Int64, any Error>] = [:]
        for index in 0..<10 {
            switch index {
            case 3:
                // Partial work, then a throw: none of it may stay.
                tasks[index] = await held.enqueue { connection in
                    try connection.run("INSERT INTO items (name) VALUES ('doomed a')")
                    try connection.run("UPDATE items SET name = 'overwritten' WHERE name = 'existing'")
                    try connection.run("INSERT INTO items (name) VALUES ('doomed b')")
                    throw DeliberateError()
                }
            case 7:
                // SQLite refuses one statement after an insert that succeeded.
                tasks[index] = await held.enqueue { connection in
                    try connection.run("INSERT INTO items (name) VALUES ('doomed c')")
                    try connection.run("INSERT INTO items (name) VALUES ('queued 1')")
                    return connection.lastInsertRowID
                }
            default:
                tasks[index] = await held.enqueue(insert("queued \(index)"))
            }
        }
        try await held.release()

        do {
            _ = try await tasks[3]!.value
            XCTFail("write 3 threw")
        } catch {
            XCTAssertEqual(error as? DeliberateError, DeliberateError(), "its own error, unchanged")
        }
        let duplicate = await storageError { try await tasks[7]!.value }
        XCTAssertEqual(duplicate?.kind, .constraint)
        XCTAssertEqual(duplicate?.code, 2067, "SQLITE_CONSTRAINT_UNIQUE")
        for index in [0, 1, 2, 4, 5, 6, 8, 9] {
            _ = try await tasks[index]!.value
        }

        let names = try await database.itemNames()
        XCTAssertEqual(names, ["existing"] + [0, 1, 2, 4, 5, 6, 8, 9].map { "queued \($0)" })
        XCTAssertEqual(database.writeStatistics, WriteStatistics(groups: 3, writes: 10, largestGroup: 8),
                       "the failed writes were in the same group as the eight that committed")
    }

    func testAWriteSeesEarlierWritesOfItsGroupAndAnIdempotentRetryInTheSameGroupReplays() async throws {
        let database = try Database(path: try temporaryDatabasePath(),
                                    migrations: [itemsMigration, IdempotencyLedger.migration(version: 2)])
        defer { database.close() }
        let ledger = IdempotencyLedger()
        let request = Array("register 1".utf8)
        @Sendable func idempotentInsert(request: [UInt8]) -> @Sendable (SQLiteConnection) throws -> [UInt8] {
            { connection in
                if let earlier = try ledger.lookup(in: connection, key: "k-1", caller: "desk", method: "Register", request: request) {
                    return earlier
                }
                try connection.run("INSERT INTO items (name) VALUES ('registered')")
                let response = Array("row \(connection.lastInsertRowID)".utf8)
                try ledger.record(in: connection, key: "k-1", caller: "desk", method: "Register", request: request, response: response)
                return response
            }
        }
        let held = try await HeldWriter(database)
        let first = await held.enqueue(idempotentInsert(request: request))
        let retry = await held.enqueue(idempotentInsert(request: request))
        let conflicting = await held.enqueue(idempotentInsert(request: Array("register 2".utf8)))
        let counted = await held.enqueue { connection in
            try connection.queryFirst("SELECT count(*) AS n FROM items")?.int("n")
        }
        try await held.release()

        let firstResponse = try await first.value
        XCTAssertEqual(firstResponse, Array("row 1".utf8))
        let retryResponse = try await retry.value
        XCTAssertEqual(retryResponse, firstResponse, "the retry replays the first outcome, not yet committed when it ran")
        let conflict = await storageError { try await conflicting.value }
        XCTAssertEqual(conflict?.kind, .idempotencyConflict)
        let count = try await counted.value
        XCTAssertEqual(count, 1, "a later write of the group reads the earlier writes' rows")
        let names = try await database.itemNames()
        XCTAssertEqual(names, ["registered"])
        XCTAssertEqual(database.writeStatistics.largestGroup, 3)
    }

    func testAFailedCommitReachesEveryWriteOfTheGroup() async throws {
        let database = try Database(path: try temporaryDatabasePath(), migrations: [itemsMigration])
        defer { database.close() }
        let held = try await HeldWriter(database)
        let failingCommit = await held.enqueue { connection in
            // A commit hook that vetoes turns this group's COMMIT into a failure (SQLITE_CONSTRAINT_COMMITHOOK).
            sqlite3_commit_hook(connection.handle, { _ in 1 }, nil)
            try connection.run("INSERT INTO items (name) VALUES ('vetoed 0')")
        }
        let others = [await held.enqueue(insert("vetoed 1")), await held.enqueue(insert("vetoed 2"))]
        let ownError = await held.enqueue { connection -> Int64 in
            try connection.run("INSERT INTO items (name) VALUES ('vetoed 3')")
            throw DeliberateError()
        }
        try await held.release()

        let hookError = await storageError { try await failingCommit.value }
        XCTAssertEqual(hookError?.kind, .constraint)
        XCTAssertEqual(hookError?.code, 531, "SQLITE_CONSTRAINT_COMMITHOOK")
        XCTAssertEqual(hookError?.sql, "COMMIT")
        for task in others {
            let error = await storageError { try await task.value }
            XCTAssertEqual(error?.code, 531)
        }
        do {
            _ = try await ownError.value
            XCTFail("write 3 threw")
        } catch {
            XCTAssertEqual(error as? DeliberateError, DeliberateError(), "a write that failed by itself keeps its own error")
        }
        let names = try await database.itemNames()
        XCTAssertEqual(names, [], "nothing of the group was stored")

        // The writer recovers: no transaction is left open and the next writes commit.
        let open = try await database.write { connection -> Bool in
            sqlite3_commit_hook(connection.handle, nil, nil)
            try connection.run("INSERT INTO items (name) VALUES ('after')")
            return connection.isInTransaction
        }
        XCTAssertTrue(open)
        let after = try await database.itemNames()
        XCTAssertEqual(after, ["after"])
    }

    func testAnUnresolvedDeferredForeignKeyFailsOnlyTheWriteThatLeftIt() async throws {
        let database = try Database(path: try temporaryDatabasePath(), migrations: [Migration(version: 1, sql: """
            CREATE TABLE parents (id INTEGER PRIMARY KEY);
            CREATE TABLE children (id INTEGER PRIMARY KEY, parent INTEGER NOT NULL REFERENCES parents (id));
            CREATE TABLE notes (id INTEGER PRIMARY KEY,
                                parent INTEGER NOT NULL REFERENCES parents (id) DEFERRABLE INITIALLY DEFERRED);
            """)])
        defer { database.close() }
        let held = try await HeldWriter(database)
        let parent = await held.enqueue { try $0.run("INSERT INTO parents (id) VALUES (1)") }
        // Defers its foreign keys and leaves an orphan: alone, its COMMIT would fail; here only it fails.
        let deferring = await held.enqueue { connection in
            try connection.execute("PRAGMA defer_foreign_keys = ON")
            try connection.run("INSERT INTO children (id, parent) VALUES (10, 99)")
        }
        // The pragma above must not reach this write: its orphan is refused at once, as alone.
        let immediate = await held.enqueue { connection -> Bool in
            let refusedAtOnce: Bool
            do {
                try connection.run("INSERT INTO children (id, parent) VALUES (11, 98)")
                refusedAtOnce = false
            } catch let error as StorageError where error.kind == .constraint {
                refusedAtOnce = true
            }
            try connection.run("INSERT INTO children (id, parent) VALUES (12, 1)")  // the parent of an earlier write
            return refusedAtOnce
        }
        // A deferred constraint resolved before the write ends is fine.
        let resolved = await held.enqueue { connection in
            try connection.run("INSERT INTO notes (id, parent) VALUES (20, 2)")
            try connection.run("INSERT INTO parents (id) VALUES (2)")
        }
        let unresolved = await held.enqueue { try $0.run("INSERT INTO notes (id, parent) VALUES (21, 97)") }
        try await held.release()

        try await parent.value
        let deferredError = await storageError { try await deferring.value }
        XCTAssertEqual(deferredError?.kind, .constraint)
        XCTAssertEqual(deferredError?.code, 787, "SQLITE_CONSTRAINT_FOREIGNKEY, as COMMIT reports it alone")
        let refusedAtOnce = try await immediate.value
        XCTAssertTrue(refusedAtOnce)
        try await resolved.value
        let unresolvedError = await storageError { try await unresolved.value }
        XCTAssertEqual(unresolvedError?.code, 787)

        let rows = try await database.read { connection in
            (try connection.query("SELECT id FROM parents ORDER BY id").map { try $0.int("id") },
             try connection.query("SELECT id FROM children ORDER BY id").map { try $0.int("id") },
             try connection.query("SELECT id FROM notes ORDER BY id").map { try $0.int("id") })
        }
        XCTAssertEqual(rows.0, [1, 2])
        XCTAssertEqual(rows.1, [12])
        XCTAssertEqual(rows.2, [20])
        XCTAssertEqual(database.writeStatistics.largestGroup, 3)
    }

    func testAWriteCannotEndOrUndoTheSharedTransaction() async throws {
        let database = try Database(path: try temporaryDatabasePath(), migrations: [itemsMigration])
        defer { database.close() }
        let held = try await HeldWriter(database)
        let before = await held.enqueue(insert("before"))
        let refusals = [
            "COMMIT", "END", "ROLLBACK", "BEGIN", "BEGIN IMMEDIATE",
            "RELEASE samen_write", "ROLLBACK TO samen_write", "SAVEPOINT SAMEN_WRITE",
        ]
        var refused: [Task<String, any Error>] = []
        for statement in refusals {
            // Catches the refusal and carries on: the transaction is intact, so its later insert commits.
            refused.append(await held.enqueue { connection in
                var message = "not refused"
                do {
                    try connection.execute(statement)
                } catch let error as StorageError where error.kind == .misuse {
                    message = error.message
                }
                try connection.run("INSERT INTO items (name) VALUES (?)", [.text("after \(statement)")])
                return message
            })
        }
        // Nested atomic steps under a name of the write's own still work.
        let nested = await held.enqueue { connection in
            try connection.execute("SAVEPOINT step")
            try connection.run("INSERT INTO items (name) VALUES ('undone step')")
            try connection.execute("ROLLBACK TO step")
            try connection.execute("RELEASE step")
            try connection.run("INSERT INTO items (name) VALUES ('kept step')")
        }
        try await held.release()

        _ = try await before.value
        for (statement, task) in zip(refusals, refused) {
            let message = try await task.value
            XCTAssertTrue(message.hasPrefix("a write must not run "), "\(statement): \(message)")
            XCTAssertTrue(message.contains("SAVEPOINT"), "the message says what to use instead: \(message)")
        }
        try await nested.value
        let names = try await database.itemNames()
        XCTAssertEqual(names, ["before"] + refusals.map { "after \($0)" } + ["kept step"])
    }

    func testWritesAfterSQLiteAbandonsTheTransactionGoToANewOne() async throws {
        let database = try Database(path: try temporaryDatabasePath(), migrations: [itemsMigration])
        defer { database.close() }
        let held = try await HeldWriter(database)
        let earlier = await held.enqueue(insert("earlier"))
        // An interrupted write statement makes SQLite roll back the whole transaction, as I/O errors can.
        let interrupted = await held.enqueue { connection in
            sqlite3_progress_handler(connection.handle, 1, { _ in 1 }, nil)  // interrupts the next statement
            defer { sqlite3_progress_handler(connection.handle, 0, nil, nil) }
            // The failure is swallowed on purpose: the writer must notice the lost transaction all the same.
            let failure = try? connection.run("INSERT INTO items (name) VALUES ('interrupted')")
            XCTAssertNil(failure, "the insert was interrupted")
        }
        let later = await held.enqueue(insert("later"))
        try await held.release()

        let earlierError = await storageError { try await earlier.value }
        XCTAssertEqual(earlierError?.message, StorageError.transactionLost.message)
        let interruptedError = await storageError { try await interrupted.value }
        XCTAssertEqual(interruptedError?.message, StorageError.transactionLost.message)
        _ = try await later.value
        let names = try await database.itemNames()
        XCTAssertEqual(names, ["later"])
    }
}

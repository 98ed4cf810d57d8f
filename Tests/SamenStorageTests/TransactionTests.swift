import Foundation
import XCTest
@testable import SamenStorage

final class TransactionTests: XCTestCase {
    func testThrowingWriteRollsBackEntirely() async throws {
        let database = try Database(path: try temporaryDatabasePath(), migrations: [itemsMigration])
        defer { database.close() }
        try await database.write { try $0.run("INSERT INTO items (name) VALUES (?)", ["before"]) }
        do {
            try await database.write { connection in
                try connection.run("INSERT INTO items (name) VALUES (?)", ["doomed 1"])
                try connection.run("UPDATE items SET name = 'overwritten'")
                try connection.run("INSERT INTO items (name) VALUES (?)", ["doomed 2"])
                throw DeliberateError()
            }
            XCTFail("the write should have thrown")
        } catch {
            XCTAssertEqual(error as? DeliberateError, DeliberateError(), "the closure's error is rethrown unchanged")
        }
        let names = try await database.itemNames()
        XCTAssertEqual(names, ["before"])
        // The writer connection is usable again (no transaction left open).
        let open = try await database.write { connection -> Bool in
            try connection.run("INSERT INTO items (name) VALUES (?)", ["after"])
            return connection.isInTransaction
        }
        XCTAssertTrue(open, "inside write a transaction is open")
        let namesAfter = try await database.itemNames()
        XCTAssertEqual(namesAfter, ["before", "after"])
    }

    func testConstraintViolationMapsToConstraintWithoutBoundValues() async throws {
        let database = try Database(path: try temporaryDatabasePath(), migrations: [Migration(version: 1, sql: """
            CREATE TABLE people (
                id INTEGER PRIMARY KEY,
                email TEXT NOT NULL UNIQUE,
                age INTEGER NOT NULL CONSTRAINT people_adult CHECK (age >= 18)
            );
            """)])
        defer { database.close() }
        let email = "jan.peeters@example.be"
        try await database.write { try $0.run("INSERT INTO people (email, age) VALUES (?, ?)", [.text(email), 40]) }

        let duplicate = await storageError {
            try await database.write { try $0.run("INSERT INTO people (email, age) VALUES (?, ?)", [.text(email), 41]) }
        }
        XCTAssertEqual(duplicate?.kind, .constraint)
        XCTAssertEqual(duplicate?.code, 2067, "SQLITE_CONSTRAINT_UNIQUE")
        XCTAssertTrue(duplicate?.message.contains("people.email") ?? false, duplicate?.description ?? "")
        XCTAssertEqual(duplicate?.sql, "INSERT INTO people (email, age) VALUES (?, ?)")
        XCTAssertFalse(duplicate?.description.contains(email) ?? true, "no bound values in errors")
        XCTAssertFalse(duplicate?.description.contains("41") ?? true, "no bound values in errors")

        let minor = await storageError {
            try await database.write { try $0.run("INSERT INTO people (email, age) VALUES (?, ?)", ["kid@example.be", 12]) }
        }
        XCTAssertEqual(minor?.kind, .constraint)
        XCTAssertTrue(minor?.message.contains("people_adult") ?? false, minor?.description ?? "")
        XCTAssertFalse(minor?.description.contains("kid@example.be") ?? true)

        let count = try await database.read { try $0.queryFirst("SELECT count(*) AS n FROM people")?.int("n") }
        XCTAssertEqual(count, 1)
    }

    func testAcknowledgedWritesSurviveCloseAndReopen() async throws {
        let path = try temporaryDatabasePath()
        let database = try Database(path: path, migrations: [itemsMigration])
        for index in 0..<100 {
            try await database.write { try $0.run("INSERT INTO items (name) VALUES (?)", [.text("item \(index)")]) }
        }
        database.close()

        let reopened = try Database(path: path, migrations: [itemsMigration])
        defer { reopened.close() }
        let names = try await reopened.itemNames()
        XCTAssertEqual(names, (0..<100).map { "item \($0)" })
    }
}

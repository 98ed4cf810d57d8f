import Foundation
import SamenTestSupport
import XCTest
@testable import SamenStorage

final class MigrationTests: XCTestCase {
    private let first = Migration(version: 1, sql: """
        CREATE TABLE log (id INTEGER PRIMARY KEY, step TEXT NOT NULL);
        INSERT INTO log (step) VALUES ('one');
        """)
    private let second = Migration(version: 2, sql: "INSERT INTO log (step) VALUES ('two');")
    private let third = Migration(version: 3, sql: "INSERT INTO log (step) VALUES ('three');")
    private let fourth = Migration(version: 4, sql: "INSERT INTO log (step) VALUES ('four');")

    private func steps(_ database: Database) async throws -> [String] {
        try await database.read { connection in
            try connection.query("SELECT step FROM log ORDER BY id").map { try $0.text("step") }
        }
    }

    private func userVersion(_ database: Database) async throws -> Int64? {
        try await database.read { try $0.queryFirst("PRAGMA user_version")?.int("user_version") }
    }

    func testMigrationsRunOnceInOrderAndNewOnesRunOnReopen() async throws {
        let path = try temporaryDatabasePath()

        let database = try Database(path: path, migrations: [third, first, second])  // order of the list does not matter
        let firstSteps = try await steps(database)
        XCTAssertEqual(firstSteps, ["one", "two", "three"])
        let firstVersion = try await userVersion(database)
        XCTAssertEqual(firstVersion, 3)
        database.close()

        let reopened = try Database(path: path, migrations: [first, second, third])
        let reopenedSteps = try await steps(reopened)
        XCTAssertEqual(reopenedSteps, ["one", "two", "three"], "reopening must not re-run migrations")
        reopened.close()

        let upgraded = try Database(path: path, migrations: [first, second, third, fourth])
        let upgradedSteps = try await steps(upgraded)
        XCTAssertEqual(upgradedSteps, ["one", "two", "three", "four"])
        let upgradedVersion = try await userVersion(upgraded)
        XCTAssertEqual(upgradedVersion, 4)
        upgraded.close()
    }

    /// Two instances of a service on one data folder open the new file at the same moment: each migration runs once
    /// and both opens succeed (the version is read again under the write lock).
    func testConcurrentOpensOfANewFileApplyEachMigrationOnce() async throws {
        for _ in 0..<10 {
            let path = try temporaryDatabasePath()
            let failures = Recorder<String>()
            let migrations = [first, second, third, fourth]
            DispatchQueue.concurrentPerform(iterations: 8) { _ in
                do { try Database(path: path, migrations: migrations).close() } catch { failures.append("\(error)") }
            }
            XCTAssertEqual(failures.all, [])
            let database = try Database(path: path, migrations: migrations)
            let applied = try await steps(database)
            XCTAssertEqual(applied, ["one", "two", "three", "four"])
            database.close()
        }
    }

    func testDatabaseFromNewerVersionIsRefused() async throws {
        let path = try temporaryDatabasePath()
        try Database(path: path, migrations: [first, second, third]).close()

        let error = storageErrorSync { try Database(path: path, migrations: [first, second]) }
        XCTAssertEqual(error?.kind, .schemaTooNew)
        XCTAssertTrue(error?.message.contains("newer") ?? false, error?.description ?? "")

        // The refused open changed nothing.
        let database = try Database(path: path, migrations: [first, second, third])
        defer { database.close() }
        let version = try await userVersion(database)
        XCTAssertEqual(version, 3)
        let allSteps = try await steps(database)
        XCTAssertEqual(allSteps, ["one", "two", "three"])
    }

    func testFailingMigrationRollsBackAndReportsMigration() async throws {
        let path = try temporaryDatabasePath()
        let broken = Migration(version: 2, sql: """
            CREATE TABLE half_done (id INTEGER);
            INSERT INTO log (step) VALUES ('two');
            THIS IS NOT SQL;
            """)
        let error = storageErrorSync { try Database(path: path, migrations: [first, broken]) }
        XCTAssertEqual(error?.kind, .migration)
        XCTAssertTrue(error?.message.contains("migration 2") ?? false, error?.description ?? "")

        let database = try Database(path: path, migrations: [first])
        defer { database.close() }
        let version = try await userVersion(database)
        XCTAssertEqual(version, 1, "migration 1 committed, migration 2 did not")
        let allSteps = try await steps(database)
        XCTAssertEqual(allSteps, ["one"])
        let halfDone = try await database.read {
            try $0.query("SELECT name FROM sqlite_master WHERE name = 'half_done'").count
        }
        XCTAssertEqual(halfDone, 0)
    }

    func testInvalidMigrationListsAreRejected() throws {
        let path = try temporaryDatabasePath()
        let duplicate = storageErrorSync { try Database(path: path, migrations: [first, Migration(version: 1, sql: "")]) }
        XCTAssertEqual(duplicate?.kind, .migration)
        let zero = storageErrorSync { try Database(path: path, migrations: [Migration(version: 0, sql: "")]) }
        XCTAssertEqual(zero?.kind, .migration)
    }
}

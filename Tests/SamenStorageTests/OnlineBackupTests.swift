import Foundation
import SamenStorage
import XCTest

/// `OnlineBackup`: a consistent copy of a live WAL database, and its restore into a stopped service's path.
final class OnlineBackupTests: XCTestCase {
    private let schema = [Migration(version: 1, sql: "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)")]

    private func count(_ path: String) async throws -> Int64 {
        let database = try Database(path: path, migrations: schema)
        defer { database.close() }
        return try await database.read { try $0.query("SELECT count(*) AS n FROM notes")[0].int("n") }
    }

    private static func insert(_ database: Database, _ range: Range<Int>) async throws {
        for index in range {
            _ = try await database.write { try $0.run("INSERT INTO notes (body) VALUES (?)", [.text("note \(index)")]) }
        }
    }

    func testCopiesALiveDatabaseWhileItIsWrittenTo() async throws {
        let path = try temporaryDatabasePath()
        let copy = path + ".backup"
        let database = try Database(path: path, migrations: schema)
        // Committed but still in the WAL: a copy of the file alone would miss these.
        try await Self.insert(database, 0..<200)
        async let writing: Void = OnlineBackupTests.insert(database, 200..<400)
        let pages = try OnlineBackup.copy(from: path, to: copy)
        try await writing
        XCTAssertGreaterThan(pages, 0)
        let copied = try await count(copy)
        XCTAssertTrue((200...400).contains(copied), "the copy holds every write committed before it began: \(copied)")
        let again = try await count(copy)
        XCTAssertEqual(again, copied, "the copy is a stable snapshot")
        let mode = try (FileManager.default.attributesOfItem(atPath: copy)[.posixPermissions] as? NSNumber)?.intValue
        XCTAssertEqual(mode, 0o600)
        database.close()
    }

    func testRestoreReplacesAStoppedDatabaseOnlyWhenTold() async throws {
        let path = try temporaryDatabasePath()
        let backup = path + ".backup"
        var database = try Database(path: path, migrations: schema)
        try await Self.insert(database, 0..<5)
        try OnlineBackup.copy(from: path, to: backup)
        try await Self.insert(database, 5..<12)
        database.close()

        let refused = storageErrorSync { try OnlineBackup.copy(from: backup, to: path) }
        XCTAssertEqual(refused?.kind, .misuse)
        XCTAssertTrue(refused?.message.contains("already exists") ?? false, "\(String(describing: refused))")
        let kept = try await count(path)
        XCTAssertEqual(kept, 12, "refusing leaves the database as it was")

        try OnlineBackup.copy(from: backup, to: path, replace: true)
        let restored = try await count(path)
        XCTAssertEqual(restored, 5)
        database = try Database(path: path, migrations: schema)
        try await Self.insert(database, 0..<1)
        database.close()
        let written = try await count(path)
        XCTAssertEqual(written, 6, "the restored database takes writes again")
    }

    func testAMissingOrBrokenSourceLeavesNoCopy() throws {
        let path = try temporaryDatabasePath()
        let missing = storageErrorSync { try OnlineBackup.copy(from: path + ".missing", to: path + ".copy") }
        XCTAssertEqual(missing?.kind, .open)
        XCTAssertFalse(FileManager.default.fileExists(atPath: path + ".copy"))

        try Data(repeating: 0x41, count: 8192).write(to: URL(fileURLWithPath: path))
        let broken = storageErrorSync { try OnlineBackup.copy(from: path, to: path + ".copy") }
        XCTAssertNotNil(broken)
        XCTAssertFalse(FileManager.default.fileExists(atPath: path + ".copy"), "a half-made copy is removed")
    }
}

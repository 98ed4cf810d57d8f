import Foundation
import SamenFiles
import SamenStorage
import XCTest

/// Databases hold personal data: the file and SQLite's -wal and -shm companions are owner-only.
final class FileModeTests: XCTestCase {
    private var folder: String!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("samen-modes-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    override func tearDown() {
        try? FileManager.default.removeItem(atPath: folder)
    }

    private func mode(_ path: String) throws -> Int {
        try (FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    private static let migrations = [Migration(version: 1, sql: "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL)")]

    func testANewDatabaseAndItsJournalsAreOwnerOnlyWhateverTheUmask() async throws {
        // The usual umask would make SQLite's files 0644; the database must not depend on the process's umask.
        let previous = umask(0o022)
        defer { umask(previous) }
        let path = "\(folder!)/catalogue.sqlite"
        let database = try Database(path: path, migrations: Self.migrations)
        try await database.write { _ = try $0.run("INSERT INTO notes (text) VALUES (?)", [.text("personal")]) }
        for file in [path, path + "-wal", path + "-shm"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: file), file)
            XCTAssertEqual(try mode(file), 0o600, file)
        }
        XCTAssertEqual(database.tightenedFiles, [])
        database.close()
    }

    func testLooserExistingFilesAreTightenedAndReported() async throws {
        let path = "\(folder!)/catalogue.sqlite"
        let first = try Database(path: path, migrations: Self.migrations)
        try await first.write { _ = try $0.run("INSERT INTO notes (text) VALUES (?)", [.text("kept")]) }
        first.close()
        // As an older version left them.
        for file in [path, path + "-wal", path + "-shm"] where FileManager.default.fileExists(atPath: file) {
            XCTAssertEqual(chmod(file, 0o644), 0)
        }
        let present = [path, path + "-wal", path + "-shm"].filter { FileManager.default.fileExists(atPath: $0) }

        let again = try Database(path: path, migrations: Self.migrations)
        XCTAssertEqual(again.tightenedFiles, present)
        for file in [path, path + "-wal", path + "-shm"] where FileManager.default.fileExists(atPath: file) {
            XCTAssertEqual(try mode(file), 0o600, file)
        }
        let count = try await again.read { try $0.queryFirst("SELECT COUNT(*) AS n FROM notes")?.int("n") }
        XCTAssertEqual(count, 1)
        again.close()
    }

    func testPrivateFoldersAreCreatedAndTightened() throws {
        let nested = "\(folder!)/a/b/c"
        XCTAssertEqual(try PrivateFiles.createDirectory(nested), [])
        for path in ["\(folder!)/a", "\(folder!)/a/b", nested] { XCTAssertEqual(try mode(path), 0o700, path) }
        XCTAssertEqual(chmod(nested, 0o755), 0)
        XCTAssertEqual(try PrivateFiles.createDirectory(nested), [nested])
        XCTAssertEqual(try mode(nested), 0o700)
        // A private folder is left as it is, and never loosened.
        XCTAssertEqual(chmod(nested, 0o500), 0)
        XCTAssertEqual(try PrivateFiles.createDirectory(nested), [])
        XCTAssertEqual(try mode(nested), 0o500)
        XCTAssertEqual(chmod(nested, 0o700), 0)
    }
}

import Dispatch
import Foundation
import XCTest
@testable import SamenStorage

/// An error thrown on purpose from a write closure.
struct DeliberateError: Error, Equatable {}

extension XCTestCase {
    /// A fresh database path in a unique temporary directory that is removed when the test ends.
    func temporaryDatabasePath() throws -> String {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("samen-storage-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        addTeardownBlock {
            try? FileManager.default.removeItem(at: directory)
        }
        return directory.appendingPathComponent("test.sqlite").path
    }

    /// Runs `body` and returns the ``StorageError`` it throws; fails the test if it throws nothing or another error.
    func storageError<T>(_ body: () async throws -> T, file: StaticString = #filePath, line: UInt = #line) async -> StorageError? {
        do {
            _ = try await body()
            XCTFail("expected a StorageError, but nothing was thrown", file: file, line: line)
        } catch let error as StorageError {
            return error
        } catch {
            XCTFail("expected a StorageError, got \(error)", file: file, line: line)
        }
        return nil
    }

    /// Synchronous variant of ``storageError(_:file:line:)``.
    func storageErrorSync<T>(_ body: () throws -> T, file: StaticString = #filePath, line: UInt = #line) -> StorageError? {
        do {
            _ = try body()
            XCTFail("expected a StorageError, but nothing was thrown", file: file, line: line)
        } catch let error as StorageError {
            return error
        } catch {
            XCTFail("expected a StorageError, got \(error)", file: file, line: line)
        }
        return nil
    }
}

/// Waits for a semaphore on a global queue, so the cooperative pool is not blocked; false on timeout.
func waitOffPool(_ semaphore: DispatchSemaphore, seconds: Double = 10) async -> Bool {
    await withCheckedContinuation { continuation in
        DispatchQueue.global().async {
            continuation.resume(returning: semaphore.wait(timeout: .now() + seconds) == .success)
        }
    }
}

/// A table of named items used by several tests.
let itemsMigration = Migration(version: 1, sql: """
    CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
    """)

extension Database {
    /// Names in the items table, in insertion order, read on the reader connection.
    func itemNames() async throws -> [String] {
        try await read { connection in
            try connection.query("SELECT name FROM items ORDER BY id").map { try $0.text("name") }
        }
    }
}

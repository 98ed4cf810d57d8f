import Dispatch
import Foundation
import XCTest
@testable import SamenStorage

final class ConcurrencyTests: XCTestCase {
    private struct TimedOut: Error {}

    func testReadsRunWhileAWriteTransactionIsOpen() async throws {
        let database = try Database(path: try temporaryDatabasePath(), migrations: [itemsMigration])
        defer { database.close() }
        try await database.write { try $0.run("INSERT INTO items (name) VALUES ('committed')") }

        let writeIsOpen = DispatchSemaphore(value: 0)
        let readIsDone = DispatchSemaphore(value: 0)
        let writer = Task {
            try await database.write { connection in
                try connection.run("INSERT INTO items (name) VALUES ('pending')")
                writeIsOpen.signal()
                // Hold the write transaction open until the read finished; a read blocked by the writer would time out here.
                guard readIsDone.wait(timeout: .now() + 10) == .success else { throw TimedOut() }
            }
        }
        let started = await waitOffPool(writeIsOpen)
        XCTAssertTrue(started)

        let seenDuringWrite = try await database.itemNames()
        XCTAssertEqual(seenDuringWrite, ["committed"], "the reader sees the last committed snapshot")
        readIsDone.signal()
        try await writer.value  // throws TimedOut if the read had to wait for the write

        let seenAfterWrite = try await database.itemNames()
        XCTAssertEqual(seenAfterWrite, ["committed", "pending"])
    }

    func testConcurrentWritesFromFiftyTasksAllLand() async throws {
        let database = try Database(path: try temporaryDatabasePath(), migrations: [itemsMigration])
        defer { database.close() }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<50 {
                group.addTask {
                    try await database.write { connection in
                        // Read-modify-write: lost updates would show up as a wrong count below.
                        let before = try connection.queryFirst("SELECT count(*) AS n FROM items")?.int("n") ?? -1
                        try connection.run("INSERT INTO items (name) VALUES (?)", [.text("task \(index) saw \(before)")])
                    }
                }
            }
            try await group.waitForAll()
        }
        let names = try await database.itemNames()
        XCTAssertEqual(names.count, 50)
        XCTAssertEqual(Set(names.map { $0.components(separatedBy: " saw ")[0] }), Set((0..<50).map { "task \($0)" }))
        // Serialized: each write saw exactly the rows committed before it.
        XCTAssertEqual(names.map { Int($0.components(separatedBy: " saw ")[1]) }, (0..<50).map { $0 })
    }
}

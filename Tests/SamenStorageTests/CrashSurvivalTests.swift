import Dispatch
import Foundation
import XCTest
@testable import SamenStorage

/// A real crash test: a child process writes rows and acknowledges each one after `write` returned;
/// the parent SIGKILLs it mid-stream and checks that every acknowledged row survived. One child writes one row at
/// a time; another keeps many writes in flight, so they are committed in shared groups.
///
/// How the child is made: the parent re-runs this same test binary (`/proc/self/exe`, the xctest
/// executable on Linux) with only this test class selected and an environment variable naming the
/// database file. This class's `setUp()` class method sees the variable and turns the process into
/// the writer before any test runs; it never returns. This avoids `fork()` in a multi-threaded process
/// (where only async-signal-safe calls are allowed in the child) and needs no separate executable.
/// Acknowledgements go over the child's stdout as `ACK <id>` lines (one write(2) each, so lines from
/// concurrent writers never interleave); other lines (XCTest's own output) are ignored.
final class CrashSurvivalTests: XCTestCase {
    static let writerEnvironmentKey = "SAMEN_STORAGE_CRASH_WRITER_DB"
    /// How many writes the child keeps in flight (1 when unset).
    static let writersEnvironmentKey = "SAMEN_STORAGE_CRASH_WRITERS"
    static let migrations = [Migration(version: 1, sql: """
        CREATE TABLE acked (id INTEGER PRIMARY KEY, payload BLOB NOT NULL);
        """)]
    /// Acknowledgements to receive before the kill.
    static let acknowledgementsBeforeKill = 200

    /// The deterministic payload of row `id`, so the parent can check content, not just presence.
    static func payload(for id: Int64) -> [UInt8] {
        (0..<512).map { UInt8(truncatingIfNeeded: Int64($0) &* 7 &+ id) }
    }

    override class func setUp() {
        super.setUp()
        let environment = ProcessInfo.processInfo.environment
        if let path = environment[writerEnvironmentKey] {
            let writers = environment[writersEnvironmentKey].flatMap { Int($0) }.map { min(max($0, 1), 256) } ?? 1
            runWriter(path: path, writers: writers)
        }
    }

    /// The child's whole life: write, acknowledge, repeat until killed. Writer `w` of `n` writes ids w+1, w+1+n, ...
    private static func runWriter(path: String, writers: Int) -> Never {
        Task.detached {
            do {
                let database = try Database(path: path, migrations: migrations)
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for writer in 0..<writers {
                        group.addTask {
                            for id in stride(from: Int64(writer + 1), through: 1_000_000, by: writers) {
                                try await database.write { connection in
                                    try connection.run("INSERT INTO acked (id, payload) VALUES (?, ?)",
                                                       [.integer(id), .blob(payload(for: id))])
                                }
                                // Only now is the row acknowledged: write() returned, so it is committed and synced.
                                FileHandle.standardOutput.write(Data("ACK \(id)\n".utf8))
                            }
                        }
                    }
                    try await group.waitForAll()
                }
                FileHandle.standardOutput.write(Data("FINISHED\n".utf8))
            } catch {
                FileHandle.standardOutput.write(Data("ERROR \(error)\n".utf8))
            }
            exit(3)
        }
        while true {
            sleep(60)  // the detached task runs the writer; this thread just waits to be killed
        }
    }

    func testAcknowledgedRowsSurviveSIGKILL() throws {
        try killWriterMidStreamAndCheck(writers: 1)
    }

    func testAcknowledgedGroupedWritesSurviveSIGKILL() throws {
        try killWriterMidStreamAndCheck(writers: 32)
    }

    private func killWriterMidStreamAndCheck(writers: Int) throws {
        let path = try temporaryDatabasePath()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
        process.arguments = ["SamenStorageTests.CrashSurvivalTests"]
        var environment = ProcessInfo.processInfo.environment
        environment[Self.writerEnvironmentKey] = path
        environment[Self.writersEnvironmentKey] = String(writers)
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()

        // Watchdog: never hang the suite if the child misbehaves.
        let childID = process.processIdentifier
        let watchdog = DispatchWorkItem { kill(childID, SIGKILL) }
        DispatchQueue.global().asyncAfter(deadline: .now() + 60, execute: watchdog)

        var acknowledged = Set<Int64>()
        var lastAcknowledged: Int64 = 0
        var otherLines: [String] = []
        var pending = ""
        var killed = false
        let reader = output.fileHandleForReading
        while let chunk = try reader.read(upToCount: 4096), !chunk.isEmpty {
            pending += String(decoding: chunk, as: UTF8.self)
            while let newline = pending.firstIndex(of: "\n") {
                let line = String(pending[..<newline])
                pending = String(pending[pending.index(after: newline)...])
                if line.hasPrefix("ACK "), let id = Int64(line.dropFirst(4)) {
                    if writers == 1 {
                        XCTAssertEqual(id, lastAcknowledged + 1, "acknowledgements arrive in order")
                    }
                    XCTAssertTrue(acknowledged.insert(id).inserted, "row \(id) acknowledged twice")
                    lastAcknowledged = id
                } else {
                    otherLines.append(line)
                }
            }
            if !killed && acknowledged.count >= Self.acknowledgementsBeforeKill {
                kill(childID, SIGKILL)  // mid-stream: the child is busy writing the next rows
                killed = true
            }
        }
        process.waitUntilExit()
        watchdog.cancel()

        XCTAssertTrue(killed, "the child stopped early; its output: \(otherLines.suffix(5))")
        XCTAssertEqual(process.terminationReason, .uncaughtSignal)
        XCTAssertEqual(process.terminationStatus, SIGKILL)
        XCTAssertGreaterThanOrEqual(acknowledged.count, Self.acknowledgementsBeforeKill)

        // Reopen (WAL recovery happens here) and check every acknowledged row with its content.
        let database = try Database(path: path, migrations: Self.migrations)
        defer { database.close() }
        let (integrity, missingOrWrong, total) = try runBlocking { [acknowledged] in
            try await database.read { connection -> (String?, Int, Int64) in
                let integrity = try connection.queryFirst("PRAGMA integrity_check")?.text("integrity_check")
                var missingOrWrong = 0
                for id in acknowledged {
                    let row = try connection.queryFirst("SELECT payload FROM acked WHERE id = ?", [.integer(id)])
                    if try row?.blob("payload") != Self.payload(for: id) {
                        missingOrWrong += 1
                    }
                }
                let total = try connection.queryFirst("SELECT count(*) AS n FROM acked")?.int("n") ?? 0
                return (integrity, missingOrWrong, total)
            }
        }
        XCTAssertEqual(integrity, "ok")
        XCTAssertEqual(missingOrWrong, 0, "every acknowledged row survives the crash")
        XCTAssertGreaterThanOrEqual(total, Int64(acknowledged.count))
        XCTAssertLessThanOrEqual(total, Int64(acknowledged.count + writers),
                                 "beyond the acknowledged rows, at most the writes in flight committed")
    }
}

/// Runs an async operation from a synchronous test and waits for it (off the cooperative pool).
private func runBlocking<T: Sendable>(_ operation: @escaping @Sendable () async throws -> T) throws -> T {
    let done = DispatchSemaphore(value: 0)
    nonisolated(unsafe) var result: Result<T, any Error>?
    Task.detached {
        do { result = .success(try await operation()) } catch { result = .failure(error) }
        done.signal()
    }
    done.wait()
    return try result!.get()
}

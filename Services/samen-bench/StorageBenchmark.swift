// samen-bench storage: durable SQLite writes per second through SamenStorage's Database, each write an insert
// plus its idempotency ledger entry (what a registration does), with N writes kept in flight; with group commit
// and without, for comparison. Prints one JSON line per mode.
import Foundation
import SamenRPC
import SamenStorage
import Synchronization

func runStorageBenchmark(arguments: [String]) async {
    let usage = "samen-bench storage [--writers N] [--count N] [--seconds S] [--group-commit on|off|both]"
    let options = BenchOptions(arguments, known: ["--writers", "--count", "--seconds", "--group-commit"], usage: usage)
    let writers = options.int("--writers", default: 64, maximum: 10_000)
    let count = options.int("--count", default: 20_000, maximum: 10_000_000)
    let seconds = options.int("--seconds", default: 10, maximum: 3600)
    let modes: [Bool]
    switch options.string("--group-commit", default: "both") {
    case "on": modes = [true]
    case "off": modes = [false]
    case "both": modes = [false, true]
    default:
        FileHandle.standardError.write(Data("usage: \(usage)\n".utf8))
        exit(2)
    }
    do {
        for grouped in modes {
            try await measureStorage(grouped: grouped, writers: writers, count: count, seconds: seconds)
        }
    } catch {
        FileHandle.standardError.write(Data("samen-bench storage: \(error)\n".utf8))
        exit(1)
    }
}

private let storageBenchMigrations = [
    Migration(version: 1, sql: """
        CREATE TABLE registrations (id INTEGER PRIMARY KEY, payload BLOB NOT NULL, created_at REAL NOT NULL);
        """),
    IdempotencyLedger.migration(version: 2),
]

/// Writes until `count` writes are done or `seconds` passed, whichever comes first, in a fresh database file.
private func measureStorage(grouped: Bool, writers: Int, count: Int, seconds: Int) async throws {
    let directory = NSTemporaryDirectory() + "samen-bench-storage-\(getpid())-\(grouped ? "grouped" : "alone")"
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let database = try Database(path: "\(directory)/bench.sqlite", migrations: storageBenchMigrations, groupCommit: grouped)
    defer { database.close() }

    let payload = Array((0..<600).map { UInt8(truncatingIfNeeded: $0 &* 13 &+ 5) })  // about one registration
    let ledger = IdempotencyLedger()
    let claimed = WriteNumbers()
    let results = BenchResults()
    let start = MonotonicClock.now
    let end = start + UInt64(seconds) * 1_000_000_000
    await withTaskGroup(of: Void.self) { tasks in
        for _ in 0..<writers {
            tasks.addTask {
                var latencies: [UInt64] = []
                while MonotonicClock.now < end {
                    let number = claimed.next()
                    guard number <= count else { break }
                    let sent = MonotonicClock.now
                    do {
                        try await database.write { connection in
                            let key = "bench-\(number)"
                            if try ledger.lookup(in: connection, key: key, caller: "bench", method: "Register", request: payload) != nil {
                                return
                            }
                            try connection.run("INSERT INTO registrations (payload, created_at) VALUES (?, ?)",
                                               [.blob(payload), Date().sqlValue])
                            try ledger.record(in: connection, key: key, caller: "bench", method: "Register",
                                              request: payload, response: [1])
                        }
                    } catch {
                        FileHandle.standardError.write(Data("write failed: \(error)\n".utf8))
                        return
                    }
                    latencies.append(MonotonicClock.now - sent)
                }
                results.add(requests: latencies.count, latencies: latencies)
            }
        }
    }
    let elapsed = Double(MonotonicClock.now - start) / 1e9
    let (writes, unsorted) = results.totals
    guard let latencies = LatencyQuantiles(unsorted) else { throw BenchError("no write completed") }
    let statistics = database.writeStatistics
    let meanGroup = statistics.groups > 0 ? Double(statistics.writes) / Double(statistics.groups) : 0
    print("{\"bench\":\"storage\",\"group_commit\":\(grouped),\"writers\":\(writers),\"writes\":\(writes),"
          + "\"seconds\":\(String(format: "%.2f", elapsed)),\"writes_per_s\":\(Int((Double(writes) / elapsed).rounded())),"
          + "\"p50_us\":\(latencies.micros(0.5)),\"p99_us\":\(latencies.micros(0.99)),\"max_us\":\(latencies.micros(1.0)),"
          + "\"groups\":\(statistics.groups),\"mean_group\":\(String(format: "%.1f", meanGroup)),"
          + "\"largest_group\":\(statistics.largestGroup)}")
}

/// Hands out write numbers 1, 2, 3, ... to the writer tasks, so they stop together at `--count`.
private final class WriteNumbers: Sendable {
    private let last = Atomic<Int>(0)

    func next() -> Int {
        last.add(1, ordering: .relaxed).newValue
    }
}

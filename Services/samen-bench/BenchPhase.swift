import Foundation
import SamenRPC
import Synchronization

// The phase runner every mesh benchmark (intake, trajectory) measures with, and the table it prints.

/// Keeps `inFlight` calls going until `count` calls were started or `seconds` have passed; a call that fails is
/// counted and its first few errors printed.
func runPhase(_ name: String, count: Int, inFlight: Int, seconds: Double,
                      _ call: @escaping @Sendable (Int) async throws -> Void) async -> PhaseResult {
    let shared = PhaseState()
    let start = MonotonicClock.now
    let cpuBefore = processCPUSeconds()
    // `seconds` is at most 3,600 (BenchOptions), so the nanoseconds fit.
    let end = start + UInt64(seconds * 1e9)
    await withTaskGroup(of: Void.self) { workers in
        for _ in 0..<min(inFlight, count) {
            workers.addTask {
                var latencies: [UInt64] = []
                var failures = 0
                while true {
                    let index = shared.next.add(1, ordering: .relaxed).oldValue
                    let sent = MonotonicClock.now
                    guard index < count, sent < end else { break }
                    do {
                        try await call(index)
                        latencies.append(MonotonicClock.now - sent)
                    } catch {
                        failures += 1
                        if failures <= 3 { FileHandle.standardError.write(Data("\(name): call \(index) failed: \(error)\n".utf8)) }
                    }
                }
                shared.collected.withLock { $0.latencies += latencies; $0.failures += failures }
            }
        }
    }
    let elapsed = Double(MonotonicClock.now - start) / 1e9
    let cpu = processCPUSeconds() - cpuBefore
    return shared.collected.withLock {
        PhaseResult(name: name, latencies: $0.latencies.sorted(), failures: $0.failures, seconds: elapsed, cpuSeconds: cpu)
    }
}

/// What a phase's calling tasks share: the next call's number, and what each task measured (merged at its end).
private final class PhaseState: Sendable {
    let next = Atomic<Int>(0)
    let collected = Mutex<(latencies: [UInt64], failures: Int)>(([], 0))
}

/// One phase's figures: completed calls, their latencies (sorted), failed calls and the phase's wall time.
struct PhaseResult {
    let name: String
    let latencies: [UInt64]
    let failures: Int
    let seconds: Double
    /// CPU time of the whole process (desks, intakes, registries) during the phase; nil where it would not be the
    /// calls' own (a sequential phase measured in several rows).
    let cpuSeconds: Double?

    func milliseconds(_ quantile: Double) -> Double {
        guard !latencies.isEmpty else { return 0 }
        return Double(latencies[min(latencies.count - 1, Int(Double(latencies.count) * quantile))]) / 1e6
    }

    static func table(_ rows: [PhaseResult]) -> String {
        let header = ["phase", "count", "failed", "seconds", "per second", "p50 ms", "p99 ms", "p99.9 ms", "cpu µs/call"]
        let lines = rows.map { row in
            [row.name, String(row.latencies.count), String(row.failures), String(format: "%.2f", row.seconds),
             String(format: "%.0f", Double(row.latencies.count) / max(row.seconds, 1e-9)),
             String(format: "%.2f", row.milliseconds(0.5)), String(format: "%.2f", row.milliseconds(0.99)),
             String(format: "%.2f", row.milliseconds(0.999)),
             row.cpuSeconds.map { String(format: "%.0f", $0 * 1e6 / Double(max(row.latencies.count + row.failures, 1))) } ?? "–"]
        }
        let widths = header.indices.map { column in ([header] + lines).map { $0[column].count }.max()! }
        func format(_ cells: [String]) -> String {
            cells.enumerated().map { column, cell in
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                return column == 0 ? cell + padding : padding + cell
            }.joined(separator: "  ")
        }
        return ([format(header)] + lines.map(format)).joined(separator: "\n")
    }
}

/// User and system CPU seconds this process has used (all its threads).
private func processCPUSeconds() -> Double {
    var usage = rusage()
    getrusage(Int32(RUSAGE_SELF.rawValue), &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}

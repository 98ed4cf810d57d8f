import Foundation
import SamenContracts
import SamenRPC
import SamenTLS

/// `samen-bench memory`: the echo server's resident memory (from /proc of its process) before, at the peak of, and
/// after a burst of C connections carrying N calls in flight in total, held by the server for a while, then closed.
/// Prints one JSON line; "after" is read once the closures have settled (and the server has trimmed its heap).
func runMemoryBenchmark(arguments: [String]) async {
    let options = BenchOptions(arguments, known: ["--connections", "--calls", "--hold-ms", "--payload", "--settle-ms"],
                               usage: "samen-bench memory [--connections C] [--calls N] [--hold-ms MS] [--payload BYTES] [--settle-ms MS]")
    let connections = options.int("--connections", default: 1_000, maximum: 20_000)
    let calls = max(connections, options.int("--calls", default: 10_000, maximum: 1_000_000))
    let holdMilliseconds = options.int("--hold-ms", default: 3_000, maximum: 600_000)
    let payloadSize = options.int("--payload", default: 64, maximum: 1 << 20)
    let settleMilliseconds = options.int("--settle-ms", default: 3_000, maximum: 600_000)
    do {
        // Each connection is a descriptor here and one in the server: both raise their limits as servers do.
        _ = try OpenFileLimit.apply(setting: nil)
        let pki = try BenchPKI()
        let server = try BenchServerProcess(pki: pki, extraArguments: ["--hold-ms", String(holdMilliseconds)])
        defer { server.stop() }
        try await Task.sleep(for: .milliseconds(500))
        let before = try residentKiB(of: server.pid)

        let group = EventLoopGroup(loopCount: 2, name: "bench-client")
        let tls = try TLSContext(role: .client, credentials: pki.client)
        let clients = (0..<connections).map { _ in
            var configuration = RPCClient.Configuration(endpoint: Endpoint(host: "127.0.0.1", port: server.port), tls: tls,
                                                        logger: Logger(service: "samen-bench", minimumLevel: .warning))
            configuration.compressionThreshold = Int.max
            configuration.defaultTimeout = .seconds(120)
            configuration.connectTimeout = .seconds(60)
            return RPCClient(configuration: configuration, group: group)
        }
        let message = EchoMessage(data: Data((0..<payloadSize).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }))
        let started = MonotonicClock.now
        let failures = BenchResults()
        await withTaskGroup(of: Void.self) { tasks in
            for index in 0..<calls {
                let client = clients[index % connections]
                tasks.addTask {
                    do {
                        _ = try await client.call(BenchAPI.echo, message)
                    } catch {
                        failures.add(requests: 1, latencies: [])
                        FileHandle.standardError.write(Data("call failed: \(error)\n".utf8))
                    }
                }
            }
        }
        let burstSeconds = Double(MonotonicClock.now - started) / 1e9
        let peak = try residentKiB(of: server.pid, field: "VmHWM")
        let atBurstEnd = try residentKiB(of: server.pid)
        for client in clients { await client.close() }
        group.shutdown()
        try await Task.sleep(for: .milliseconds(settleMilliseconds))
        let after = try residentKiB(of: server.pid)
        print("{\"bench\":\"memory\",\"connections\":\(connections),\"calls_in_flight\":\(calls),\"hold_ms\":\(holdMilliseconds),"
              + "\"payload\":\(payloadSize),\"failed_calls\":\(failures.totals.0),\"burst_s\":\(String(format: "%.2f", burstSeconds)),"
              + "\"rss_before_kib\":\(before),\"rss_peak_kib\":\(peak),\"rss_burst_end_kib\":\(atBurstEnd),"
              + "\"rss_after_kib\":\(after),\"settle_ms\":\(settleMilliseconds)}")
    } catch {
        FileHandle.standardError.write(Data("samen-bench memory: \(error)\n".utf8))
        exit(1)
    }
}

/// A memory figure of process `pid` in KiB from /proc/<pid>/status: VmRSS (resident now) or VmHWM (its peak).
private func residentKiB(of pid: Int32, field: String = "VmRSS") throws -> Int {
    let status = try String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)
    for line in status.split(separator: "\n") where line.hasPrefix("\(field):") {
        if let value = Int(line.dropFirst(field.count + 1).trimmingCharacters(in: .whitespaces).split(separator: " ").first ?? "") {
            return value
        }
    }
    throw BenchError("no \(field) in /proc/\(pid)/status")
}

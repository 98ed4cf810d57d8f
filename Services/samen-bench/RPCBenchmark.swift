import Foundation
import SamenContracts
import SamenRPC
import SamenTLS
import Synchronization

/// `samen-bench rpc`: unary echo over mutual TLS on loopback, through one connection, to a server in another
/// process, with N calls kept in flight. Measures like the anchors: one second of warm-up, then S seconds;
/// prints one JSON line with the anchors' fields.
func runRPCBenchmark(arguments: [String]) async {
    let options = BenchOptions(arguments, known: ["--concurrency", "--payload", "--seconds", "--callers"],
                               usage: "samen-bench rpc [--concurrency N] [--payload BYTES] [--seconds S] [--callers loop|global]")
    let concurrency = options.int("--concurrency", default: 1, maximum: 100_000)
    let payloadSize = options.int("--payload", default: 64, maximum: 4 << 20)
    let seconds = options.int("--seconds", default: 5, maximum: 3600)
    // "loop": callers run on the client's event loop (executor preference), as a service's handlers do when
    // they call onwards; "global": callers on Swift's global executor, a hop away from the loop.
    let callers = options.string("--callers", default: "loop")
    guard callers == "loop" || callers == "global" else {
        FileHandle.standardError.write(Data("samen-bench rpc: --callers is loop or global, not '\(callers)'\n".utf8))
        exit(2)
    }
    do {
        let pki = try BenchPKI()
        let server = try BenchServerProcess(pki: pki)
        defer { server.stop() }
        let group = EventLoopGroup(loopCount: 1, name: "bench-client")
        var configuration = RPCClient.Configuration(endpoint: Endpoint(host: "127.0.0.1", port: server.port),
                                                    tls: try TLSContext(role: .client, credentials: pki.client),
                                                    logger: Logger(service: "samen-bench", minimumLevel: .warning))
        configuration.compressionThreshold = Int.max
        let client = RPCClient(configuration: configuration, group: group)
        let message = EchoMessage(data: Data((0..<payloadSize).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }))
        let reply = try await client.call(BenchAPI.echo, message)
        guard reply == message else { throw BenchError("echo returned different bytes") }

        let start = MonotonicClock.now
        let warmEnd = start + 1_000_000_000
        let end = warmEnd + UInt64(seconds) * 1_000_000_000
        let results = BenchResults()
        // Callers run on the client's event loop (a documented option of the runtime), like NIO-based clients.
        await withTaskGroup(of: Void.self) { tasks in
            for _ in 0..<concurrency {
                tasks.addTask(executorPreference: callers == "global" ? nil : client.loop) {
                    var latencies: [UInt64] = []
                    latencies.reserveCapacity(1 << 16)
                    var requests = 0
                    while true {
                        let sent = MonotonicClock.now
                        if sent >= end { break }
                        do {
                            _ = try await client.call(BenchAPI.echo, message)
                        } catch {
                            FileHandle.standardError.write(Data("call failed: \(error)\n".utf8))
                            return
                        }
                        let received = MonotonicClock.now
                        if sent >= warmEnd && received < end {
                            requests += 1
                            latencies.append(received - sent)
                        }
                    }
                    results.add(requests: requests, latencies: latencies)
                }
            }
        }
        let (requests, unsorted) = results.totals
        guard let latencies = LatencyQuantiles(unsorted) else { throw BenchError("no call completed") }
        print("{\"impl\":\"\(callers == "global" ? "samen-global-callers" : "samen")\",\"concurrency\":\(concurrency),\"payload\":\(payloadSize),\"seconds\":\(seconds),"
              + "\"requests\":\(requests),\"rps\":\(Int((Double(requests) / Double(seconds)).rounded())),"
              + "\"p50_us\":\(latencies.micros(0.5)),\"p99_us\":\(latencies.micros(0.99)),\"max_us\":\(latencies.micros(1.0))}")
        await client.close()
    } catch {
        FileHandle.standardError.write(Data("samen-bench rpc: \(error)\n".utf8))
        exit(1)
    }
}

/// `samen-bench rpc-server --dir D`: the echo server the benchmark starts in a child process (and the tests, as a
/// server whose process limits they set). Prints `PORT n` once listening, and stops when its standard input closes.
func runRPCBenchmarkServer(arguments: [String]) async {
    let options = BenchOptions(arguments, known: ["--dir", "--hold-ms", "--spare-files"],
                               usage: "samen-bench rpc-server --dir D [--hold-ms MS] [--spare-files K]")
    let directory = options.string("--dir", default: ".")
    // Each echo waits this long before answering, so that a client can keep many calls in flight (memory benchmark).
    let hold = Duration.milliseconds(arguments.contains("--hold-ms") ? options.int("--hold-ms", default: 1, maximum: 600_000) : 0)
    do {
        let credentials = try TLSCredentials.load(certificateFile: "\(directory)/server.pem",
                                                  privateKeyFile: "\(directory)/server-key.pem",
                                                  trustRootsFile: "\(directory)/ca.pem")
        let tls = try TLSContext(role: .server, credentials: credentials)
        var configuration = RPCServer.Configuration(
            listen: Endpoint(host: "127.0.0.1", port: 0), tls: tls,
            identity: try ServiceIdentity(region: "bench", service: "echo", instance: "1"), version: "bench",
            logger: Logger(service: "bench-echo", minimumLevel: .warning))
        configuration.compressionThreshold = Int.max
        let server = RPCServer(configuration: configuration)
        server.register(BenchAPI.echo) { request, _ in
            if hold > .zero { try await Task.sleep(for: hold) }
            return request
        }
        let port = try server.start()
        // Uses up all but K descriptors once listening, as a process whose own files grew after its start would:
        // connections then meet EMFILE before the server's connection cap.
        var held: [Int32] = []
        if arguments.contains("--spare-files") {
            let spare = options.int("--spare-files", default: 1, maximum: 1_000)
            while held.count < 1_000_000 {
                let fd = open("/dev/null", O_RDONLY | O_CLOEXEC)
                guard fd >= 0 else { break }
                held.append(fd)
            }
            for fd in held.suffix(spare) { close(fd) }
            held.removeLast(min(spare, held.count))
        }
        FileHandle.standardOutput.write(Data("PORT \(port)\n".utf8))
        FileHandle.standardOutput.synchronizeFile()
        // The parent closes our standard input when it is done (or dies).
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            Thread.detachNewThread {
                while let line = readLine(), !line.isEmpty {}
                continuation.resume()
            }
        }
        await server.drain(grace: .seconds(1))
        for fd in held { close(fd) }
    } catch {
        FileHandle.standardError.write(Data("samen-bench rpc-server: \(error)\n".utf8))
        exit(1)
    }
}

/// Latencies in nanoseconds, sorted once, read as quantiles in microseconds.
struct LatencyQuantiles {
    private let sorted: [UInt64]

    /// Nil when nothing was measured.
    init?(_ latencies: [UInt64]) {
        guard !latencies.isEmpty else { return nil }
        sorted = latencies.sorted()
    }

    /// The latency at `quantile` (0...1) in microseconds, one decimal.
    func micros(_ quantile: Double) -> String {
        let index = min(sorted.count - 1, Int(Double(sorted.count) * quantile))
        return String(format: "%.1f", Double(sorted[index]) / 1000)
    }
}

/// What the calling tasks measured, merged once each at the end.
final class BenchResults: Sendable {
    private let state = Mutex<(requests: Int, latencies: [UInt64])>((0, []))

    func add(requests: Int, latencies: [UInt64]) {
        state.withLock { $0.requests += requests; $0.latencies += latencies }
    }

    var totals: (Int, [UInt64]) { state.withLock { ($0.requests, $0.latencies) } }
}

/// A throwaway CA with a server and a client certificate, written to a temporary folder for the child process.
struct BenchPKI {
    let directory: String
    let client: TLSCredentials

    init() throws {
        let ca = try CertificateAuthority.generate(commonName: "samen-bench-ca", validityDays: 1)
        let server = try ca.issue(CertificateRequest(
            commonName: "bench echo", identity: try ServiceIdentity(region: "bench", service: "echo", instance: "1"),
            dnsNames: ["localhost"], ipAddresses: ["127.0.0.1"]))
        let client = try ca.issue(CertificateRequest(
            commonName: "bench client", identity: try ServiceIdentity(region: "bench", service: "client", instance: "1")))
        directory = NSTemporaryDirectory() + "samen-bench-\(getpid())"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try PEMFile.write(ca.certificatePEM, to: "\(directory)/ca.pem", privateKey: false)
        try PEMFile.write(server.certificatePEM, to: "\(directory)/server.pem", privateKey: false)
        try PEMFile.write(server.privateKeyPEM, to: "\(directory)/server-key.pem", privateKey: true)
        self.client = client.credentials(trusting: ca)
    }
}

/// The echo server as a child process of this one.
final class BenchServerProcess {
    let port: Int
    private let process = Process()
    private let input = Pipe()
    private let directory: String

    init(pki: BenchPKI, extraArguments: [String] = []) throws {
        directory = pki.directory
        let output = Pipe()
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        process.arguments = ["rpc-server", "--dir", pki.directory] + extraArguments
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        var line = ""
        let handle = output.fileHandleForReading
        while !line.hasSuffix("\n") {
            let byte = handle.readData(ofLength: 1)
            guard !byte.isEmpty else { throw BenchError("the echo server exited before listening") }
            line += String(decoding: byte, as: UTF8.self)
        }
        guard line.hasPrefix("PORT "), let port = Int(line.dropFirst(5).trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw BenchError("unexpected output from the echo server: \(line)")
        }
        self.port = port
    }

    var pid: Int32 { process.processIdentifier }

    func stop() {
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
        try? FileManager.default.removeItem(atPath: directory)
    }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

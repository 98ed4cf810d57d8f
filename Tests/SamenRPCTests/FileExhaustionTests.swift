#if canImport(Glibc)
import Glibc
#endif
import Foundation
import SamenRPC
import SamenTLS
import SamenTestSupport
import XCTest

/// A server in a child process that may open only 64 files, flooded with plain TCP connections that never start
/// TLS: it keeps answering health checks, and it does not spin on an accept loop while the flood sits there.
final class FileExhaustionTests: XCTestCase {
    /// The connection cap (sized from the limit at start) keeps the flood below EMFILE.
    func testFloodedServerWithSmallFileLimitAnswersHealthAndDoesNotSpin() async throws {
        try await floodAndCheck(LimitedEchoServer(mesh: mesh, openFileLimit: 64))
    }

    /// The process's own files took nearly all descriptors after start: the flood meets EMFILE, and the listener
    /// sheds and pauses instead of spinning, and frees descriptors held by stalled handshakes.
    func testFloodMeetingEMFILEAnswersHealthAndDoesNotSpin() async throws {
        let child = try LimitedEchoServer(mesh: mesh, openFileLimit: 64, spareFiles: 3)
        try await floodAndCheck(child)
        XCTAssertTrue(child.output.contains("cannot accept connections; pausing"), "the flood never met EMFILE: \(child.output)")
    }

    private var mesh: TestMesh!

    override func setUp() async throws {
        mesh = try TestMesh()
    }

    private func floodAndCheck(_ child: LimitedEchoServer) async throws {
        defer { child.stop() }
        let client = try mesh.client(port: child.port)
        let before = try await client.call(Health.check, HealthCheckRequest())
        XCTAssertEqual(before.status, .serving)

        // Plain TCP connections that will never say anything.
        let flood = (0..<300).map { _ in Loopback.connect(port: child.port) }
        XCTAssertFalse(flood.contains(-1), "the kernel's backlog took every flood connection")
        defer { for fd in flood where fd >= 0 { close(fd) } }
        // A new connection each time: the one from before may be one of those the flood pushed out.
        let mesh = self.mesh!
        let answered = await eventually(timeout: .seconds(30), every: .milliseconds(200), "no health answer during the flood") {
            guard let probe = try? mesh.client(port: child.port) else { return false }
            defer { Task { await probe.close() } }
            return (try? await probe.call(Health.check, HealthCheckRequest()))?.status == .serving
        }
        XCTAssertTrue(answered)

        // A resource assertion, not a latency one: over a quiet stretch, a server that is not spinning uses a small
        // fraction of the wall time in CPU (a spinning one uses a whole core's worth, less what the machine's load takes).
        let cpuBefore = try child.cpuSeconds()
        let wallBefore = ContinuousClock.now
        try await Task.sleep(for: .seconds(2))
        let cpu = try child.cpuSeconds() - cpuBefore
        let elapsed = (ContinuousClock.now - wallBefore).components
        let wall = Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18
        XCTAssertLessThan(cpu, wall * 0.25, "the flooded server used \(cpu) s of CPU in \(wall) s of quiet")
        XCTAssertTrue(child.isRunning, child.output)
        await client.close()
    }
}

/// `samen-bench rpc-server` in a child process whose soft open-file limit is set by the shell before it starts,
/// with `SAMEN_OPEN_FILE_LIMIT=keep` so that the server does not raise it again.
final class LimitedEchoServer {
    let port: Int
    private let process = Process()
    private let input = Pipe()
    private let outputFile: String

    /// `spareFiles`: the server uses up all but this many descriptors once it listens (`--spare-files`).
    init(mesh: TestMesh, openFileLimit: Int, spareFiles: Int? = nil) throws {
        let directory = mesh.directory + "/echo-pki"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let credentials = try mesh.credentials(mesh.identity("echo", region: "bench"))
        try PEMFile.write(credentials.certificateChainPEM, to: "\(directory)/server.pem", privateKey: false)
        try PEMFile.write(credentials.privateKeyPEM, to: "\(directory)/server-key.pem", privateKey: true)
        try PEMFile.write(credentials.trustRootsPEM, to: "\(directory)/ca.pem", privateKey: false)
        outputFile = "\(directory)/server.out"
        FileManager.default.createFile(atPath: outputFile, contents: nil)
        let output = try FileHandle(forWritingTo: URL(fileURLWithPath: outputFile))
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "ulimit -Sn \(openFileLimit) && exec \"$0\" \"$@\"",
                             try BuiltProducts.path("samen-bench"), "rpc-server", "--dir", directory]
            + (spareFiles.map { ["--spare-files", String($0)] } ?? [])
        var environment = ProcessInfo.processInfo.environment
        environment["SAMEN_OPEN_FILE_LIMIT"] = "keep"
        process.environment = environment
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        try process.run()
        try output.close()
        var found: Int?
        let deadline = ContinuousClock.now + .seconds(30)
        while found == nil && process.isRunning && ContinuousClock.now < deadline {
            let text = (try? String(contentsOfFile: outputFile, encoding: .utf8)) ?? ""
            if let line = text.split(separator: "\n").first(where: { $0.hasPrefix("PORT ") }) { found = Int(line.dropFirst(5)) }
            else { usleep(20_000) }
        }
        guard let found else {
            if process.isRunning { process.terminate() }
            let printed = (try? String(contentsOfFile: outputFile, encoding: .utf8)) ?? ""
            throw NotFound(message: "the echo server did not start: \(printed)")
        }
        port = found
    }

    var isRunning: Bool { process.isRunning }
    var output: String { (try? String(contentsOfFile: outputFile, encoding: .utf8)) ?? "" }

    /// User plus system CPU time the child has used, from /proc.
    func cpuSeconds() throws -> Double {
        let stat = try String(contentsOfFile: "/proc/\(process.processIdentifier)/stat", encoding: .utf8)
        // Fields after the command name (which is in parentheses and may contain spaces); utime and stime are 14 and 15.
        guard let close = stat.lastIndex(of: ")") else { throw NotFound(message: "unreadable /proc stat: \(stat)") }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else {
            throw NotFound(message: "unreadable /proc stat: \(stat)")
        }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// Closing standard input stops the server (it drains); bounded, then killed.
    func stop() {
        try? input.fileHandleForWriting.close()
        let deadline = ContinuousClock.now + .seconds(10)
        while process.isRunning && ContinuousClock.now < deadline { usleep(20_000) }
        if process.isRunning { process.terminate() }
    }
}

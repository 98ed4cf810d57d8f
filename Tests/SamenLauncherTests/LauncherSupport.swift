import Foundation
#if canImport(Glibc)
import Glibc
#endif
import SamenCtl
@testable import SamenLauncher
import SamenRPC
import SamenTestSupport
import XCTest

/// A child process whose output goes to files, so that nothing blocks on a full pipe.
final class Subprocess: @unchecked Sendable {
    let process = Process()
    let outputFile: String

    init(_ executable: String, _ arguments: [String], folder: String, name: String) throws {
        outputFile = "\(folder)/\(name)-\(UUID().uuidString.prefix(8)).out"
        FileManager.default.createFile(atPath: outputFile, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: outputFile))
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        process.environment = environment
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        try handle.close()
    }

    var pid: Int32 { process.processIdentifier }
    var output: String { (try? String(contentsOfFile: outputFile, encoding: .utf8)) ?? "" }

    /// Waits for the exit, at most `timeout`; nil if still running.
    func wait(timeout: Duration) async -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning && ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(20)) }
        return process.isRunning ? nil : process.terminationStatus
    }

    /// Runs to completion (bounded), returning the exit status and everything printed.
    static func run(_ executable: String, _ arguments: [String], folder: String, timeout: Duration = .seconds(30)) async throws -> (Int32?, String) {
        let subprocess = try Subprocess(executable, arguments, folder: folder, name: "run")
        let status = await subprocess.wait(timeout: timeout)
        if status == nil { subprocess.process.terminate() }
        return (status, subprocess.output)
    }
}

/// Processes whose parent is `parent`, with their command lines (from /proc).
func childProcesses(of parent: Int32) -> [Int32: [String]] {
    var result: [Int32: [String]] = [:]
    guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return result }
    for entry in entries {
        guard let pid = Int32(entry), let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { continue }
        let fields = stat[stat.index(close, offsetBy: 2)...].split(separator: " ")
        guard fields.count > 1, fields[0] != "Z", Int32(fields[1]) == parent else { continue }
        let cmdline = (try? Data(contentsOf: URL(fileURLWithPath: "/proc/\(entry)/cmdline"))) ?? Data()
        result[pid] = cmdline.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
    }
    return result
}

/// True while a process with this id exists and is not a zombie.
func processIsAlive(_ pid: Int32) -> Bool {
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8), let close = stat.lastIndex(of: ")") else {
        return false
    }
    return !stat[stat.index(close, offsetBy: 2)...].hasPrefix("Z")
}

/// A base port for `samen up` whose every port (base + 100 × region + service, one per service `samen up` runs) is
/// free on 127.0.0.1 right now, below Linux's ephemeral range (32768 and up), so that the outgoing connections of
/// tests running beside it cannot take one of them before the launcher binds it.
func freeBasePort(regions: Int) -> Int {
    let services = ServiceCatalog.all.count
    for _ in 0..<200 {
        let base = 20_000 + Int.random(in: 0..<115) * 100 + Int.random(in: 0..<50)
        let ports = (0..<regions).flatMap { region in (0..<services).map { base + 100 * region + $0 } }
        if ports.allSatisfy({ PortCheck.problem(Endpoint(host: "127.0.0.1", port: $0)) == nil }) { return base }
    }
    return 31_000
}

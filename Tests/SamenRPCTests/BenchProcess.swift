import Foundation
import SamenTestSupport
import XCTest

/// Runs the built samen-bench with its output in a file; killed after two minutes (a hang guard only).
func runBench(_ arguments: [String]) throws -> (Int32, String) {
    let outputFile = FileManager.default.temporaryDirectory.appendingPathComponent("samen-bench-\(UUID().uuidString).out")
    FileManager.default.createFile(atPath: outputFile.path, contents: nil)
    defer { try? FileManager.default.removeItem(at: outputFile) }
    let output = try FileHandle(forWritingTo: outputFile)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: try BuiltProducts.path("samen-bench"))
    process.arguments = arguments
    process.standardOutput = output
    process.standardError = output
    try process.run()
    try output.close()
    let deadline = Date().addingTimeInterval(120)
    while process.isRunning && Date() < deadline { usleep(50_000) }
    if process.isRunning {
        process.terminate()
        process.waitUntilExit()
        XCTFail("samen-bench \(arguments.joined(separator: " ")) did not finish within two minutes")
    }
    return (process.terminationStatus, (try? String(contentsOf: outputFile, encoding: .utf8)) ?? "")
}

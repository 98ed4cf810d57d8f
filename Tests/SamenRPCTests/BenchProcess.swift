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

/// Checks a bench's phase table: the header row (with `column`), and for each phase its row with `count` calls and
/// no failed call (the time bound is far away in the smoke runs).
func assertPhases(_ phases: [(name: String, count: String)], headerWith column: String, in output: String,
                  file: StaticString = #filePath, line: UInt = #line) {
    let lines = output.split(separator: "\n").map(String.init)
    XCTAssertTrue(lines.contains { $0.hasPrefix("phase") && $0.contains("per second") && $0.contains(column) }, output, file: file, line: line)
    for (phase, count) in phases {
        guard let row = lines.first(where: { $0.hasPrefix(phase + " ") }) else {
            XCTFail("no row for \(phase): \(output)", file: file, line: line)
            continue
        }
        let cells = row.dropFirst(phase.count).split(separator: " ").map(String.init)
        XCTAssertEqual(cells.first, count, row, file: file, line: line)
        XCTAssertEqual(cells.dropFirst().first, "0", "failed calls in \(row)", file: file, line: line)
    }
}

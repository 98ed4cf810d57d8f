import Foundation
import SamenContracts
@testable import SamenCtl
import SamenReferenceData
import SamenTestSupport
import XCTest

/// `samenctl import intake <file.jsonl>`: good, bad, unreadable and repeated lines, the summary and exit code,
/// and a rerun that changes nothing.
final class ImportCommandTests: XCTestCase {
    private var mesh: CtlIntakeHome!

    override func setUp() async throws {
        mesh = try await CtlIntakeHome.make()
    }

    override func tearDown() async throws {
        await mesh.stop()
    }

    private static let registered = try! CivilDate("2019-03-14")
    private static let goodINSZ = Fixtures.insz(born: try! CivilDate("1990-05-17"), sequence: 124)

    private func line(_ externalID: String, given: String, insz: String? = nil) throws -> String {
        let record = ImportRecord(externalID: externalID, record: Fixtures.registration(given: given, family: "Importvoorbeeld", insz: insz,
                                                                                      registeredOn: Self.registered))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(record), as: UTF8.self)
    }

    private func write(_ lines: [String]) throws -> String {
        let path = "\(mesh.home.path)/import-\(UUID().uuidString).jsonl"
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    private func importFile(_ path: String, _ extra: [String] = [], terminal: Bool = false) async throws -> (code: Int32, out: String, err: String) {
        let arguments = try Arguments(["intake", path, "--as", "admin", "--home", mesh.home.path] + extra,
                                      command: "import", options: ImportCommand.options, switches: ImportCommand.switches)
        let (output, captured) = TextOutput.capture(terminal: terminal)
        do {
            let code = try await ImportCommand.run(arguments, environment: [:], output: output)
            return (code, captured.standardOutput, captured.standardError)
        } catch {
            error.report(to: output)
            return (error.exitCode, captured.standardOutput, captured.standardError)
        }
    }

    func testGoodBadUnreadableAndRepeatedLinesAreCountedAndTheRejectedNamedByLine() async throws {
        let badINSZ = String(Self.goodINSZ.dropLast()) + (Self.goodINSZ.last == "0" ? "1" : "0")
        let good = try line("old-1", given: "Eerstia", insz: Self.goodINSZ)
        let path = try write([
            good,
            try line("old-2", given: "Tweedia", insz: badINSZ),
            #"{"externalID": "old-3", "record": {"name": {"given": "Derdia""#,
            good,
            #"{"externalID": "old-5", "record": {"name": {"given": "Vijfia", "family": "Importvoorbeeld"}}}"#,
            "",
            try line("old-7", given: "Zevenia"),
            try line("old-8", given: "Achtia").replacingOccurrences(of: "\"1990-05-17\"", with: "\"Geheim-1990\""),
        ])
        let first = try await importFile(path)
        XCTAssertEqual(first.code, 1, first.err)
        XCTAssertTrue(first.out.contains("7 records, 4 sent"), first.out)
        XCTAssertTrue(first.out.contains("accepted          2"), first.out)
        XCTAssertTrue(first.out.contains("already imported  1"), first.out)
        XCTAssertTrue(first.out.contains("rejected          4"), first.out)
        let rows = first.out.split(separator: "\n").filter { ["2 ", "3 ", "5 ", "8 "].contains($0.prefix(2)) }.map(String.init)
        XCTAssertEqual(rows.count, 4, first.out)
        XCTAssertTrue(rows[0].contains("old-2") && rows[0].contains("insz") && rows[0].contains("check digits"), rows[0])
        XCTAssertTrue(rows[1].contains("is not valid JSON"), rows[1])
        XCTAssertTrue(rows[2].contains("old-5") && rows[2].contains("record.birthDate") && rows[2].contains("is missing"), rows[2])
        XCTAssertTrue(rows[3].contains("old-8") && rows[3].contains("record.birthDate") && rows[3].contains("has a value this field does not take"), rows[3])
        for content in ["Eerstia", "Tweedia", "Derdia", "Vijfia", "Zevenia", "Achtia", "Geheim", "Importvoorbeeld", Self.goodINSZ, badINSZ, "1990-05-17"] {
            XCTAssertFalse(first.out.contains(content) || first.err.contains(content), "the output shows record content: \(content)")
        }
        XCTAssertFalse(first.out.contains("\r"), "no progress line when standard output is not a terminal")

        // The same file again: nothing new, the same rejections.
        let again = try await importFile(path)
        XCTAssertEqual(again.code, 1)
        XCTAssertTrue(again.out.contains("accepted          0") && again.out.contains("already imported  3")
                          && again.out.contains("rejected          4"), again.out)
        let imported = try await mesh.intake.staff("gent").list(ListRequest(from: Self.registered, through: Self.registered))
        XCTAssertEqual(imported.persons.count, 2, "two people, however often the file is imported")
    }

    func testACleanFileExitsZeroShowsProgressOnATerminalAndARerunIsAllAlreadyImported() async throws {
        let path = try write([try line("clean-1", given: "Eenia"), try line("clean-2", given: "Tweeia"), try line("clean-3", given: "Drieia")])
        let first = try await importFile(path, ["--batch", "2"], terminal: true)
        XCTAssertEqual(first.code, 0, first.err)
        XCTAssertTrue(first.out.contains("\rsent 2/3  accepted 2  already imported 0  rejected 0"), first.out)
        XCTAssertTrue(first.out.contains("\rsent 3/3  accepted 3  already imported 0  rejected 0"), first.out)
        XCTAssertTrue(first.out.contains("accepted          3"), first.out)
        let rerun = try await importFile(path, ["--batch", "2"])
        XCTAssertEqual(rerun.code, 0, rerun.err)
        XCTAssertTrue(rerun.out.contains("accepted          0") && rerun.out.contains("already imported  3"), rerun.out)
    }

    func testWithoutTheAdminRoleTheRefusalSaysWhoMayImport() async throws {
        let path = try write([try line("x-1", given: "Xia")])
        let result = await mesh.ctl(["import", "intake", path, "--as", "desk"])
        XCTAssertEqual(result.code, 1)
        XCTAssertTrue(result.err.contains("permission_denied"), result.err)
        XCTAssertTrue(result.err.contains("a historical import is for the roles admin: pass --as admin"), result.err)
    }

    func testUsageErrors() async throws {
        let path = try write([try line("u-1", given: "Uia")])
        let cases: [([String], String)] = [
            (["import", "intake", path, "--type", "contracts"], "intake has no import of type 'contracts'; samenctl imports intake --type registrations"),
            (["import", "registry", path], "registry has no historical import"),
            (["import", "intake", path, "--batch", "501"], "--batch takes a whole number from 1 to 500, found '501'"),
            (["import", "intake", "\(mesh.home.path)/missing.jsonl"], "no such file"),
            (["import", "intake"], "import takes a service and a file"),
        ]
        for (arguments, expected) in cases {
            let result = await mesh.ctl(arguments)
            XCTAssertEqual(result.code, 2, "\(arguments): \(result.err)")
            XCTAssertTrue(result.err.contains(expected), "\(arguments): \(result.err)")
        }
    }
}

import Foundation
import SamenContracts
@testable import SamenCtl
import SamenTestSupport
import XCTest

/// `samenctl audit intake`: the data protection officer reads a person's or a staff member's trail and exports a
/// person's file; anyone else is refused with the roles that may.
final class AuditCommandTests: XCTestCase {
    private var mesh: CtlIntakeHome!
    private var personID: String!

    override func setUp() async throws {
        mesh = try await CtlIntakeHome.make()
        let desk = try mesh.intake.staff("gent", user: "an-desk")
        let file = try await desk.register(Fixtures.registration(given: "Auditia", family: "Voorbeeld"))
        personID = file.personID
        _ = try await desk.get(file.personID)
        let other = try await desk.register(Fixtures.registration(given: "Anderia", family: "Voorbeeld", born: "1985-02-03"))
        _ = try await desk.get(other.personID)
    }

    override func tearDown() async throws {
        await mesh.stop()
    }

    private func jsonLines(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> [AuditEvent] {
        text.split(separator: "\n").compactMap { row in
            do { return try JSONDecoder().decode(AuditEvent.self, from: Data(row.utf8)) } catch {
                XCTFail("not an audit event: \(row)", file: file, line: line)
                return nil
            }
        }
    }

    func testByPersonAsDPOTheTableAndJSONLinesNameEveryAccess() async throws {
        let table = await mesh.ctl(["audit", "intake", "--person", personID, "--as", "dpo"])
        XCTAssertEqual(table.code, 0, table.err)
        let lines = table.out.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.first?.split(separator: " ", omittingEmptySubsequences: true),
                       ["TIME", "METHOD", "ACCESS", "OUTCOME", "STAFF", "CALLER", "PERSON"])
        XCTAssertEqual(lines.count, 3, table.out)
        XCTAssertTrue(lines[1].contains("intake/persons.get") && lines[1].contains(" read "), lines[1])
        XCTAssertTrue(lines[2].contains("intake/persons.register") && lines[2].contains(" change "), lines[2])
        XCTAssertTrue(lines[2].contains("samen://gent/staff/an-desk") && lines[2].contains(personID), lines[2])
        XCTAssertFalse(table.out.contains("Auditia"), "the trail names the person by id only")

        // The table's own query is recorded too (reading a person's history is reading their file), by dev-dpo.
        let json = await mesh.ctl(["audit", "intake", "--person", personID, "--as", "admin", "--json"])
        XCTAssertEqual(json.code, 0, json.err)
        let events = jsonLines(json.out)
        XCTAssertEqual(events.map(\.method), ["intake/audit.query", "intake/persons.get", "intake/persons.register"])
        XCTAssertEqual(events.map(\.access), [.read, .read, .change])
        XCTAssertEqual(Set(events.map(\.personID)), [personID])
        XCTAssertEqual(events.map(\.staff), ["samen://gent/staff/dev-dpo", "samen://gent/staff/an-desk", "samen://gent/staff/an-desk"])

        // Without a service name: refused, since intake and trajectory both keep person files; the message names them.
        let unnamed = await mesh.ctl(["audit", "--person", personID, "--as", "dpo", "--json"])
        XCTAssertEqual(unnamed.code, 2, unnamed.err)
        XCTAssertTrue(unnamed.err.contains("intake, trajectory"), unnamed.err)
    }

    func testByStaffPagesThroughEverythingUpToTheLimit() async throws {
        func audit(_ extra: [String], pageSize: Int) async throws -> (code: Int32, out: String, err: String) {
            let arguments = try Arguments(["intake", "--staff", "an-desk", "--as", "dpo", "--json", "--home", mesh.home.path] + extra,
                                          command: "audit", options: AuditCommand.options, switches: AuditCommand.switches)
            let (output, captured) = TextOutput.capture()
            let code = try await AuditCommand.run(arguments, environment: [:], output: output, pageSize: pageSize)
            return (code, captured.standardOutput, captured.standardError)
        }
        // Two registrations and two reads by an-desk, one event each, newest first, whatever the page size.
        let all = try await audit([], pageSize: 1)
        XCTAssertEqual(all.code, 0, all.err)
        let events = jsonLines(all.out)
        XCTAssertEqual(events.map(\.method), ["intake/persons.get", "intake/persons.register", "intake/persons.get", "intake/persons.register"])
        XCTAssertEqual(events.map(\.id), events.map(\.id).sorted(by: >))
        XCTAssertEqual(Set(events.compactMap(\.staff)), ["samen://gent/staff/an-desk"])
        let limited = try await audit(["--limit", "3"], pageSize: 2)
        XCTAssertEqual(jsonLines(limited.out).map(\.id), Array(events.map(\.id).prefix(3)))
        let later = await mesh.ctl(["audit", "intake", "--staff", "an-desk", "--as", "dpo", "--from", "2190-01-01"])
        XCTAssertEqual(later.code, 0, later.err)
        XCTAssertTrue(later.out.contains("no audit events in gent/intake"), later.out)
    }

    func testWithoutADPOOrAdminRoleTheServiceRefusesAndSamenctlSaysWhichRolesMay() async {
        for credential in [[], ["--as", "desk"]] {
            let result = await mesh.ctl(["audit", "intake", "--person", personID] + credential)
            XCTAssertEqual(result.code, 1, "\(credential): \(result.err)")
            XCTAssertTrue(result.err.contains("gent/intake: permission_denied"), result.err)
            XCTAssertTrue(result.err.contains("the audit trail is for the roles dpo and admin: pass --as dpo or --as admin"), result.err)
            XCTAssertEqual(result.out, "")
        }
    }

    func testExportGoesToAnOwnerOnlyFileOrStandardOutput() async throws {
        let file = "\(mesh.home.path)/export.json"
        let written = await mesh.ctl(["audit", "intake", "--export", personID, "--out", file, "--as", "dpo"])
        XCTAssertEqual(written.code, 0, written.err)
        XCTAssertTrue(written.out.contains("to \(file) (mode 0600"), written.out)
        XCTAssertFalse(written.out.contains("Auditia"))
        let mode = try (FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? NSNumber)?.intValue
        XCTAssertEqual(mode, 0o600)
        let export = try JSONDecoder().decode(PersonExport.self, from: Data(contentsOf: URL(fileURLWithPath: file)))
        XCTAssertEqual(export.personID, personID)
        XCTAssertEqual(export.service, "intake")
        XCTAssertTrue(export.fileJSON.contains("Auditia"), "the export holds the file itself")
        XCTAssertTrue(export.audit.contains { $0.method == "intake/persons.register" })

        let printed = await mesh.ctl(["audit", "intake", "--export", personID, "--as", "dpo"])
        XCTAssertEqual(printed.code, 0, printed.err)
        XCTAssertEqual(try JSONDecoder().decode(PersonExport.self, from: Data(printed.out.utf8)).personID, personID)

        let unknown = await mesh.ctl(["audit", "intake", "--export", "gent-p999", "--as", "dpo"])
        XCTAssertEqual(unknown.code, 1)
        XCTAssertTrue(unknown.err.contains("not_found"), unknown.err)
    }

    func testUsageErrorsNameTheFlag() async {
        let cases: [([String], String)] = [
            (["audit", "intake", "--person", "p", "--staff", "s"], "exactly one of --person <id>, --staff <user> and --export <id>"),
            (["audit", "intake"], "exactly one of --person"),
            (["audit", "intake", "trajectory", "--person", "p"], "audit takes one service name"),
            (["audit", "intake", "--person", "p", "--limit", "0"], "--limit takes a whole number from 1 to 1000000, found '0'"),
            (["audit", "intake", "--person", "p", "--from", "yesterday"], "--from takes a date (2026-11-24) or an ISO 8601 time"),
            (["audit", "intake", "--person", "p", "--from", "2026-02-01", "--until", "2026-01-01"], "--until is not after --from"),
            (["audit", "intake", "--person", "p", "--out", "x.json"], "--out goes with --export"),
        ]
        for (arguments, expected) in cases {
            let result = await mesh.ctl(arguments)
            XCTAssertEqual(result.code, 2, "\(arguments): \(result.err)")
            XCTAssertTrue(result.err.contains(expected), "\(arguments): \(result.err)")
        }
    }

    func testDatesAreDaysInBrusselsAndUntilIncludesTheDay() throws {
        // 2026-01-15 begins at 23:00 UTC the day before (CET is UTC+1); --until 2026-01-15 ends where the 16th begins.
        XCTAssertEqual(try AuditInstant.parse("2026-01-15", flag: "from", endOfDay: false), 1_768_431_600_000)
        XCTAssertEqual(try AuditInstant.parse("2026-01-15", flag: "until", endOfDay: true), 1_768_518_000_000)
        XCTAssertEqual(try AuditInstant.parse("2026-01-15T00:00:00Z", flag: "from", endOfDay: false), 1_768_435_200_000)
    }
}

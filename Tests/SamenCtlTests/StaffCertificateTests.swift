import Foundation
import SamenAgencyKit
// Arguments and CallCommand.run(catalog:): to call a method of the test's own with `samenctl call`.
@testable import SamenCtl
import SamenHost
import SamenRPC
import SamenTLS
import SamenTestSupport
import XCTest

/// `samenctl pki issue-staff` writes a staff certificate the mesh accepts, and `--as <role>` calls with one.
final class IssueStaffTests: XCTestCase {
    private var folder: String!
    private var home: MeshHome { MeshHome(path: folder) }

    override func setUp() async throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("samenctl-staff-\(UUID().uuidString)").path
        let created = await CtlTestMesh.ctl(["pki", "init", "--home", folder, "--regions", "gent", "--services", "registry", "--operator", "jan"])
        XCTAssertEqual(created.code, 0, created.err)
    }

    override func tearDown() {
        try? FileManager.default.removeItem(atPath: folder)
    }

    private func issue(_ extra: [String]) async -> (code: Int32, out: String, err: String) {
        await CtlTestMesh.ctl(["pki", "issue-staff", "--home", folder] + extra)
    }

    private func mode(_ path: String) throws -> Int {
        try (FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    func testWritesOwnerOnlyFilesWhoseCertificateNamesThePersonAndTheRoles() async throws {
        let result = await issue(["--region", "gent", "--user", "an-peeters", "--role", "dpo", "--role", "desk", "--role", "desk"])
        XCTAssertEqual(result.code, 0, result.err)
        let certificate = home.staffCertificate(region: "gent", user: "an-peeters")
        let key = home.staffPrivateKey(region: "gent", user: "an-peeters")
        XCTAssertEqual(certificate, "\(folder!)/pki/gent/staff/an-peeters.pem")
        XCTAssertEqual(try mode(certificate), 0o600, "a staff certificate names a person")
        XCTAssertEqual(try mode(key), 0o600)
        XCTAssertEqual(try mode(home.staffDirectory(region: "gent")), 0o700)
        let names = try SubjectAlternativeNames(certificatePEM: String(contentsOfFile: certificate, encoding: .utf8))
        XCTAssertEqual(names.uris, ["samen://gent/staff/an-peeters", "samen-role:desk", "samen-role:dpo"])
        XCTAssertEqual(names.dnsNames, [], "a person only calls; no server names")
        // The mesh CA signed it and the key belongs to it.
        XCTAssertNoThrow(try TLSContext.load(role: .client, certificateFile: certificate, privateKeyFile: key, trustRootsFile: home.caCertificate))
        XCTAssertTrue(result.out.contains("issued samen://gent/staff/an-peeters with role desk, dpo"), result.out)

        // Not replaced unless told so.
        let before = try Data(contentsOf: URL(fileURLWithPath: certificate))
        let again = await issue(["--region", "gent", "--user", "an-peeters", "--role", "desk"])
        XCTAssertEqual(again.code, 1)
        XCTAssertTrue(again.err.contains("already exists") && again.err.contains("--force"), again.err)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: certificate)), before)
        let forced = await issue(["--region", "gent", "--user", "an-peeters", "--role", "desk", "--force"])
        XCTAssertEqual(forced.code, 0, forced.err)
        let reissued = try SubjectAlternativeNames(certificatePEM: String(contentsOfFile: certificate, encoding: .utf8))
        XCTAssertEqual(reissued.uris, ["samen://gent/staff/an-peeters", "samen-role:desk"])
    }

    func testOutAndDaysChooseTheFolderAndTheValidity() async throws {
        let out = "\(folder!)/handed-out"
        let result = await issue(["--region", "antwerpen", "--user", "u7", "--role", "analyst,planner", "--days", "30", "--out", out])
        XCTAssertEqual(result.code, 0, result.err)
        XCTAssertEqual(try mode("\(out)/u7.pem"), 0o600)
        XCTAssertEqual(try mode("\(out)/u7-key.pem"), 0o600)
        XCTAssertFalse(FileManager.default.fileExists(atPath: home.staffCertificate(region: "antwerpen", user: "u7")))
        let names = try SubjectAlternativeNames(certificatePEM: String(contentsOfFile: "\(out)/u7.pem", encoding: .utf8))
        XCTAssertEqual(names.uris, ["samen://antwerpen/staff/u7", "samen-role:analyst", "samen-role:planner"])
        let until = ISO8601DateFormatter.string(from: Date().addingTimeInterval(30 * 86_400), timeZone: TimeZone(identifier: "UTC")!,
                                                formatOptions: [.withFullDate])
        let dayAfter = ISO8601DateFormatter.string(from: Date().addingTimeInterval(31 * 86_400), timeZone: TimeZone(identifier: "UTC")!,
                                                   formatOptions: [.withFullDate])
        XCTAssertTrue(result.out.contains("valid until \(until)") || result.out.contains("valid until \(dayAfter)"), result.out)
    }

    func testAnUnknownRoleIsAUsageErrorNamingItAndTheRoles() async {
        let result = await issue(["--region", "gent", "--user", "an-peeters", "--role", "desk", "--role", "clerk"])
        XCTAssertEqual(result.code, 2)
        XCTAssertTrue(result.err.contains("--role 'clerk' is not a staff role; the roles are desk, counsellor, planner, analyst, dpo, admin"),
                      result.err)
        XCTAssertFalse(FileManager.default.fileExists(atPath: home.staffDirectory(region: "gent")), "nothing written")
    }

    func testBadUsersRegionsDaysAndMissingRolesAreUsageErrorsSayingTheRule() async {
        let cases: [([String], String)] = [
            (["--region", "gent", "--user", "An.Peeters", "--role", "desk"],
             "--user 'An.Peeters' is not a valid user id: 1...63 characters of a-z, 0-9 and '-', not starting or ending with '-'"),
            (["--region", "gent", "--user", "-an", "--role", "desk"], "--user '-an' is not a valid user id"),
            (["--region", "Gent", "--user", "an", "--role", "desk"], "--region 'Gent' is not a region name"),
            (["--region", "gent", "--user", "an"], "needs at least one --role"),
            (["--region", "gent", "--role", "desk"], "issue-staff needs --user"),
            (["--user", "an", "--role", "desk"], "issue-staff needs --region"),
            (["--region", "gent", "--user", "an", "--role", "desk", "--days", "0"], "--days takes a whole number of days from 1 to 825, found '0'"),
            (["--region", "gent", "--user", "an", "--role", "desk", "--days", "826"], "found '826'"),
            (["--region", "gent", "--user", "an", "--role", "desk", "--days", "1e3"], "found '1e3'"),
            (["--region", "gent", "--user", "an", "--role", "desk", "--regions", "gent"], "`samenctl pki issue-staff` takes no --regions"),
        ]
        for (arguments, expected) in cases {
            let result = await issue(arguments)
            XCTAssertEqual(result.code, 2, "\(arguments): \(result.err)")
            XCTAssertTrue(result.err.contains(expected), "\(arguments): \(result.err)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: home.staffDirectory(region: "gent")), "nothing written")
    }

    func testWithoutACAItSaysWhatToRunFirst() async {
        let elsewhere = "\(folder!)/empty"
        let result = await CtlTestMesh.ctl(["pki", "issue-staff", "--home", elsewhere, "--region", "gent", "--user", "an", "--role", "desk"])
        XCTAssertEqual(result.code, 2)
        XCTAssertTrue(result.err.contains("ca.pem") && result.err.contains("pki init"), result.err)
    }
}

/// `--as <role>` calls with `pki/<target region>/staff/dev-<role>.pem`; the server sees that staff member.
final class ActAsStaffTests: XCTestCase {
    private var mesh: CtlTestMesh!

    override func setUp() async throws {
        mesh = try await CtlTestMesh.make()
    }

    override func tearDown() async throws {
        await mesh.shutdown()
    }

    private struct Nothing: Codable, Sendable {}
    private struct WhoAmI: Codable, Sendable {
        var peer: String
        var roles: [String]
    }

    private static let whoami = UnaryMethod<Nothing, WhoAmI>("test.ctl/whoami")

    func testAsPicksTheDevelopmentStaffCertificateOfTheTargetRegion() async throws {
        let desk = DevelopmentPKI.developmentStaffUser(.desk)
        let issued = await mesh.ctl("pki", "issue-staff", "--region", "gent", "--user", desk, "--role", "desk")
        XCTAssertEqual(issued.code, 0, issued.err)

        // A method for desk staff only: the operator is refused, `--as desk` is admitted as dev-desk.
        let server = try CtlTestMesh.server(home: mesh.home, service: "echo", instance: "2")
        server.register(Self.whoami, allow: .services([], staffRoles: ["desk"])) { _, context in
            WhoAmI(peer: context.peer.uri, roles: context.staff?.roles ?? [])
        }
        let port = try server.start()
        var catalog = MethodCatalog()
        catalog.add(Self.whoami)
        func call(_ extra: [String]) async throws -> (code: Int32, out: String, err: String) {
            let arguments = try Arguments(["gent/echo", Self.whoami.name, "--address", "127.0.0.1:\(port)", "--home", mesh.home.path] + extra,
                                          command: "call", options: CallCommand.options, switches: CallCommand.switches)
            let (output, captured) = TextOutput.capture()
            let code = try await CallCommand.run(arguments, environment: [:], output: output, catalog: catalog)
            return (code, captured.standardOutput, captured.standardError)
        }
        let asDesk = try await call(["--as", "desk"])
        XCTAssertEqual(asDesk.code, 0, asDesk.err)
        XCTAssertTrue(asDesk.out.contains("\"peer\" : \"samen://gent/staff/dev-desk\""), asDesk.out)
        XCTAssertTrue(asDesk.out.contains("\"desk\""), asDesk.out)
        let asOperator = try await call([])
        XCTAssertEqual(asOperator.code, 1)
        XCTAssertTrue(asOperator.err.contains("samen://gent/operator/tester may not call test.ctl/whoami"), asOperator.err)

        // Discovery admits every staff member (their samenctl finds services through it): `services --as desk`
        // reaches the registry with dev-desk's certificate.
        let services = await mesh.ctl("services", "--as", "desk")
        XCTAssertEqual(services.code, 0, services.err)
        await server.drain(grace: .milliseconds(100))
    }

    func testABrokenRoleCertificateSaysHowToIssueItAnew() async throws {
        let desk = mesh.home.staffCertificate(region: "gent", user: "dev-desk")
        try FileManager.default.createDirectory(atPath: mesh.home.staffDirectory(region: "gent"), withIntermediateDirectories: true)
        try "not a certificate".write(toFile: desk, atomically: true, encoding: .utf8)
        try "not a key".write(toFile: mesh.home.staffPrivateKey(region: "gent", user: "dev-desk"), atomically: true, encoding: .utf8)
        let result = await mesh.ctl("services", "--as", "desk")
        XCTAssertEqual(result.code, 2)
        XCTAssertTrue(result.err.contains("cannot load the certificate \(desk)"), result.err)
        XCTAssertTrue(result.err.contains("samenctl pki issue-staff --home \(mesh.home.path) --region gent --user dev-desk --role desk --force"),
                      result.err)
    }

    func testAMissingRoleCertificateNamesTheFileAndTheCommandThatMakesIt() async {
        let result = await mesh.ctl("services", "--as", "dpo")
        XCTAssertEqual(result.code, 2)
        XCTAssertTrue(result.err.contains(mesh.home.staffCertificate(region: "gent", user: "dev-dpo")), result.err)
        XCTAssertTrue(result.err.contains("samenctl pki issue-staff --home \(mesh.home.path) --region gent --user dev-dpo --role dpo"), result.err)
    }

    func testAnUnknownRoleOrTwoCertificateChoicesAreUsageErrors() async {
        let unknown = await mesh.ctl("services", "--as", "clerk")
        XCTAssertEqual(unknown.code, 2)
        XCTAssertTrue(unknown.err.contains("--as 'clerk' is not a staff role; the roles are desk, counsellor"), unknown.err)
        let both = await mesh.ctl("services", "--as", "desk", "--cert", "a.pem", "--key", "a-key.pem")
        XCTAssertEqual(both.code, 2)
        XCTAssertTrue(both.err.contains("--as and --cert/--key"), both.err)
    }
}

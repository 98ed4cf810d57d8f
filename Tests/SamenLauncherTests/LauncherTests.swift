import Foundation
#if canImport(Glibc)
import Glibc
#endif
import SamenAgencyKit
import SamenCtl
import SamenHost
@testable import SamenLauncher
import SamenTestSupport
import SamenTLS
import XCTest

final class LauncherTests: XCTestCase {
    private var folder: String!
    private var launcher: Subprocess?

    override func setUp() {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("samen-up-\(UUID().uuidString.prefix(8))").path
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    override func tearDown() async throws {
        // Never leave a mesh behind, whatever failed: its children follow the launcher out by themselves.
        if let launcher, launcher.process.isRunning {
            kill(launcher.pid, SIGKILL)
            _ = await launcher.wait(timeout: .seconds(5))
        }
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// A running `samen up` for gent and antwerpen in this test's folder, once `samenctl health --all-regions` passes.
    private struct RunningMesh {
        let up: Subprocess
        let home: String
        let samenctl: String
        let base: Int
        /// The passing `health --all-regions` output.
        let health: String
    }

    /// Starts the mesh and waits until it is healthy; nil (the failure already recorded) if it never gets there.
    private func startTwoRegionMesh(_ extra: [String] = []) async throws -> RunningMesh? {
        let samen = try BuiltProducts.path("samen")
        let samenctl = try BuiltProducts.path("samenctl")
        let home = "\(folder!)/home"
        let base = freeBasePort(regions: 2)
        let up = try Subprocess(samen, ["up", "--home", home, "--regions", "gent,antwerpen", "--base-port", "\(base)"] + extra,
                                folder: folder, name: "samen-up")
        launcher = up
        // Healthy: samenctl, as a separate process, sees both regions' registries passing.
        var health = (Int32?(nil), "")
        let healthy = await eventually(timeout: .seconds(90), every: .milliseconds(500), "samen up said:\n\(up.output)\nhealth said:\n\(health.1)") {
            health = (try? await Subprocess.run(samenctl, ["health", "--all-regions", "--home", home], folder: self.folder)) ?? (nil, "")
            return health.0 == 0
        }
        return healthy ? RunningMesh(up: up, home: home, samenctl: samenctl, base: base, health: health.1) : nil
    }

    func testServiceCatalogStartsWithTheRegistry() {
        XCTAssertEqual(ServiceCatalog.names.first, "registry")
        XCTAssertNotNil(ServiceCatalog.program(named: "registry"))
    }

    func testPortLayoutPutsEachRegionHundredPortsApart() throws {
        let plan = try Up.plan(regions: ["gent", "antwerpen", "brugge"], basePort: 7100)
        XCTAssertEqual(plan.filter { $0.service == "registry" }.map(\.endpoint.description),
                       ["127.0.0.1:7100", "127.0.0.1:7200", "127.0.0.1:7300"])
    }

    func testUpBringsTwoRegionsUpRestartsAKilledChildAndStopsCleanly() async throws {
        guard let running = try await startTwoRegionMesh() else { return }
        let (up, home, samenctl, base) = (running.up, running.home, running.samenctl, running.base)
        let health = (Int32(0), running.health)
        let rows = health.1.split(separator: "\n").filter { $0.hasPrefix("registry") }
        XCTAssertTrue(rows.contains { $0.contains("gent") && $0.contains("127.0.0.1:\(base)") && $0.contains("passing") }, health.1)
        XCTAssertTrue(rows.contains { $0.contains("antwerpen") && $0.contains("127.0.0.1:\(base + 100)") && $0.contains("passing") }, health.1)
        await eventually(timeout: .seconds(10), "samen up said:\n\(up.output)") { up.output.contains("samenctl health") }
        XCTAssertTrue(FileManager.default.fileExists(atPath: "\(home)/logs/gent/registry.log"))
        let mesh = try MeshDescription.load(from: MeshHome(path: home))
        XCTAssertEqual(mesh.regions.map(\.name), ["gent", "antwerpen"])
        assertOwnerOnly(home)
        try await assertDevelopmentStaff(home, samenctl: samenctl)

        // One child per service and region, each `samen serve <service>`.
        let children = childProcesses(of: up.pid)
        XCTAssertEqual(children.count, 2 * ServiceCatalog.names.count, "\(children)")
        XCTAssertEqual(Set(children.values.map { Array($0.dropFirst().prefix(2)) }), Set(ServiceCatalog.names.map { ["serve", $0] }), "\(children)")
        let gent = try XCTUnwrap(children.first { isRegistry($0.value, of: "gent") }?.key)
        var seen = Set(children.keys)

        // A child killed with SIGKILL comes back, and the mesh is healthy again.
        XCTAssertEqual(kill(gent, SIGKILL), 0)
        await eventually(timeout: .seconds(30), "samen up said:\n\(up.output)") {
            let now = childProcesses(of: up.pid)
            return now.count == 2 * ServiceCatalog.names.count && !now.keys.contains(gent)
        }
        seen.formUnion(childProcesses(of: up.pid).keys)
        XCTAssertTrue(up.output.contains("gent/registry was killed by signal 9; restarting"), up.output)
        await eventually(timeout: .seconds(30), every: .milliseconds(300)) {
            (try? await Subprocess.run(samenctl, ["health", "--all-regions", "--home", home], folder: folder).0) == 0
        }

        // SIGTERM stops every child and exits 0.
        XCTAssertEqual(kill(up.pid, SIGTERM), 0)
        let status = await up.wait(timeout: .seconds(40))
        XCTAssertEqual(status, 0, up.output)
        XCTAssertEqual(up.process.terminationReason, .exit)
        XCTAssertTrue(up.output.contains("samen: stopped"), up.output)
        XCTAssertFalse(up.output.contains("were killed"), "every child drained and exited by itself: \(up.output)")
        for pid in seen {
            XCTAssertFalse(processIsAlive(pid), "child \(pid) outlived samen up")
        }
        let after = try await Subprocess.run(samenctl, ["health", "--all-regions", "--home", home], folder: folder)
        XCTAssertEqual(after.0, 2, "registry gone after the stop: \(after.1)")
        XCTAssertTrue(after.1.contains("samen up"), after.1)
    }

    /// `samen up --demo` loads the demo into both regions once they are healthy; `samenctl demo` afterwards finds
    /// it all there and adds nothing.
    func testUpWithDemoLoadsTheDemoOnceAndSamenctlDemoAddsNothing() async throws {
        guard let running = try await startTwoRegionMesh(["--demo"]) else { return }
        let up = running.up
        await eventually(timeout: .seconds(60), every: .milliseconds(300), "samen up said:\n\(up.output)") {
            up.output.contains("samenctl audit intake") || up.output.contains("did not load")
        }
        func regionLines(_ text: String) -> [String] {
            text.split(separator: "\n").map(String.init).filter { $0.hasPrefix("  gent:") || $0.hasPrefix("  antwerpen:") }
        }
        let loaded = regionLines(up.output)
        XCTAssertEqual(loaded.count, 2, up.output)
        XCTAssertTrue(loaded.allSatisfy { $0.contains(": 20 registrations") && $0.contains("(30 new)") }, up.output)
        let again = try await Subprocess.run(running.samenctl, ["demo", "--home", running.home], folder: folder)
        XCTAssertEqual(again.0, 0, again.1)
        XCTAssertEqual(regionLines(again.1), loaded.map { $0.replacingOccurrences(of: "(30 new)", with: "(0 new)") }, again.1)
        XCTAssertEqual(kill(up.pid, SIGTERM), 0)
        let status = await up.wait(timeout: .seconds(40))
        XCTAssertEqual(status, 0, up.output)
    }

    func testADrainedRegistryExitsAndIsStartedAgain() async throws {
        guard let mesh = try await startTwoRegionMesh() else { return }
        let (up, home, samenctl) = (mesh.up, mesh.home, mesh.samenctl)
        let before = childProcesses(of: up.pid)
        let gent = try XCTUnwrap(before.first { isRegistry($0.value, of: "gent") }?.key)

        // Antwerpen's operator may not drain gent's registry: administrative methods are same-region only.
        let foreign = try await Subprocess.run(samenctl, ["drain", "gent/registry/1", "--home", home,
                                                          "--cert", "\(home)/pki/antwerpen/operator.pem",
                                                          "--key", "\(home)/pki/antwerpen/operator-key.pem"], folder: folder)
        XCTAssertEqual(foreign.0, 1, foreign.1)
        XCTAssertTrue(foreign.1.contains("permission") || foreign.1.contains("refused"), foreign.1)
        XCTAssertTrue(processIsAlive(gent))

        // The operator's drain reaches the registry over RPC: it deregisters itself, drains and exits by itself.
        let drain = try await Subprocess.run(samenctl, ["drain", "gent/registry/1", "--home", home], folder: folder)
        XCTAssertEqual(drain.0, 0, drain.1)
        XCTAssertTrue(drain.1.contains("draining samen://gent/registry/1"), drain.1)
        await eventually(timeout: .seconds(30), "samen up said:\n\(up.output)") { !processIsAlive(gent) }
        await eventually(timeout: .seconds(10), "samen up said:\n\(up.output)") {
            up.output.contains("gent/registry exited with status 0; restarting")
        }

        // samen up starts it again, and both regions are healthy again.
        await eventually(timeout: .seconds(30), "samen up said:\n\(up.output)") {
            let now = childProcesses(of: up.pid)
            return now.count == 2 * ServiceCatalog.names.count && !now.keys.contains(gent)
        }
        var health = (Int32?(nil), "")
        await eventually(timeout: .seconds(30), every: .milliseconds(300), "health said:\n\(health.1)") {
            health = (try? await Subprocess.run(samenctl, ["health", "--home", home], folder: folder)) ?? (nil, "")
            return health.0 == 0
        }
        XCTAssertTrue(health.1.split(separator: "\n").contains { $0.hasPrefix("registry") && $0.contains("gent") && $0.contains("passing") },
                      health.1)
        await eventually(timeout: .seconds(30), every: .milliseconds(300)) {
            (try? await Subprocess.run(samenctl, ["health", "--all-regions", "--home", home], folder: folder).0) == 0
        }

        XCTAssertEqual(kill(up.pid, SIGTERM), 0)
        let status = await up.wait(timeout: .seconds(40))
        XCTAssertEqual(status, 0, up.output)
    }

    func testChildrenDoNotOutliveAKilledLauncher() async throws {
        guard let mesh = try await startTwoRegionMesh() else { return }
        let up = mesh.up
        let children = Array(childProcesses(of: up.pid).keys)
        XCTAssertEqual(children.count, 2 * ServiceCatalog.names.count)

        // SIGKILL gives the launcher no chance to stop anything: the children notice they were orphaned and leave.
        XCTAssertEqual(kill(up.pid, SIGKILL), 0)
        _ = await up.wait(timeout: .seconds(10))
        await eventually(timeout: .seconds(30), "children still alive: \(children.filter(processIsAlive))") {
            children.allSatisfy { !processIsAlive($0) }
        }
    }

    func testATakenPortIsReportedWithAnAlternative() async throws {
        let samen = try BuiltProducts.path("samen")
        let base = freeBasePort(regions: 2)
        // Occupy gent's registry port.
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = in_port_t(UInt16(base).bigEndian)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        XCTAssertEqual(bound, 0)
        XCTAssertEqual(listen(fd, 1), 0)

        let (status, output) = try await Subprocess.run(samen, ["up", "--home", "\(folder!)/home", "--base-port", "\(base)"], folder: folder)
        XCTAssertEqual(status, 1, output)
        XCTAssertTrue(output.contains("port \(base)"), output)
        XCTAssertTrue(output.contains("already in use"), output)
        XCTAssertTrue(output.contains("--base-port"), output)
    }

    func testServeRefusesUnknownServicesAndBadFlags() async throws {
        let samen = try BuiltProducts.path("samen")
        let unknown = try await Subprocess.run(samen, ["serve", "nope"], folder: folder)
        XCTAssertEqual(unknown.0, 2)
        XCTAssertTrue(unknown.1.contains("registry"), unknown.1)
        let badFlags = try await Subprocess.run(samen, ["serve", "registry", "--region"], folder: folder)
        XCTAssertEqual(badFlags.0, 2)
        XCTAssertTrue(badFlags.1.contains("--region needs a value"), badFlags.1)
    }

    /// One staff member per role and region, `dev-<role>` holding that role, whom the running mesh knows as such.
    private func assertDevelopmentStaff(_ home: String, samenctl: String, file: StaticString = #filePath, line: UInt = #line) async throws {
        let meshHome = MeshHome(path: home)
        for region in ["gent", "antwerpen"] {
            for role in StaffRole.allCases {
                let certificate = meshHome.staffCertificate(region: region, user: "dev-\(role.rawValue)")
                let names = try SubjectAlternativeNames(certificatePEM: String(contentsOfFile: certificate, encoding: .utf8))
                XCTAssertEqual(names.uris, ["samen://\(region)/staff/dev-\(role.rawValue)", "samen-role:\(role.rawValue)"], file: file, line: line)
                XCTAssertTrue(FileManager.default.fileExists(atPath: meshHome.staffPrivateKey(region: region, user: "dev-\(role.rawValue)")),
                              file: file, line: line)
            }
        }
        // `--as desk` reaches intake with dev-desk's certificate, which its desk methods admit and an analyst's does not.
        let list = ["call", "gent/intake", "intake/persons.list", "--json", "{}", "--home", home]
        var asDesk = (Int32?(nil), "")
        await eventually(timeout: .seconds(30), every: .milliseconds(300), "samenctl said:\n\(asDesk.1)", file: file, line: line) {
            asDesk = (try? await Subprocess.run(samenctl, list + ["--as", "desk"], folder: folder)) ?? (nil, "")
            return asDesk.0 == 0
        }
        XCTAssertTrue(asDesk.1.contains("\"persons\""), asDesk.1, file: file, line: line)
        let asAnalyst = try await Subprocess.run(samenctl, list + ["--as", "analyst"], folder: folder)
        XCTAssertNotEqual(asAnalyst.0, 0, asAnalyst.1, file: file, line: line)
        XCTAssertTrue(asAnalyst.1.contains("permission_denied") && asAnalyst.1.contains("samen://gent/staff/dev-analyst"), asAnalyst.1,
                      file: file, line: line)
    }

    /// Every folder of the mesh home is 0700 and every file 0600, certificates (0644, public) aside: data and logs
    /// will hold personal data. The SQLite -wal and -shm files are among them.
    private func assertOwnerOnly(_ home: String, file: StaticString = #filePath, line: UInt = #line) {
        guard let enumerator = FileManager.default.enumerator(atPath: home) else { return XCTFail("cannot list \(home)") }
        var seen: [String] = []
        for case let relative as String in enumerator {
            let path = "\(home)/\(relative)"
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else { continue }  // a file just rotated away
            let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue ?? -1
            let isFolder = attributes[.type] as? FileAttributeType == .typeDirectory
            // A staff certificate names a person: 0600 like the data.
            let isCertificate = relative.hasSuffix(".pem") && !relative.hasSuffix("-key.pem") && !relative.contains("/staff/")
            let expected = isFolder ? 0o700 : isCertificate ? 0o644 : 0o600
            XCTAssertEqual(mode, expected, "\(relative) has mode \(String(mode, radix: 8))", file: file, line: line)
            seen.append(relative)
        }
        for expected in ["mesh.json", "logs/gent/registry.log", "data/gent", "pki/ca-key.pem", "pki/gent/operator-key.pem"] {
            XCTAssertTrue(seen.contains(expected), "\(expected) not among \(seen)", file: file, line: line)
        }
        XCTAssertTrue(seen.contains { $0.hasSuffix(".sqlite-wal") } && seen.contains { $0.hasSuffix(".sqlite-shm") }, "\(seen)",
                      file: file, line: line)
    }
}

/// Whether a child's command line is `samen serve registry ... --region <region>`.
private func isRegistry(_ arguments: [String], of region: String) -> Bool {
    Array(arguments.dropFirst().prefix(2)) == ["serve", "registry"]
        && (arguments.firstIndex(of: "--region").map { $0 + 1 < arguments.count && arguments[$0 + 1] == region } ?? false)
}

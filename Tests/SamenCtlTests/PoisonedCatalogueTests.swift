import Foundation
@testable import RegistryService
import SamenContracts
@testable import SamenCtl
import SamenRPC
import SamenStorage
import SamenTestSupport
import XCTest

/// `samenctl health` keeps working when the registry's file holds a row nothing can read back, and when another
/// region's registry answers with bad data: the rest is shown, and the bad region is that region's warning.
final class PoisonedCatalogueTests: XCTestCase {
    func testHealthAllRegionsWorksWithAPoisonedRowAndABadPeer() async throws {
        let antwerpenPort = freePort()
        let mesh = try await CtlTestMesh.make(peers: ["antwerpen": [Endpoint(host: "127.0.0.1", port: antwerpenPort)]]) { path in
            // The row a registered 'a]:b' address once left behind, as if written by an earlier registry.
            let file = try CatalogueStore.open(path: path)
            defer { file.close() }
            let now = Date().timeIntervalSince1970
            try await file.write { connection in
                _ = try connection.run("""
                    INSERT INTO instances (service, region, instance, address, version, metadata, health, ttl_seconds,
                                           registered_at, last_heartbeat_at)
                    VALUES ('poison', 'gent', '1', '[a]:b]:1', '1', '{}', 'passing', 10, ?, ?)
                    """, [.real(now), .real(now)])
            }
        }
        let antwerpen = try CtlTestMesh.server(home: mesh.home, service: "registry", region: "antwerpen", port: antwerpenPort)
        BadPeerRegistry.register(on: antwerpen, region: "antwerpen", fault: .unparsableAddress)
        try antwerpen.start()

        let own = await mesh.ctl("health")
        XCTAssertEqual(own.code, 0, own.out + own.err)
        XCTAssertFalse(own.out.contains("poison"), own.out)

        let all = await mesh.ctl("health", "--all-regions")
        XCTAssertEqual(all.code, 1, "a region is missing: \(all.out + all.err)")
        let rows = all.out.split(separator: "\n").dropFirst()
        XCTAssertEqual(rows.count, 2, all.out)
        XCTAssertTrue(rows.contains { $0.hasPrefix("echo") && $0.contains("passing") }, all.out)
        XCTAssertTrue(rows.contains { $0.hasPrefix("registry") && $0.contains("gent") && $0.contains("passing") }, all.out)
        XCTAssertTrue(all.err.contains("the registry of region antwerpen did not answer usably"), all.err)
        XCTAssertTrue(all.err.contains("'address'"), all.err)

        let services = await mesh.ctl("services", "--all-regions")
        XCTAssertTrue(services.out.contains("echo"), services.out + services.err)
        XCTAssertTrue(services.err.contains("antwerpen"), services.err)

        await antwerpen.drain(grace: .milliseconds(100))
        await mesh.shutdown()
    }

    /// A hand-edited mesh.json with a region that would lead outside the home, or an address that cannot be read
    /// back, is refused naming the file and the field; `--registry` still works without it.
    func testABadMeshFileIsReportedAndRegistryFlagStillWorks() async throws {
        let mesh = try await CtlTestMesh.make()
        let bad = [
            (#"{"regions":[{"name":"../../etc","registry":"\#(mesh.registryEndpoint)","services":{}}]}"#, "region '../../etc'"),
            (#"{"regions":[{"name":"gent","registry":"a]:b:1","services":{}}]}"#, "field 'address'"),
            (#"{"regions":[{"name":"gent","registry":"\#(mesh.registryEndpoint)","services":{"Echo/..":"127.0.0.1:1"}}]}"#, "service 'Echo/..'"),
        ]
        for (text, expected) in bad {
            try Data(text.utf8).write(to: URL(fileURLWithPath: mesh.home.meshFile))
            let result = await mesh.ctl("health")
            XCTAssertEqual(result.code, 2, result.out + result.err)
            XCTAssertTrue(result.err.contains("mesh.json is not a valid mesh description"), result.err)
            XCTAssertTrue(result.err.contains(expected), result.err)
            let direct = await mesh.ctl("health", "--registry", mesh.registryEndpoint.description)
            XCTAssertEqual(direct.code, 0, direct.out + direct.err)
        }
        await mesh.shutdown()
    }

    func testRegionWarningsAreSafeForATerminal() {
        XCTAssertEqual(TextOutput.printable("bad\u{1B}[31mred\u{7}"), "bad?[31mred?")
        // Table cells (versions and names an instance reports) and region warnings go through it.
        let (output, captured) = TextOutput.capture()
        Table(headers: ["VERSION"], rows: [[.init("1.0\u{1B}]0;owned\u{7}")]]).render(output)
        RegionWarnings.print(CatalogResponse(instances: [], unreachableRegions: ["x"], regionErrors: ["x": "\u{1B}[2J"]), output: output)
        XCTAssertFalse((captured.standardOutput + captured.standardError).contains("\u{1B}"))
        XCTAssertTrue(captured.standardOutput.contains("1.0?]0;owned?"), captured.standardOutput)
    }
}

import Foundation
import SamenContracts
import SamenCtl
import SamenRPC
import SamenTestSupport
import XCTest

final class HealthCommandTests: XCTestCase {
    private var mesh: CtlTestMesh!

    override func setUp() async throws {
        mesh = try await CtlTestMesh.make()
    }

    override func tearDown() async throws {
        await mesh.shutdown()
    }

    func testHealthyMeshExitsZeroAndListsEveryInstance() async {
        let result = await mesh.ctl("health")
        XCTAssertEqual(result.code, 0, result.out + result.err)
        let lines = result.out.split(separator: "\n")
        XCTAssertEqual(lines.first?.split(separator: " ", omittingEmptySubsequences: true).map(String.init),
                       ["SERVICE", "REGION", "INSTANCE", "ADDRESS", "STATUS", "LATENCY", "VERSION", "UPTIME"])
        XCTAssertEqual(lines.count, 3, result.out)
        XCTAssertTrue(lines.contains { $0.hasPrefix("echo") && $0.contains("passing") && $0.contains(mesh.echoEndpoint.description) && $0.contains(" ms") },
                      result.out)
        XCTAssertTrue(lines.contains { $0.hasPrefix("registry") && $0.contains("passing") }, result.out)
        XCTAssertEqual(result.err, "")
        XCTAssertFalse(result.out.contains("\u{1B}["), "no colour when not on a terminal")
    }

    func testCriticalInstanceExitsOne() async throws {
        // echo/1 registered with a 10 s lease and never heartbeats; 30 s on, the registry reports it critical.
        try await mesh.advanceClock(by: 30)
        let result = await mesh.ctl("health")
        XCTAssertEqual(result.code, 1, result.out + result.err)
        XCTAssertTrue(result.out.split(separator: "\n").contains { $0.hasPrefix("echo") && $0.contains("critical") }, result.out)
        XCTAssertTrue(result.err.contains("gent/echo/1"), result.err)
    }

    func testUnreachableInstanceExitsOneAndSaysWhatToCheck() async throws {
        let dead = Endpoint(host: "127.0.0.1", port: freePort())
        try await mesh.register("echo", instance: "2", address: dead)
        let result = await mesh.ctl("health", "echo")
        XCTAssertEqual(result.code, 1, result.out + result.err)
        let rows = result.out.split(separator: "\n").dropFirst()
        XCTAssertEqual(rows.count, 2, "only echo instances: \(result.out)")
        XCTAssertTrue(rows.contains { $0.contains(dead.description) && $0.contains("unreachable") }, result.out)
        XCTAssertTrue(rows.contains { $0.contains(mesh.echoEndpoint.description) && $0.contains("passing") }, result.out)
        XCTAssertTrue(result.err.contains("log"), result.err)
    }

    func testDrainingInstanceIsNotPassingAndExitsOne() async throws {
        let draining = try CtlTestMesh.server(home: mesh.home, service: "echo", instance: "3")
        let port = try draining.start()
        try await mesh.register("echo", instance: "3", address: Endpoint(host: "127.0.0.1", port: port))
        // A draining server answers not_serving on connections it already has and refuses new ones (unreachable).
        let drain = Task { await draining.drain(grace: .seconds(30)) }
        await eventually { draining.isDraining }
        let result = await mesh.ctl("health", "--json")
        drain.cancel()
        let objects = jsonObjects(result.out)
        let status = objects.first { ($0["address"] as? String) == "127.0.0.1:\(port)" }?["status"] as? String
        // The drain may have closed the server already; either way it is not passing and the exit code says so.
        XCTAssertTrue(status == "not_serving" || status == "unreachable", "\(status ?? "missing")")
        XCTAssertEqual(result.code, 1)
    }

    func testUnreachableRegistryExitsTwoWithAHint() async {
        let result = await mesh.ctl("health", "--registry", "127.0.0.1:\(freePort())")
        XCTAssertEqual(result.code, 2, result.out + result.err)
        XCTAssertTrue(result.err.contains("cannot reach the registry"), result.err)
        XCTAssertTrue(result.err.contains("samen up"), result.err)
        XCTAssertEqual(result.out, "")
    }

    func testJSONHasTheDocumentedFields() async {
        let result = await mesh.ctl("health", "--json")
        XCTAssertEqual(result.code, 0, result.err)
        let objects = jsonObjects(result.out)
        XCTAssertEqual(objects.count, 2)
        for object in objects {
            XCTAssertEqual(Set(object.keys), ["service", "region", "instance", "address", "status", "latency_ms", "version", "uptime_seconds"])
            XCTAssertEqual(object["status"] as? String, "passing")
            XCTAssertNotNil(object["latency_ms"] as? Double)
            XCTAssertNotNil(object["uptime_seconds"] as? Double)
        }
        let echo = objects.first { $0["service"] as? String == "echo" }
        XCTAssertEqual(echo?["address"] as? String, mesh.echoEndpoint.description)
        XCTAssertEqual(echo?["region"] as? String, "gent")
        XCTAssertEqual(echo?["instance"] as? String, "1")
        XCTAssertEqual(echo?["version"] as? String, "test")
    }

    func testAddressModeChecksOneServerWithoutTheRegistry() async {
        // Even with mesh.json pointing nowhere, --address needs only the certificates.
        try? FileManager.default.removeItem(atPath: mesh.home.meshFile)
        let serving = await mesh.ctl("health", "--address", mesh.echoEndpoint.description, "--service", "echo")
        XCTAssertEqual(serving.code, 0, serving.err)
        XCTAssertTrue(serving.out.contains("passing"), serving.out)

        let wrongService = await mesh.ctl("health", "--address", mesh.echoEndpoint.description, "--service", "intake")
        XCTAssertEqual(wrongService.code, 1, wrongService.out + wrongService.err)

        let nobody = await mesh.ctl("health", "--address", "127.0.0.1:\(freePort())")
        XCTAssertEqual(nobody.code, 2, nobody.out + nobody.err)
        XCTAssertTrue(nobody.out.contains("unreachable"), nobody.out)
    }

    func testMissingHomeSaysToInitialise() async {
        let result = await CtlTestMesh.ctl(["health", "--home", "/nonexistent/samen-\(UUID().uuidString)"])
        XCTAssertEqual(result.code, 2)
        XCTAssertTrue(result.err.contains("samenctl pki init"), result.err)
    }
}

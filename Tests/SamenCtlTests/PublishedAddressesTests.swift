import Foundation
import SamenRPC
import XCTest

/// `mesh.json`'s `published` map, as compose writes it for operators: instances advertise names only a container
/// network resolves, and samenctl on the host reaches them through the published ports.
final class PublishedAddressesTests: XCTestCase {
    private var mesh: CtlTestMesh!
    /// A name this machine does not resolve, as `intake-gent` is not resolved outside the compose network.
    private let advertised = "echo-gent.invalid:7101"
    private let advertisedRegistry = "registry-gent.invalid:7100"

    override func setUp() async throws {
        mesh = try await CtlTestMesh.make()
        try await mesh.register("echo", instance: "2", address: Endpoint(advertised))
    }

    override func tearDown() async throws {
        await mesh.shutdown()
    }

    private func writeMesh(published: [String: String]) throws {
        let object: [String: Any] = ["regions": [["name": "gent", "registry": advertisedRegistry]], "published": published]
        try JSONSerialization.data(withJSONObject: object).write(to: URL(fileURLWithPath: mesh.home.meshFile))
    }

    func testWithoutTheMapTheAdvertisedNameIsUnreachable() async throws {
        try writeMesh(published: [:])
        let result = await mesh.ctl("health", "echo", "--registry", mesh.registryEndpoint.description)
        XCTAssertEqual(result.code, 1, result.out + result.err)
        XCTAssertTrue(result.out.split(separator: "\n").contains { $0.contains(advertised) && $0.contains("unreachable") }, result.out)
    }

    func testHealthReachesAdvertisedNamesThroughTheirPublishedAddresses() async throws {
        try writeMesh(published: [advertised: mesh.echoEndpoint.description, advertisedRegistry: mesh.registryEndpoint.description])
        // The registry named in mesh.json is itself an advertised name.
        let result = await mesh.ctl("health", "echo")
        XCTAssertEqual(result.code, 0, result.out + result.err)
        let rows = result.out.split(separator: "\n").dropFirst()
        XCTAssertEqual(rows.count, 2, result.out)
        // Rows keep the address the mesh advertises: that is what its own services use.
        XCTAssertTrue(rows.contains { $0.contains(advertised) && $0.contains("passing") }, result.out)

        let direct = await mesh.ctl("health", "--address", advertisedRegistry, "--service", "registry")
        XCTAssertEqual(direct.code, 0, direct.out + direct.err)
    }

    func testAMalformedMapStopsTheCommandNamingTheField() async throws {
        try writeMesh(published: ["not an address": mesh.echoEndpoint.description])
        let result = await mesh.ctl("health", "--registry", mesh.registryEndpoint.description)
        XCTAssertEqual(result.code, 2, result.out + result.err)
        XCTAssertTrue(result.err.contains("published") && result.err.contains("not an address"), result.err)

        try writeMesh(published: [advertised: "127.0.0.1:99999"])
        let port = await mesh.ctl("health", "--registry", mesh.registryEndpoint.description)
        XCTAssertEqual(port.code, 2, port.out + port.err)
        XCTAssertTrue(port.err.contains("published"), port.err)
    }
}

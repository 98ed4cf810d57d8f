import SamenRPC
import SamenTLS
import SamenTestSupport
import XCTest

final class RoundTripTests: XCTestCase {
    func testUnaryEchoAndHealth() async throws {
        let mesh = try TestMesh()
        let server = RPCServer(configuration: try mesh.serverConfiguration())
        server.register(TestAPI.echo, allow: .anyAuthenticated) { request, _ in request }
        let port = try server.start()
        let client = try mesh.client(port: port)
        let reply = try await client.call(TestAPI.echo, TestMessage(text: "hallo Gent", bytes: [1, 2, 3]))
        XCTAssertEqual(reply, TestMessage(text: "hallo Gent", bytes: [1, 2, 3]))
        let health = try await client.call(Health.check, HealthCheckRequest())
        XCTAssertEqual(health.status, .serving)
        XCTAssertEqual(health.service, "echo")
        XCTAssertEqual(health.region, "gent")
        XCTAssertEqual(health.version, "test")
        await client.close()
        await server.drain()
    }
}

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

    /// A host name (not an IP literal) is resolved off the event loop, once, and the connection uses that address.
    func testConnectsByHostName() async throws {
        let mesh = try TestMesh()
        let server = RPCServer(configuration: try mesh.serverConfiguration())
        server.register(TestAPI.echo, allow: .anyAuthenticated) { request, _ in request }
        let port = try server.start()
        let client = try mesh.client(port: port) { $0.endpoint = Endpoint(host: "localhost", port: port) }
        let reply = try await client.call(TestAPI.echo, TestMessage(text: "by name"))
        XCTAssertEqual(reply.text, "by name")
        let unknown = try mesh.client(port: port) { $0.endpoint = Endpoint(host: "no-such-host.invalid", port: port) }
        let error = await assertRPCError(.unavailable) { try await unknown.call(TestAPI.echo, TestMessage(text: "x")) }
        XCTAssertTrue(error?.message.contains("cannot resolve host 'no-such-host.invalid'") ?? false, error?.message ?? "")
        await client.close()
        await server.drain()
    }
}

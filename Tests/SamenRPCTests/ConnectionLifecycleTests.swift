import Foundation
import SamenRPC
import SamenTLS
import SamenTestSupport
import XCTest

final class ConnectionLifecycleTests: XCTestCase {
    /// A server with the echo and sleep methods, not started.
    private func makeServer(_ mesh: TestMesh) throws -> RPCServer {
        let server = RPCServer(configuration: try mesh.serverConfiguration())
        server.register(TestAPI.sleep, allow: .anyAuthenticated) { request, _ in
            try await Task.sleep(for: .milliseconds(request.milliseconds))
            return TestMessage(text: request.text)
        }
        server.register(TestAPI.echo, allow: .anyAuthenticated) { request, _ in request }
        return server
    }

    func testDrainLetsCallsInFlightFinishAndRefusesNewOnes() async throws {
        let mesh = try TestMesh()
        let server = try makeServer(mesh)
        let port = try server.start()
        let client = try mesh.client(port: port)
        _ = try await client.call(TestAPI.echo, TestMessage(text: "warm up"))

        let slow = Task { try await client.call(TestAPI.sleep, SleepRequest(milliseconds: 400, text: "finished during drain")) }
        await eventually { server.callsInFlight == 1 }
        let drain = Task { await server.drain(grace: .seconds(5)) }
        await eventually { server.isDraining }
        // The in-flight call completes normally.
        let reply = try await slow.value
        XCTAssertEqual(reply.text, "finished during drain")
        await drain.value
        // Afterwards nothing listens: a new call fails with unavailable.
        await assertRPCError(.unavailable) { try await client.call(TestAPI.echo, TestMessage(text: "too late")) }
    }

    func testDrainCancelsCallsThatOutliveTheGracePeriod() async throws {
        let mesh = try TestMesh()
        let server = try makeServer(mesh)
        let port = try server.start()
        let client = try mesh.client(port: port)
        let stuck = Task { try await client.call(TestAPI.sleep, SleepRequest(milliseconds: 20_000, text: "never")) }
        await eventually { server.callsInFlight == 1 }
        await server.drain(grace: .milliseconds(200))
        do {
            _ = try await stuck.value
            XCTFail("a call cut off by the drain must fail")
        } catch let error as RPCError {
            XCTAssertEqual(error.status, .unavailable)
        }
        XCTAssertEqual(server.callsInFlight, 0)
    }

    func testHealthReportsNotServingWhileDraining() async throws {
        let mesh = try TestMesh()
        let server = try makeServer(mesh)
        let port = try server.start()
        let client = try mesh.client(port: port)
        let health = try await client.call(Health.check, HealthCheckRequest(service: "echo"))
        XCTAssertEqual(health.status, .serving)
        await assertRPCError(.notFound) { try await client.call(Health.check, HealthCheckRequest(service: "intake")) }
        // Keep the drain open with a slow call, and ask a second, fresh client during it: new connections
        // are no longer accepted, so that one is refused outright.
        let slow = Task { try await client.call(TestAPI.sleep, SleepRequest(milliseconds: 500, text: "x")) }
        await eventually { server.callsInFlight == 1 }
        let drain = Task { await server.drain(grace: .seconds(5)) }
        await eventually { server.isDraining }
        let late = try mesh.client(port: port)
        await assertRPCError(.unavailable) { try await late.call(Health.check, HealthCheckRequest()) }
        _ = try await slow.value
        await drain.value
    }

    func testOperatorCanDrainThroughAdminMethodButServicesCannot() async throws {
        let mesh = try TestMesh()
        let server = RPCServer(configuration: try mesh.serverConfiguration())
        let port = try server.start()
        let intake = try mesh.client(port: port, as: "intake")
        await assertRPCError(.permissionDenied) { try await intake.call(Admin.drain, DrainRequest()) }
        XCTAssertFalse(server.isDraining)
        let admin = try mesh.client(port: port, as: "operator")
        _ = try await admin.call(Admin.drain, DrainRequest(graceSeconds: 1))
        await eventually { server.isDraining }
        await server.waitUntilStopped()
    }

    func testDeadPeerIsDetectedByKeepalive() async throws {
        let mesh = try TestMesh()
        let server = try makeServer(mesh)
        let port = try server.start()
        let proxy = try FreezableProxy(targetPort: port)
        defer { proxy.stop() }
        let client = try mesh.client(port: proxy.port) {
            $0.keepaliveInterval = .milliseconds(100)
            $0.keepaliveTimeout = .milliseconds(300)
            $0.defaultTimeout = .seconds(60)
        }
        _ = try await client.call(TestAPI.echo, TestMessage(text: "through the proxy"))
        let pending = Task { try await client.call(TestAPI.sleep, SleepRequest(milliseconds: 30_000, text: "x")) }
        try await Task.sleep(for: .milliseconds(50))
        proxy.freeze()
        do {
            _ = try await pending.value
            XCTFail("the call must fail once the peer is found dead")
        } catch let error as RPCError {
            XCTAssertEqual(error.status, .unavailable)
            XCTAssertTrue(error.message.contains("did not answer a keep-alive PING"), error.message)
        }
        await server.drain(grace: .milliseconds(100))
    }

    func testClientReconnectsWithBackoffAfterServerRestart() async throws {
        let mesh = try TestMesh()
        let configuration = try mesh.serverConfiguration()
        let first = RPCServer(configuration: configuration)
        first.register(TestAPI.echo, allow: .anyAuthenticated) { request, _ in request }
        let port = try first.start()
        let client = try mesh.client(port: port)
        _ = try await client.call(TestAPI.echo, TestMessage(text: "one"))
        await first.drain(grace: .milliseconds(100))

        let down = await assertRPCError(.unavailable) { try await client.call(TestAPI.echo, TestMessage(text: "down")) }
        XCTAssertTrue(down?.message.contains("127.0.0.1:\(port)") ?? false, down?.message ?? "")

        var restarted = configuration
        restarted.listen = Endpoint(host: "127.0.0.1", port: port)
        let second = RPCServer(configuration: restarted)
        second.register(TestAPI.echo, allow: .anyAuthenticated) { request, _ in request }
        try second.start()
        // Calls fail fast while the client backs off, then succeed once it reconnects.
        var reply: TestMessage?
        let deadline = ContinuousClock.now + .seconds(10)
        while reply == nil && ContinuousClock.now < deadline {
            reply = try? await client.call(TestAPI.echo, TestMessage(text: "back"))
            if reply == nil { try await Task.sleep(for: .milliseconds(20)) }
        }
        XCTAssertEqual(reply?.text, "back")
        await second.drain(grace: .milliseconds(100))
    }

    func testGoAwayMovesNewCallsToANewConnection() async throws {
        // A server that drains sends GOAWAY; the client stops using that connection. With nothing else
        // listening the next call fails unavailable rather than hanging on the old connection.
        let mesh = try TestMesh()
        let server = try makeServer(mesh)
        let port = try server.start()
        let client = try mesh.client(port: port) { $0.defaultTimeout = .seconds(5) }
        let slow = Task { try await client.call(TestAPI.sleep, SleepRequest(milliseconds: 300, text: "old connection")) }
        await eventually { server.callsInFlight == 1 }
        let drain = Task { await server.drain(grace: .seconds(5)) }
        await eventually { server.isDraining }
        try await Task.sleep(for: .milliseconds(50))
        await assertRPCError(.unavailable) { try await client.call(TestAPI.sleep, SleepRequest(milliseconds: 1, text: "new")) }
        let reply = try await slow.value
        XCTAssertEqual(reply.text, "old connection")
        await drain.value
    }
}

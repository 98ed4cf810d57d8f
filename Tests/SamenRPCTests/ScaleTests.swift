import Foundation
import SamenRPC
import Synchronization
import SamenTestSupport
import XCTest

/// Holds every arriving call until `target` calls are inside the server at once, then lets them all go.
final class Barrier: Sendable {
    private let state = Mutex<(count: Int, waiters: [CheckedContinuation<Void, Never>])>((0, []))
    private let target: Int

    init(target: Int) { self.target = target }

    func arrive() async {
        await withCheckedContinuation { continuation in
            let release: [CheckedContinuation<Void, Never>] = state.withLock { state in
                state.count += 1
                state.waiters.append(continuation)
                guard state.count >= target else { return [] }
                defer { state.waiters = [] }
                return state.waiters
            }
            for waiter in release { waiter.resume() }
        }
    }

    var arrived: Int { state.withLock { $0.count } }
}

final class ScaleTests: XCTestCase {
    /// The bar: one server holds 1,000 connections and 10,000 requests in flight.
    func testThousandConnectionsAndTenThousandCallsInFlight() async throws {
        let connections = 1_000
        let callsPerConnection = 10
        let mesh = try TestMesh()
        // A thousand mutual-TLS handshakes start at once and queue for two busy cores: the last can finish well after
        // the production handshake and connect timeouts (10 s, 5 s). Here those timeouts are only hang guards.
        let handshakeGuard = Duration.seconds(120)
        var configuration = try mesh.serverConfiguration()
        configuration.handshakeTimeout = handshakeGuard
        configuration.logger = Logger(service: "echo", minimumLevel: .warning, sink: mesh.logs)
        let server = RPCServer(configuration: configuration)
        let barrier = Barrier(target: connections * callsPerConnection)
        server.register(TestAPI.echo, allow: .anyAuthenticated) { request, _ in
            await barrier.arrive()
            return request
        }
        let port = try server.start()
        let credentials = try mesh.credentials(mesh.identity("intake"))
        let clients = try (0..<connections).map { _ in
            try mesh.client(port: port, credentials: credentials) {
                $0.defaultTimeout = .seconds(120)
                $0.connectTimeout = handshakeGuard
            }
        }
        let succeeded = Recorder<Int>()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (index, client) in clients.enumerated() {
                for call in 0..<callsPerConnection {
                    group.addTask {
                        let text = "\(index)-\(call)"
                        let reply = try await client.call(TestAPI.echo, TestMessage(text: text))
                        XCTAssertEqual(reply.text, text)
                        succeeded.append(1)
                    }
                }
            }
            try await group.waitForAll()
        }
        XCTAssertEqual(barrier.arrived, connections * callsPerConnection)
        XCTAssertEqual(succeeded.all.count, connections * callsPerConnection)
        for client in clients { await client.close() }
        await server.drain(grace: .seconds(2))
    }
}

#if canImport(Glibc)
import Glibc
#endif
import SamenRPC
import SamenTestSupport
import XCTest

/// What strangers do is logged at a bounded rate: a flood of connections must not become a flood of log lines.
final class StrangerLoggingTests: XCTestCase {
    func testThrottleLogsFirstThenCountsUntilTheIntervalHasPassed() {
        let throttle = LogThrottle(interval: .seconds(10))
        let second: UInt64 = 1_000_000_000
        XCTAssertEqual(throttle.note(now: 5 * second), 1)
        XCTAssertNil(throttle.note(now: 6 * second))
        XCTAssertNil(throttle.note(now: 14 * second))
        XCTAssertEqual(throttle.note(now: 15 * second), 3, "the line stands for the two occurrences not logged and this one")
        XCTAssertNil(throttle.note(now: 15 * second))
        XCTAssertNil(throttle.note(now: 1 * second), "a clock reading from before the last line does not log")
    }

    /// Twenty connections that are not TLS at all: each is refused, one line says so.
    func testRefusedConnectionsAreLoggedOncePerInterval() async throws {
        let mesh = try TestMesh()
        let server = RPCServer(configuration: try mesh.serverConfiguration())
        server.register(TestAPI.echo, allow: .anyAuthenticated) { request, _ in request }
        let port = try server.start()
        for _ in 0..<20 {
            let fd = Loopback.connect(port: port)
            XCTAssertGreaterThanOrEqual(fd, 0)
            _ = Array("GET / HTTP/1.1\r\n\r\n".utf8).withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            close(fd)
        }
        // The member's connection was accepted after the strangers'; once it is the only one left, all twenty
        // have been refused and closed.
        let member = try mesh.client(port: port)
        let reply = try await member.call(TestAPI.echo, TestMessage(text: "member"))
        XCTAssertEqual(reply.text, "member")
        await eventually { server.connectionCount == 1 }
        let refusals = mesh.logLines().filter { $0.contains("connection refused") }
        XCTAssertEqual(refusals.count, 1, refusals.joined(separator: "\n"))
        await server.drain(grace: .seconds(1))
    }
}

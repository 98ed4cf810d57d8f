#if canImport(Glibc)
import Glibc
#endif
import SamenRPC
import SamenTestSupport
import XCTest

/// docs/PROTOCOL.md §7, Connection limits: a full server closes new connections before TLS, and a connection still
/// handshaking gives way to a newer one. A server with room for 2 connections, 1 of them handshaking.
final class ConnectionLimitTests: XCTestCase {
    private var mesh: TestMesh!
    private var server: RPCServer!
    private var port = 0

    override func setUp() async throws {
        mesh = try TestMesh()
        (server, port) = try mesh.startEchoServer(configure: {
            $0.maximumConnections = 2
            $0.maximumHandshakingConnections = 1
        })
    }

    override func tearDown() async throws {
        await server.drain(grace: .seconds(1))
    }

    private func openClient() throws -> RawClient {
        try mesh.rawClient(port: port)
    }

    func testFullServerClosesNewConnectionsBeforeTLS() async throws {
        let second: RawClient
        do {
            let first = try openClient()
            second = try openClient()
            XCTAssertThrowsError(try openClient(), "a third connection must be closed as it is accepted")
            try first.assertEchoWorks()
        }
        // The first one is closed now; its slot is available again.
        let server = self.server!
        _ = await eventually("the closed connection was not counted out") { server.connectionCount == 1 }
        try openClient().assertEchoWorks()
        try second.assertEchoWorks()
    }

    func testConnectionStillHandshakingGivesWayToANewOne() async throws {
        // Plain TCP that never starts TLS: it holds the one handshaking slot.
        let stalled = Loopback.connect(port: port)
        XCTAssertGreaterThanOrEqual(stalled, 0)
        defer { close(stalled) }
        let server = self.server!
        _ = await eventually("the stalled connection was not accepted") { server.connectionCount == 1 }
        try openClient().assertEchoWorks()
        // The stalled connection was closed without a frame (end of stream or reset), not left waiting.
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(stalled, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var byte: UInt8 = 0
        let count = read(stalled, &byte, 1)
        XCTAssertLessThanOrEqual(count, 0)
        if count < 0 { XCTAssertNotEqual(errno, EAGAIN, "still open after the receive timeout") }
    }
}

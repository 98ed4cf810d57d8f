import SamenCodec
import SamenRPC
import SamenTestSupport
import SamenWire
import XCTest

/// A connection that carries no calls goes away (GOAWAY, PING, close), and a frame that stops half-way is not
/// waited for forever. Timeouts here are short so the tests are quick; the socket's 10 s receive timeout is the
/// hang guard, never an assertion.
final class IdleAndReadTimeoutTests: XCTestCase {
    private var mesh: TestMesh!
    private var server: RPCServer?

    override func setUp() async throws {
        mesh = try TestMesh()
    }

    override func tearDown() async throws {
        await server?.drain(grace: .seconds(1))
    }

    private func startServer(_ configure: (inout RPCServer.Configuration) -> Void) throws -> Int {
        var configuration = try mesh.serverConfiguration()
        configure(&configuration)
        let server = RPCServer(configuration: configuration)
        server.register(TestAPI.echo, allow: .anyAuthenticated) { request, _ in
            if request.text == "slow" { try await Task.sleep(for: .milliseconds(600)) }
            return request
        }
        self.server = server
        return try server.start()
    }

    /// A server configured by `configure`, and a raw client that has exchanged HELLOs with it.
    private func openRawClient(_ configure: (inout RPCServer.Configuration) -> Void) throws -> RawClient {
        let port = try startServer(configure)
        let client = try RawClient(port: port, credentials: try mesh.credentials(mesh.identity("intake")))
        _ = try client.open()
        return client
    }

    func testSilentConnectionIsPingedThenClosed() throws {
        let client = try openRawClient {
            $0.idleTimeout = .milliseconds(200)
            $0.keepaliveTimeout = .milliseconds(200)
        }
        let frames = try client.framesUntilClosed()
        XCTAssertEqual(frames.map(\.type), [.goAway, .ping])
        let goAway = try GoAway.decode(frames[0].body)
        XCTAssertEqual(goAway.status, .unavailable)
        XCTAssertTrue(goAway.message.contains("idle"), goAway.message)
        XCTAssertEqual(goAway.lastStreamID, 0)
    }

    func testIdleClientThatAnswersPingIsClosedAnyway() throws {
        let client = try openRawClient {
            $0.idleTimeout = .milliseconds(200)
            $0.keepaliveTimeout = .seconds(30)
        }
        let id = try client.request(TestAPI.echo.name, payload: try BinaryEncoder().encode(TestMessage(text: "one call")))
        XCTAssertEqual(try client.response(for: id).0.status, .ok)
        // The PONG, not the 30 s keep-alive timeout, ends it: the 10 s receive timeout would fail the test first.
        let frames = try client.framesUntilClosed(answeringPings: true)
        XCTAssertEqual(frames.map(\.type), [.goAway, .ping])
        XCTAssertEqual(try GoAway.decode(frames[0].body).lastStreamID, id)
    }

    func testCallInFlightKeepsConnectionOpen() throws {
        let client = try openRawClient {
            $0.idleTimeout = .milliseconds(100)
            $0.keepaliveTimeout = .milliseconds(100)
        }
        let id = try client.request(TestAPI.echo.name, payload: try BinaryEncoder().encode(TestMessage(text: "slow")))
        let first = try client.readFrame()
        XCTAssertEqual(first.type, .response, "the connection went away while a call was in flight")
        XCTAssertEqual(first.streamID, id)
    }

    func testClientReconnectsAfterIdleClose() async throws {
        let port = try startServer {
            $0.idleTimeout = .milliseconds(100)
            $0.keepaliveTimeout = .seconds(2)
        }
        let client = try mesh.client(port: port)
        let before = try await client.call(TestAPI.echo, TestMessage(text: "before"))
        XCTAssertEqual(before.text, "before")
        let server = try XCTUnwrap(server)
        _ = await eventually(timeout: .seconds(10), "the idle connection was not closed") { server.connectionCount == 0 }
        let after = try await client.call(TestAPI.echo, TestMessage(text: "after"))
        XCTAssertEqual(after.text, "after")
        XCTAssertFalse(mesh.logLines().contains { $0.contains("\"level\":\"warning\"") && $0.contains("intake-client") },
                       "an idle close is a normal reconnect, not a warning")
        await client.close()
    }

    /// A call made just as the server goes idle crosses its GOAWAY: the server refuses it as not processed, and the
    /// client sends it again on a new connection, so the caller never sees the idle close. A proxy holds the server's
    /// GOAWAY back until the call has gone out; the sleeps only make the crossing likely, nothing asserts on time.
    func testCallCrossingIdleGoAwayIsSentAgain() async throws {
        let port = try startServer {
            $0.idleTimeout = .milliseconds(300)
            $0.keepaliveTimeout = .seconds(5)
        }
        let proxy = try FreezableProxy(targetPort: port)
        defer { proxy.stop() }
        let client = try mesh.client(port: proxy.port)
        let first = try await client.call(TestAPI.echo, TestMessage(text: "first"))
        XCTAssertEqual(first.text, "first")
        proxy.holdReplies(true)
        try await Task.sleep(for: .seconds(1))  // the server goes idle and sends GOAWAY and PING, held in the proxy
        let second = Task { try await client.call(TestAPI.echo, TestMessage(text: "second")) }
        try await Task.sleep(for: .milliseconds(300))  // the REQUEST reaches the draining server and is refused
        proxy.holdReplies(false)
        let reply = try await second.value
        XCTAssertEqual(reply.text, "second")
        await client.close()
    }

    func testHalfSentFrameIsClosedAfterReadTimeout() throws {
        let client = try openRawClient {
            $0.readTimeout = .milliseconds(200)
            $0.idleTimeout = nil
        }
        // A REQUEST announcing 4 MiB (within the server's limit), of which 100 bytes are sent.
        let length = UInt32(4 << 20)
        var bytes: [UInt8] = [UInt8(length >> 24), UInt8(length >> 16 & 0xFF), UInt8(length >> 8 & 0xFF), UInt8(length & 0xFF),
                              FrameType.request.rawValue, 0, 0, 0, 0, 1]
        bytes += [UInt8](repeating: 7, count: 100 - bytes.count)
        try client.write(bytes)
        let frames = try client.framesUntilClosed()
        XCTAssertEqual(frames.map(\.type), [.error])
        let error = try ConnectionError.decode(frames[0].body)
        XCTAssertEqual(error.status, .deadlineExceeded)
        XCTAssertTrue(error.message.contains("not completed"), error.message)
    }
}

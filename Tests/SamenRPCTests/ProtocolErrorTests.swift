import SamenCodec
import SamenRPC
import SamenTLS
import SamenWire
import SamenTestSupport
import XCTest

/// Bad input from a peer gets a precise status and the connection survives wherever the protocol allows.
final class ProtocolErrorTests: XCTestCase {
    private var mesh: TestMesh!
    private var server: RPCServer!
    private var port = 0

    override func setUp() async throws {
        mesh = try TestMesh()
        (server, port) = try mesh.startEchoServer(configure: {
            $0.maximumFrameSize = 64 * 1024
            $0.maximumMessageSize = 256 * 1024
        })
    }

    override func tearDown() async throws {
        await server.drain(grace: .seconds(1))
    }

    private func rawClient() throws -> RawClient {
        try mesh.rawClient(port: port, open: false)
    }

    private func echoPayload(_ text: String) throws -> [UInt8] {
        try BinaryEncoder().encode(TestMessage(text: text))
    }

    func testHelloAnnouncesLimits() throws {
        let client = try rawClient()
        let hello = try client.open()
        XCTAssertEqual(hello.versions, [Hello.currentVersion])
        XCTAssertEqual(hello.maximumFrameSize, 64 * 1024)
        XCTAssertTrue(hello.compression.contains(Hello.deflate))
    }

    func testOversizedRequestIsRefusedAndConnectionSurvives() throws {
        let client = try rawClient()
        _ = try client.open()
        let id = try client.request(TestAPI.echo.name, payload: [UInt8](repeating: 7, count: 200 * 1024))
        let (head, _) = try client.response(for: id)
        XCTAssertEqual(head.status, .resourceExhausted)
        XCTAssertTrue(head.message.contains("exceeds this server's frame limit of 65536 bytes"), head.message)
        try client.assertEchoWorks()
    }

    func testCompressionBombIsRefused() throws {
        let client = try rawClient()
        _ = try client.open()
        // 64 MiB of zeros compresses to about 64 KiB; keep it under the frame limit by using 32 MiB.
        let bomb = Deflate.compress([UInt8](repeating: 0, count: 32 << 20)[...], level: 9)!
        XCTAssertLessThan(bomb.count, 60 * 1024)
        let id = try client.request(TestAPI.echo.name, payload: bomb, flags: .compressed)
        let (head, _) = try client.response(for: id)
        XCTAssertEqual(head.status, .resourceExhausted)
        XCTAssertTrue(head.message.contains("inflates beyond the limit"), head.message)
        try client.assertEchoWorks()
    }

    func testCorruptCompressedPayloadIsInvalidArgument() throws {
        let client = try rawClient()
        _ = try client.open()
        let id = try client.request(TestAPI.echo.name, payload: [1, 2, 3, 4, 5], flags: .compressed)
        let (head, _) = try client.response(for: id)
        XCTAssertEqual(head.status, .invalidArgument)
        XCTAssertTrue(head.message.contains("zlib"), head.message)
        try client.assertEchoWorks()
    }

    func testUnknownMethodIsUnimplemented() throws {
        let client = try rawClient()
        _ = try client.open()
        let id = try client.request("intake/no-such-method", payload: [])
        let (head, _) = try client.response(for: id)
        XCTAssertEqual(head.status, .unimplemented)
        XCTAssertEqual(head.message, "unknown method 'intake/no-such-method'")
        try client.assertEchoWorks()
    }

    func testUndecodablePayloadIsInvalidArgument() throws {
        let client = try rawClient()
        _ = try client.open()
        let id = try client.request(TestAPI.echo.name, payload: [0xFF, 0x00, 0x13])
        let (head, _) = try client.response(for: id)
        XCTAssertEqual(head.status, .invalidArgument)
        XCTAssertTrue(head.message.hasPrefix("request to test.echo/echo is not a valid TestMessage"), head.message)
        try client.assertEchoWorks()
    }

    func testMalformedRequestHeadIsInvalidArgument() throws {
        let client = try rawClient()
        _ = try client.open()
        // A method name that claims 200 bytes in a 3-byte body.
        try client.send(Frame(type: .request, streamID: 9, body: [200, 1, 0x41]))
        let (head, _) = try client.response(for: 9)
        XCTAssertEqual(head.status, .invalidArgument)
        XCTAssertTrue(head.message.contains("method"), head.message)
        try client.assertEchoWorks()
    }

    func testUnknownFrameTypeIsSkipped() throws {
        let client = try rawClient()
        _ = try client.open()
        try client.send(Frame(rawType: 0x7E, flags: [], streamID: 0, body: [1, 2, 3]))
        try client.assertEchoWorks()
    }

    func testPingIsAnsweredWithSameBody() throws {
        let client = try rawClient()
        _ = try client.open()
        try client.send(Frame(type: .ping, streamID: 0, body: [1, 2, 3, 4, 5, 6, 7, 8]))
        let pong = try client.readFrame()
        XCTAssertEqual(pong.type, .pong)
        XCTAssertEqual(pong.body, [1, 2, 3, 4, 5, 6, 7, 8])
    }

    func testBadPrefaceClosesConnection() throws {
        let client = try rawClient()
        try client.write(Array("GET / HTTP/1.1\r\n\r\n".utf8))
        XCTAssertNil(client.readUntilClosed())
        // The server itself is unharmed.
        let good = try rawClient()
        _ = try good.open()
        try good.assertEchoWorks()
    }

    func testRequestBeforeHelloIsConnectionError() throws {
        let client = try rawClient()
        try client.write(Preface.bytes)
        try client.request(TestAPI.echo.name, payload: try echoPayload("too early"))
        let error = client.readUntilClosed()
        XCTAssertEqual(error?.status, .invalidArgument)
        XCTAssertEqual(error?.message, "expected HELLO, received REQUEST")
    }

    func testUnsupportedVersionIsRefused() throws {
        let client = try rawClient()
        try client.write(Preface.bytes)
        try client.send(Frame(type: .hello, streamID: 0, body: Hello(versions: [99], maximumFrameSize: 1 << 20, maximumConcurrentRequests: 10).encode()))
        let error = client.readUntilClosed()
        XCTAssertEqual(error?.status, .failedPrecondition)
        XCTAssertTrue(error?.message.contains("no common protocol version") ?? false, error?.message ?? "no error")
    }

    func testFrameShorterThanHeaderIsConnectionError() throws {
        let client = try rawClient()
        _ = try client.open()
        try client.write([0, 0, 0, 2, 0x02, 0x00])
        let error = client.readUntilClosed()
        XCTAssertEqual(error?.status, .invalidArgument)
        XCTAssertTrue(error?.message.contains("shorter than the 6-byte frame header") ?? false, error?.message ?? "no error")
    }

    func testReusedStreamIDIsConnectionError() throws {
        let client = try rawClient()
        _ = try client.open()
        server.register(TestAPI.sleep, allow: .anyAuthenticated) { _, _ in TestMessage(text: "") }  // not started: unknown
        var body: [UInt8] = []
        RequestHead(method: TestAPI.echo.name, requestID: "a").encode(into: &body)
        body.append(contentsOf: try echoPayload("one"))
        // Two REQUESTs with the same id in one write: the first is still in flight when the second arrives.
        var bytes: [UInt8] = []
        Frame(type: .request, streamID: 5, body: body).encode(into: &bytes)
        Frame(type: .request, streamID: 5, body: body).encode(into: &bytes)
        try client.write(bytes)
        let error = client.readUntilClosed()
        XCTAssertEqual(error?.status, .invalidArgument)
        XCTAssertEqual(error?.message, "stream id 5 is already in use")
    }
}

import Foundation
import SamenCodec
import SamenRPC
import SamenTLS
import SamenWire
import SamenTestSupport
import XCTest

/// Each rule docs/PROTOCOL.md states about the edges of the protocol, checked against the server byte by byte
/// (a malformed request head is answered on its stream: `ProtocolErrorTests.testMalformedRequestHeadIsInvalidArgument`).
final class ProtocolDecisionTests: XCTestCase {
    private var mesh: TestMesh!
    private var server: RPCServer!
    private var port = 0
    private let release = Flag()

    override func setUp() async throws {
        mesh = try TestMesh()
        var configuration = try mesh.serverConfiguration()
        configuration.maximumFrameSize = 64 * 1024
        configuration.maximumMessageSize = 16 * 1024
        server = RPCServer(configuration: configuration)
        server.register(TestAPI.echo, allow: .anyAuthenticated) { request, _ in request }
        server.register(TestAPI.bytes, allow: .anyAuthenticated) { request, _, stream in
            for size in request.sizes {
                let bytes = request.repeating ? [UInt8](repeating: 7, count: size) : (0..<size).map { _ in UInt8.random(in: 0...255) }
                try await stream.send(TestMessage(text: "", bytes: bytes))
            }
        }
        server.register(TestAPI.big, allow: .anyAuthenticated) { request, _ in
            TestMessage(text: "", bytes: (0..<(request.sizes.first ?? 0)).map { _ in UInt8.random(in: 0...255) })
        }
        let release = self.release
        server.register(TestAPI.sleep, allow: .anyAuthenticated) { request, _ in
            while !release.isSet { try await Task.sleep(for: .milliseconds(5)) }
            return TestMessage(text: request.text)
        }
        port = try server.start()
    }

    override func tearDown() async throws {
        release.set()
        await server.drain(grace: .seconds(1))
    }

    private func rawClient(open: Bool = true, frameLimit: UInt32 = 64 << 20) throws -> RawClient {
        let client = try RawClient(port: port, credentials: try mesh.credentials(mesh.identity("intake")))
        if open { _ = try client.open(hello: Hello(maximumFrameSize: frameLimit, maximumConcurrentRequests: 1)) }
        return client
    }

    private func assertConnectionError(_ client: RawClient, _ status: StatusCode, _ message: String,
                                       file: StaticString = #filePath, line: UInt = #line) {
        let error = client.readUntilClosed()
        XCTAssertEqual(error?.status, status, file: file, line: line)
        XCTAssertEqual(error?.message, message, file: file, line: line)
    }

    // MARK: PING, HELLO, stream ids

    func testPingWithoutEightBytesIsAConnectionError() throws {
        for body in [[UInt8](), [1, 2, 3, 4, 5, 6, 7], [UInt8](repeating: 9, count: 9)] {
            let client = try rawClient()
            try client.send(Frame(type: .ping, streamID: 0, body: body))
            assertConnectionError(client, .invalidArgument, "PING body of \(body.count) bytes; it must be 8")
        }
    }

    func testConnectionFramesOffStreamZeroAndCallFramesOnItAreConnectionErrors() throws {
        let ping = try rawClient()
        try ping.send(Frame(type: .ping, streamID: 3, body: [UInt8](repeating: 0, count: 8)))
        assertConnectionError(ping, .invalidArgument, "PING on stream 3; it belongs on stream 0")
        let cancel = try rawClient()
        try cancel.send(Frame(type: .cancel, streamID: 0, body: []))
        assertConnectionError(cancel, .invalidArgument, "CANCEL on stream 0; it belongs to a call's stream")
        let request = try rawClient()
        try request.send(Frame(type: .request, streamID: 0, body: []))
        assertConnectionError(request, .invalidArgument, "REQUEST on stream 0; it belongs to a call's stream")
    }

    func testHelloOnAnotherStreamIsRefused() throws {
        let client = try rawClient(open: false)
        try client.write(Preface.bytes)
        try client.send(Frame(type: .hello, streamID: 1, body: Hello(maximumFrameSize: 1 << 20, maximumConcurrentRequests: 1).encode()))
        assertConnectionError(client, .invalidArgument, "HELLO on stream 1; it belongs on stream 0")
    }

    func testHelloWithTrailingBytesIsRefused() throws {
        let client = try rawClient(open: false)
        try client.write(Preface.bytes)
        try client.send(Frame(type: .hello, streamID: 0, body: Hello(maximumFrameSize: 1 << 20, maximumConcurrentRequests: 1).encode() + [0, 0, 0]))
        assertConnectionError(client, .invalidArgument, "HELLO: 3 bytes after the last field")
    }

    func testSecondHelloIsRefused() throws {
        let client = try rawClient()
        try client.send(Frame(type: .hello, streamID: 0, body: Hello(maximumFrameSize: 1 << 20, maximumConcurrentRequests: 1).encode()))
        assertConnectionError(client, .invalidArgument, "HELLO received twice")
    }

    // MARK: GOAWAY from a client

    func testClientGoAwayChangesNothingOnTheServer() throws {
        let client = try rawClient()
        let inFlight = try client.request(TestAPI.sleep.name, payload: try BinaryEncoder().encode(SleepRequest(milliseconds: 0, text: "in flight")))
        try client.send(Frame(type: .goAway, streamID: 0, body: GoAway(lastStreamID: 0, message: "client leaving").encode()))
        release.set()
        let (head, payload) = try client.response(for: inFlight)
        XCTAssertEqual(head.status, .ok, head.message)
        XCTAssertEqual(try BinaryDecoder().decode(TestMessage.self, from: payload).text, "in flight")
        try client.assertEchoWorks()
    }

    func testMalformedGoAwayIsAConnectionError() throws {
        let client = try rawClient()
        try client.send(Frame(type: .goAway, streamID: 0, body: GoAway(lastStreamID: 0, message: "x").encode() + [7]))
        assertConnectionError(client, .invalidArgument, "GOAWAY: 1 bytes after the last field")
    }

    // MARK: Sizes

    func testUncompressedPayloadOverTheMessageLimitIsResourceExhausted() throws {
        let client = try rawClient()
        let payload = try BinaryEncoder().encode(TestMessage(text: "", bytes: [UInt8](repeating: 1, count: 20 * 1024)))
        let id = try client.request(TestAPI.echo.name, payload: payload)
        let (head, _) = try client.response(for: id)
        XCTAssertEqual(head.status, .resourceExhausted)
        XCTAssertEqual(head.message, "request payload of \(payload.count) bytes exceeds the limit of 16384 bytes")
        try client.assertEchoWorks()
    }

    func testCompressedPayloadOverTheMessageLimitIsRefusedTheSameWay() throws {
        let client = try rawClient()
        let payload = try BinaryEncoder().encode(TestMessage(text: "", bytes: [UInt8](repeating: 1, count: 20 * 1024)))
        let id = try client.request(TestAPI.echo.name, payload: Deflate.compress(payload[...])!, flags: .compressed)
        let (head, _) = try client.response(for: id)
        XCTAssertEqual(head.status, .resourceExhausted)
        XCTAssertTrue(head.message.contains("inflates beyond the limit of 16384 bytes"), head.message)
        try client.assertEchoWorks()
    }

    func testResponseOverTheCallersFrameLimitIsResourceExhausted() throws {
        let client = try rawClient(frameLimit: Hello.minimumFrameSize)
        let id = try client.request(TestAPI.big.name, payload: try BinaryEncoder().encode(BytesRequest(sizes: [20_000])))
        let (head, _) = try client.response(for: id)
        XCTAssertEqual(head.status, .resourceExhausted)
        XCTAssertTrue(head.message.contains("exceeds the caller's frame limit of 16384 bytes"), head.message)
        try client.assertEchoWorks()
    }

    func testStreamItemOverTheCallersFrameLimitEndsTheStream() throws {
        let client = try rawClient(frameLimit: Hello.minimumFrameSize)
        let id = try client.request(TestAPI.bytes.name, payload: try BinaryEncoder().encode(BytesRequest(sizes: [100, 20_000, 100])))
        let (items, end) = try client.stream(for: id)
        XCTAssertEqual(items.count, 1, "the item before the oversized one arrives; none after it")
        XCTAssertEqual(end.status, .resourceExhausted)
        XCTAssertTrue(end.message.hasPrefix("stream item of "), end.message)
        XCTAssertTrue(end.message.hasSuffix("exceeds the caller's frame limit of 16384 bytes"), end.message)
        try client.assertEchoWorks()
    }

    func testLargeStreamItemsAreCompressedAndTheLimitAppliesToTheFrame() throws {
        let client = try rawClient(frameLimit: Hello.minimumFrameSize)
        let id = try client.request(TestAPI.bytes.name, payload: try BinaryEncoder().encode(BytesRequest(sizes: [40_000], repeating: true)))
        let (items, end) = try client.stream(for: id)
        XCTAssertEqual(end.status, .ok, end.message)
        XCTAssertEqual(items.count, 1)
        XCTAssertTrue(items[0].flags.contains(.compressed))
        let item = try BinaryDecoder().decode(TestMessage.self, from: try Deflate.decompress(items[0].body[...], limit: 1 << 20))
        XCTAssertEqual(item.bytes, [UInt8](repeating: 7, count: 40_000))
    }
}

/// docs/PROTOCOL.md §5.3: once its handler is chosen, a streaming call ends with STREAM_END, also when the end of a
/// drain's grace period cuts it off.
final class DrainStreamEndTests: XCTestCase {
    func testStreamCutOffByTheDrainGraceEndsWithStreamEnd() async throws {
        let mesh = try TestMesh()
        let server = RPCServer(configuration: try mesh.serverConfiguration())
        let release = Flag()
        let started = Flag()
        server.register(TestAPI.count, allow: .anyAuthenticated) { _, _, stream in
            try await stream.send(TestMessage(text: "first"))
            started.set()
            while !release.isSet { try await Task.sleep(for: .milliseconds(5)) }
        }
        let port = try server.start()
        defer { release.set() }
        let client = try mesh.rawClient(port: port)
        let id = try client.request(TestAPI.count.name, payload: try BinaryEncoder().encode(CountRequest(upTo: 1)))
        let running = await eventually("the handler did not start") { started.isSet }
        XCTAssertTrue(running)
        let drain = Task { await server.drain(grace: .milliseconds(200)) }
        let (items, end) = try client.stream(for: id)
        XCTAssertEqual(items.count, 1)
        XCTAssertEqual(end.status, .unavailable)
        XCTAssertEqual(end.message, "server shut down before the call finished")
        await drain.value
    }
}

import Foundation
import SamenCodec
import SamenRPC
import SamenTLS
import SamenWire
import SamenTestSupport
import XCTest

/// The rules of docs/PROTOCOL.md that a client in another language relies on and that no other test pins down:
/// HELLO edges, the announced limits, the order of a REQUEST's checks, the exact message limit, head field details
/// and the not-processed answer after a GOAWAY. Each fails if the server and the document disagree.
final class ProtocolEdgeTests: XCTestCase {
    private var mesh: TestMesh!
    private var server: RPCServer?
    private let release = Flag()
    private static let messageLimit: UInt32 = 16 * 1024

    override func setUp() async throws {
        mesh = try TestMesh()
    }

    override func tearDown() async throws {
        release.set()
        await server?.drain(grace: .seconds(1))
    }

    private func startServer(_ configure: (inout RPCServer.Configuration) -> Void = { _ in }) throws -> Int {
        var configuration = try mesh.serverConfiguration()
        configuration.maximumFrameSize = 64 * 1024
        configuration.maximumMessageSize = ProtocolEdgeTests.messageLimit
        configure(&configuration)
        let server = RPCServer(configuration: configuration)
        server.register(TestAPI.echo, allow: .anyAuthenticated) { request, _ in request }
        server.register(TestAPI.restricted, allow: .services(["operator"])) { request, _ in request }
        let release = self.release
        server.register(TestAPI.sleep, allow: .anyAuthenticated) { request, _ in
            while !release.isSet { try await Task.sleep(for: .milliseconds(5)) }
            return TestMessage(text: request.text)
        }
        self.server = server
        return try server.start()
    }

    private func rawClient(port: Int, hello: Hello? = Hello(maximumFrameSize: 1 << 20, maximumConcurrentRequests: 1)) throws -> RawClient {
        let client = try RawClient(port: port, credentials: try mesh.credentials(mesh.identity("intake")))
        if let hello { _ = try client.open(hello: hello) }
        return client
    }

    /// Sends a HELLO body of the test's making and returns the ERROR the server closes with.
    private func helloError(_ body: [UInt8], port: Int) throws -> ConnectionError? {
        let client = try rawClient(port: port, hello: nil)
        try client.write(Preface.bytes)
        try client.send(Frame(type: .hello, streamID: 0, body: body))
        return client.readUntilClosed()
    }

    // MARK: HELLO (§5.1)

    func testHelloWithoutVersionsIsFailedPrecondition() throws {
        let port = try startServer()
        let error = try helloError(Hello(versions: [], maximumFrameSize: 1 << 20, maximumConcurrentRequests: 1).encode(), port: port)
        XCTAssertEqual(error?.status, .failedPrecondition)
        XCTAssertEqual(error?.message, "HELLO lists no protocol version")
    }

    func testHelloBelowTheMinimumFrameSizeOrWithoutConcurrencyIsInvalidArgument() throws {
        let port = try startServer()
        let small = try helloError(Hello(maximumFrameSize: Hello.minimumFrameSize - 1, maximumConcurrentRequests: 1).encode(), port: port)
        XCTAssertEqual(small?.status, .invalidArgument)
        XCTAssertEqual(small?.message, "HELLO announces a maximum frame size of 16383 bytes; the minimum is 16384")
        let none = try helloError(Hello(maximumFrameSize: 1 << 20, maximumConcurrentRequests: 0).encode(), port: port)
        XCTAssertEqual(none?.status, .invalidArgument)
        XCTAssertEqual(none?.message, "HELLO announces a maximum of 0 concurrent requests")
        // The smallest allowed frame size is accepted.
        try rawClient(port: port, hello: Hello(maximumFrameSize: Hello.minimumFrameSize, maximumConcurrentRequests: 1)).assertEchoWorks()
    }

    // MARK: Announced limits (§2, §7)

    func testServerIgnoresTheClientsAnnouncedConcurrency() async throws {
        let port = try startServer()
        let client = try rawClient(port: port, hello: Hello(maximumFrameSize: 1 << 20, maximumConcurrentRequests: 1))
        let ids = try (0..<3).map { index in
            try client.request(TestAPI.sleep.name, payload: try BinaryEncoder().encode(SleepRequest(milliseconds: 0, text: "call \(index)")))
        }
        // All three are in flight at once although the client announced 1; none is refused.
        let server = try XCTUnwrap(server)
        let allInFlight = await eventually("the server did not take three calls at once") { server.callsInFlight == 3 }
        XCTAssertTrue(allInFlight)
        release.set()
        for (index, id) in ids.enumerated() {
            let (head, payload) = try client.response(for: id)
            XCTAssertEqual(head.status, .ok, head.message)
            XCTAssertEqual(try BinaryDecoder().decode(TestMessage.self, from: payload).text, "call \(index)")
        }
    }

    func testRequestsBeyondTheServersConcurrencyAreResourceExhausted() throws {
        let port = try startServer { $0.maximumConcurrentRequests = 2 }
        let client = try rawClient(port: port)
        for _ in 0..<2 {
            try client.request(TestAPI.sleep.name, payload: try BinaryEncoder().encode(SleepRequest(milliseconds: 0, text: "held")))
        }
        let third = try client.request(TestAPI.echo.name, payload: try BinaryEncoder().encode(TestMessage(text: "third")))
        let (head, _) = try client.response(for: third)
        XCTAssertEqual(head.status, .resourceExhausted)
        XCTAssertEqual(head.message, "2 calls already in flight on this connection, the server's limit")
    }

    // MARK: The largest message (§7, §8)

    /// An echo request whose encoded payload is exactly `size` bytes.
    private func payload(ofSize size: Int) throws -> [UInt8] {
        for length in stride(from: size, through: max(0, size - 100), by: -1) {
            let bytes = try BinaryEncoder().encode(TestMessage(text: String(repeating: "a", count: length)))
            if bytes.count == size { return bytes }
        }
        throw RawClientError("no echo payload of \(size) bytes")
    }

    func testPayloadOfExactlyTheMessageLimitIsServedAndOneByteMoreIsNot() throws {
        let port = try startServer()
        let client = try rawClient(port: port)
        let limit = Int(ProtocolEdgeTests.messageLimit)
        let fits = try payload(ofSize: limit)
        let (ok, _) = try client.response(for: try client.request(TestAPI.echo.name, payload: fits))
        XCTAssertEqual(ok.status, .ok, ok.message)
        let over = try payload(ofSize: limit + 1)
        let (refused, _) = try client.response(for: try client.request(TestAPI.echo.name, payload: over))
        XCTAssertEqual(refused.status, .resourceExhausted)
        XCTAssertEqual(refused.message, "request payload of \(limit + 1) bytes exceeds the limit of \(limit) bytes")
        // Compressed, the limit applies to the inflated bytes, the same way.
        let (inflatedOK, _) = try client.response(for: try client.request(TestAPI.echo.name, payload: Deflate.compress(fits[...])!, flags: .compressed))
        XCTAssertEqual(inflatedOK.status, .ok, inflatedOK.message)
        let (inflatedOver, _) = try client.response(for: try client.request(TestAPI.echo.name, payload: Deflate.compress(over[...])!, flags: .compressed))
        XCTAssertEqual(inflatedOver.status, .resourceExhausted)
        XCTAssertEqual(inflatedOver.message, "request payload: compressed payload inflates beyond the limit of \(limit) bytes")
    }

    // MARK: The order of a REQUEST's checks (§7, Deadlines)

    func testDeadlineIsCheckedAfterTheMethodAndThePolicy() throws {
        let port = try startServer()
        let client = try rawClient(port: port)
        let empty = try BinaryEncoder().encode(TestMessage(text: ""))
        let unknown = try client.request("test.echo/none", payload: empty, timeoutMicroseconds: 1)
        XCTAssertEqual(try client.response(for: unknown).0.status, .unimplemented)
        let denied = try client.request(TestAPI.restricted.name, payload: empty, timeoutMicroseconds: 1)
        XCTAssertEqual(try client.response(for: denied).0.status, .permissionDenied)
        let tooBig = try client.request(TestAPI.echo.name, payload: try payload(ofSize: Int(ProtocolEdgeTests.messageLimit) + 1),
                                        timeoutMicroseconds: 1)
        XCTAssertEqual(try client.response(for: tooBig).0.status, .resourceExhausted)
        // A payload that does not decode is found by the handler, after the deadline: deadline_exceeded wins.
        let undecodable = try client.request(TestAPI.echo.name, payload: [0x07, 0x00], timeoutMicroseconds: 1)
        XCTAssertEqual(try client.response(for: undecodable).0.status, .deadlineExceeded)
    }

    // MARK: Malformed heads (§5.2)

    func testMalformedHeadNamesItsFieldInTheDetails() throws {
        let port = try startServer()
        let client = try rawClient(port: port)
        let cases: [(RequestHead, String)] = [
            (RequestHead(method: String(repeating: "m", count: 129), requestID: "f-1"), "method"),
            (RequestHead(method: TestAPI.echo.name, requestID: "f-2", idempotencyKey: String(repeating: "k", count: 129)), "idempotency_key"),
            (RequestHead(method: TestAPI.echo.name, requestID: "f-3", metadata: (0..<33).map { ("k\($0)", "v") }), "metadata_count"),
            (RequestHead(method: TestAPI.echo.name, requestID: "f-4", metadata: [("", "v")]), "metadata_key"),
            (RequestHead(method: TestAPI.echo.name, requestID: "f-5", metadata: [("k", String(repeating: "v", count: 1025))]), "metadata_value"),
        ]
        for (head, field) in cases {
            let (answer, _) = try client.response(for: try client.request(head, payload: []))
            XCTAssertEqual(answer.status, .invalidArgument, field)
            XCTAssertEqual(answer.details.first { $0.0 == "field" }?.1, field, answer.message)
        }
        // A timeout varint over 64 bits and a request id that is not UTF-8.
        var overflow: [UInt8] = []
        overflow.appendString(TestAPI.echo.name)
        overflow += [UInt8](repeating: 0xFF, count: 9) + [0x02]
        try client.send(Frame(type: .request, streamID: 100, body: overflow))
        let (timeout, _) = try client.response(for: 100)
        XCTAssertEqual(timeout.details.first { $0.0 == "field" }?.1, "timeout", timeout.message)
        var badID: [UInt8] = []
        badID.appendString(TestAPI.echo.name)
        badID += [0x00, 0x02, 0xC3, 0x28]
        try client.send(Frame(type: .request, streamID: 101, body: badID))
        let (requestID, _) = try client.response(for: 101)
        XCTAssertEqual(requestID.details.first { $0.0 == "field" }?.1, "request_id", requestID.message)
        try client.assertEchoWorks()
    }

    // MARK: CANCEL, oversized frames, GOAWAY (§5.4, §5.5, §7)

    func testCancelForAnIdNotInFlightIsIgnored() throws {
        let port = try startServer()
        let client = try rawClient(port: port)
        try client.send(Frame(type: .cancel, streamID: 77, body: [1, 2, 3]))
        try client.assertEchoWorks()
    }

    func testOversizedFrameThatIsNotARequestIsResourceExhausted() throws {
        let port = try startServer()
        let client = try rawClient(port: port)
        // Only the header: the length is checked before any of the body is read.
        try client.write([0x00, 0x01, 0x11, 0x70, FrameType.ping.rawValue, 0, 0, 0, 0, 0])
        let error = client.readUntilClosed()
        XCTAssertEqual(error?.status, .resourceExhausted)
        XCTAssertEqual(error?.message, "frame of 70000 bytes exceeds this server's limit of 65536 bytes")
    }

    func testRequestAfterAnIdleGoAwayIsNotProcessed() throws {
        let port = try startServer {
            $0.idleTimeout = .milliseconds(100)
            $0.keepaliveTimeout = .seconds(30)
        }
        let client = try rawClient(port: port)
        let goAway = try client.readFrame()
        XCTAssertEqual(goAway.type, .goAway)
        XCTAssertEqual(try GoAway.decode(goAway.body).lastStreamID, 0)
        // The server's probe PING is not answered yet: the connection stays open for this REQUEST.
        let id = try client.request(TestAPI.echo.name, payload: try BinaryEncoder().encode(TestMessage(text: "late")))
        let (head, _) = try client.response(for: id)
        XCTAssertEqual(head.status, .unavailable)
        XCTAssertEqual(head.details.first { $0.0 == RPCError.notProcessedKey }?.1, "true")
    }
}

import Foundation
import SamenCodec
import SamenRPC
import SamenTLS
import SamenWire
import SamenTestSupport
import XCTest

/// Numbers and strings a peer chooses (timeouts, grace periods, request ids, head fields) can neither crash the
/// server nor reach its logs unbounded; the server keeps serving after each.
final class WireNumberTests: XCTestCase {
    private var mesh: TestMesh!
    private var server: RPCServer!
    private var port = 0

    override func setUp() async throws {
        mesh = try TestMesh()
        (server, port) = try mesh.startEchoServer(register: register)
    }

    private func register(_ server: RPCServer) {
        server.register(TestAPI.context, allow: .anyAuthenticated) { _, context in
            ContextEcho(peer: context.peer.uri, requestID: context.requestID, idempotencyKey: context.idempotencyKey,
                        metadata: Dictionary(context.metadata, uniquingKeysWith: { a, _ in a }), hasDeadline: context.deadline != nil)
        }
        server.register(TestAPI.count, allow: .anyAuthenticated) { request, context, stream in
            // With a deadline less than 100 ms away, the items are sent only once it has passed, in the same loop
            // pass (the server's timer for it has not run yet): none of them may reach the caller.
            if let deadline = context.deadline, deadline <= MonotonicClock.now + 100_000_000 {
                while MonotonicClock.now < deadline {}
            }
            for index in 0..<request.upTo { try await stream.send(TestMessage(text: "\(index)")) }
        }
    }

    override func tearDown() async throws {
        await server.drain(grace: .seconds(1))
    }

    private func rawClient() throws -> RawClient {
        try mesh.rawClient(port: port)
    }

    private func healthCheck(_ client: RawClient, timeoutMicroseconds: UInt64) throws -> (ResponseHead, [UInt8]) {
        let id = try client.request(Health.check.name, payload: try BinaryEncoder().encode(HealthCheckRequest()),
                                    timeoutMicroseconds: timeoutMicroseconds)
        return try client.response(for: id)
    }

    private func assertServing(_ client: RawClient, file: StaticString = #filePath, line: UInt = #line) throws {
        let (head, payload) = try healthCheck(client, timeoutMicroseconds: 2_000_000)
        XCTAssertEqual(head.status, .ok, head.message, file: file, line: line)
        XCTAssertEqual(try BinaryDecoder().decode(HealthCheckResponse.self, from: payload).status, .serving, file: file, line: line)
    }

    // MARK: Deadlines

    func testHugeTimeoutsAreServedAndTheServerSurvives() throws {
        let client = try rawClient()
        for timeout in [UInt64(1) << 63, .max, RequestHead.Limits.maximumTimeoutMicroseconds + 1] {
            let (head, payload) = try healthCheck(client, timeoutMicroseconds: timeout)
            XCTAssertEqual(head.status, .ok, "timeout \(timeout): \(head.message)")
            XCTAssertEqual(try BinaryDecoder().decode(HealthCheckResponse.self, from: payload).service, "echo")
        }
        // A second connection: the server process and its loops are intact.
        try assertServing(try rawClient())
    }

    func testHandlerSeesHugeTimeoutCappedNotWrapped() throws {
        let client = try rawClient()
        let id = try client.request(RequestHead(method: TestAPI.context.name, timeoutMicroseconds: .max, requestID: "cap-1"),
                                    payload: try BinaryEncoder().encode(TestMessage(text: "")))
        let (head, payload) = try client.response(for: id)
        XCTAssertEqual(head.status, .ok, head.message)
        XCTAssertTrue(try BinaryDecoder().decode(ContextEcho.self, from: payload).hasDeadline)
    }

    func testOneMicrosecondDeadlineEndsTheSameWayForEveryMethod() throws {
        let client = try rawClient()
        let (health, _) = try healthCheck(client, timeoutMicroseconds: 1)
        XCTAssertEqual(health.status, .deadlineExceeded, health.message)
        XCTAssertEqual(health.message, "deadline of 0.001 ms exceeded in samen.health/check")
        let echo = try client.request(TestAPI.echo.name, payload: try BinaryEncoder().encode(TestMessage(text: "late")), timeoutMicroseconds: 1)
        let (echoHead, _) = try client.response(for: echo)
        XCTAssertEqual(echoHead.status, .deadlineExceeded, echoHead.message)
        let stream = try client.request(TestAPI.count.name, payload: try BinaryEncoder().encode(CountRequest(upTo: 3)), timeoutMicroseconds: 1)
        let (items, end) = try client.stream(for: stream)
        XCTAssertEqual(end.status, .deadlineExceeded, end.message)
        XCTAssertTrue(items.isEmpty)
        try assertServing(client)
    }

    /// Items a handler sends after its deadline never reach the caller, even before the server's timer for the
    /// deadline has run; the call ends in deadline_exceeded (docs/PROTOCOL.md §7, Deadlines (3)).
    func testStreamItemsAfterTheDeadlineAreNotSent() throws {
        let client = try rawClient()
        let stream = try client.request(TestAPI.count.name, payload: try BinaryEncoder().encode(CountRequest(upTo: 3)), timeoutMicroseconds: 20_000)
        let (items, end) = try client.stream(for: stream)
        XCTAssertEqual(end.status, .deadlineExceeded, end.message)
        XCTAssertEqual(end.message, "deadline of 20.0 ms exceeded in \(TestAPI.count.name)")
        XCTAssertEqual(items.count, 0)
        try assertServing(client)
    }

    func testClientWithHugeTimeoutOptionCallsNormally() async throws {
        let client = try mesh.client(port: port)
        let reply = try await client.call(TestAPI.echo, TestMessage(text: "patient"), options: CallOptions(timeout: .seconds(Int64.max)))
        XCTAssertEqual(reply.text, "patient")
    }

    // MARK: Drain grace

    func testDrainWithUnusableGraceIsRefusedAndServerKeepsServing() async throws {
        let operatorClient = try mesh.client(port: port, as: "operator")
        for grace in [Double.nan, .infinity, -1, 1e300] {
            let error = await assertRPCError(.invalidArgument) {
                try await operatorClient.call(Admin.drain, DrainRequest(graceSeconds: grace))
            }
            XCTAssertEqual(error?.details["field"], "graceSeconds", "\(grace)")
            XCTAssertTrue(error?.message.contains("graceSeconds must be a number of seconds from 0 to 86400") ?? false,
                          error?.message ?? "\(grace)")
        }
        XCTAssertFalse(server.isDraining)
        let health = try await mesh.client(port: port).call(Health.check, HealthCheckRequest())
        XCTAssertEqual(health.status, .serving)
    }

    // MARK: Request ids and head fields

    func testOversizedRequestIDIsReplacedAndNeverLogged() throws {
        let client = try rawClient()
        let hostile = String(repeating: "A", count: 64 * 1024)
        let id = try client.request(RequestHead(method: TestAPI.context.name, requestID: hostile),
                                    payload: try BinaryEncoder().encode(TestMessage(text: "")))
        let (head, payload) = try client.response(for: id)
        XCTAssertEqual(head.status, .ok, head.message)
        let seen = try BinaryDecoder().decode(ContextEcho.self, from: payload).requestID
        XCTAssertTrue(RequestHead.isValidRequestID(seen), seen)
        XCTAssertEqual(seen.count, 16, "a generated id")
        let lines = mesh.logLines()
        XCTAssertFalse(lines.contains { $0.contains(String(repeating: "A", count: 65)) }, "the caller's id reached a log line")
        let replaced = lines.first { $0.contains("\"request_id_replaced\":\"65536\"") }
        XCTAssertNotNil(replaced, lines.joined())
        XCTAssertTrue(replaced?.contains("\"request_id\":\"\(seen)\"") ?? false, replaced ?? "")
    }

    func testRequestIDWithUnloggableCharactersIsReplaced() throws {
        let client = try rawClient()
        let id = try client.request(RequestHead(method: TestAPI.context.name, requestID: "x\"}\n{\"level\":\"error"),
                                    payload: try BinaryEncoder().encode(TestMessage(text: "")))
        let (head, payload) = try client.response(for: id)
        XCTAssertEqual(head.status, .ok, head.message)
        XCTAssertTrue(RequestHead.isValidRequestID(try BinaryDecoder().decode(ContextEcho.self, from: payload).requestID))
        XCTAssertTrue(mesh.logLines().contains { $0.contains("\"request_id_replaced\":\"19\"") })
    }

    /// A caller that sends an unfit id with every call gets one line per interval, with the count, not one per call.
    func testReplacedRequestIDsAreLoggedOncePerInterval() throws {
        let client = try rawClient()
        for _ in 0..<20 {
            let id = try client.request(RequestHead(method: TestAPI.context.name, requestID: "has space"),
                                        payload: try BinaryEncoder().encode(TestMessage(text: "")))
            XCTAssertEqual(try client.response(for: id).0.status, .ok)
        }
        let lines = mesh.logLines().filter { $0.contains("request_id_replaced") }
        XCTAssertEqual(lines.count, 1, lines.joined(separator: "\n"))
    }

    func testValidRequestIDIsKeptAndEmptyOneIsMadeQuietly() throws {
        let client = try rawClient()
        let kept = try client.request(RequestHead(method: TestAPI.context.name, requestID: "req.42:attempt_2"),
                                      payload: try BinaryEncoder().encode(TestMessage(text: "")))
        XCTAssertEqual(try BinaryDecoder().decode(ContextEcho.self, from: try client.response(for: kept).1).requestID, "req.42:attempt_2")
        let empty = try client.request(RequestHead(method: TestAPI.context.name, requestID: ""),
                                       payload: try BinaryEncoder().encode(TestMessage(text: "")))
        XCTAssertEqual(try BinaryDecoder().decode(ContextEcho.self, from: try client.response(for: empty).1).requestID.count, 16)
        XCTAssertFalse(mesh.logLines().contains { $0.contains("request_id_replaced") })
    }

    func testOversizedHeadFieldsAreInvalidArgumentOnTheirStream() throws {
        let client = try rawClient()
        let heads = [
            RequestHead(method: String(repeating: "m", count: 4096), requestID: "h-1"),
            RequestHead(method: TestAPI.echo.name, requestID: "h-2", idempotencyKey: String(repeating: "k", count: 4096)),
            RequestHead(method: TestAPI.echo.name, requestID: "h-3", metadata: (0..<1000).map { ("k\($0)", "v") }),
            RequestHead(method: TestAPI.echo.name, requestID: "h-4", metadata: [("k", String(repeating: "v", count: 60_000))]),
        ]
        for head in heads {
            let id = try client.request(head, payload: try BinaryEncoder().encode(TestMessage(text: "")))
            let (answer, _) = try client.response(for: id)
            XCTAssertEqual(answer.status, .invalidArgument, head.requestID)
            XCTAssertTrue(answer.message.hasPrefix("REQUEST: "), answer.message)
        }
        try assertServing(client)
    }

    func testLogLinesBoundWhatPeersChoose() {
        let (sink, lines) = LogSink.memory()
        let logger = Logger(service: "test", sink: sink)
        logger.info(String(repeating: "m", count: 5000), [("reason", String(repeating: "r", count: 5000))])
        let line = lines().first ?? ""
        XCTAssertLessThan(line.utf8.count, Logger.maximumFieldScalars + Logger.maximumMessageScalars + 300, line)
        XCTAssertTrue(line.contains("(\(5000 - Logger.maximumFieldScalars) more characters)"), line)
        XCTAssertTrue(line.contains("(\(5000 - Logger.maximumMessageScalars) more characters)"), line)
        XCTAssertNoThrow(try JSONSerialization.jsonObject(with: Data(line.utf8)), "still one JSON object")
    }
}

import Foundation
import SamenRPC
import SamenTLS
import Synchronization
import SamenTestSupport
import XCTest

final class CallSemanticsTests: XCTestCase {
    private var mesh: TestMesh!
    private var server: RPCServer!
    private var port = 0
    private let handlerSawCancellation = Flag()
    private let handlerStarted = Flag()

    override func setUp() async throws {
        mesh = try TestMesh()
        server = RPCServer(configuration: try mesh.serverConfiguration())
        server.register(TestAPI.echo, allow: .anyAuthenticated) { request, _ in request }
        server.register(TestAPI.sleep, allow: .anyAuthenticated) { request, _ in
            try await Task.sleep(for: .milliseconds(request.milliseconds))
            return TestMessage(text: request.text)
        }
        let sawCancellation = handlerSawCancellation
        let started = handlerStarted
        server.register(TestAPI.waitForCancel, allow: .anyAuthenticated) { _, _ in
            started.set()
            do {
                try await Task.sleep(for: .seconds(30))
            } catch is CancellationError {
                sawCancellation.set()
                throw CancellationError()
            }
            return TestMessage(text: "never")
        }
        server.register(TestAPI.fail, allow: .anyAuthenticated) { request, _ in
            if request.text == "typed" { throw RPCError(.failedPrecondition, "trajectory already transferred", details: ["field": "region"]) }
            if request.text == "many details" {
                var details = Dictionary(uniqueKeysWithValues: (10..<50).map { ("k\($0)", "v") })
                details[String(repeating: "x", count: 65)] = "key too long"
                details["a-long"] = String(repeating: "é", count: 600)
                throw RPCError(.aborted, "conflict", details: details)
            }
            struct Secret: Error { let insz = "85073003328" }
            throw Secret()
        }
        server.register(TestAPI.restricted, allow: .services(["trajectory"], regions: .anyRegion)) { request, _ in request }
        server.register(TestAPI.context, allow: .anyAuthenticated) { _, context in
            ContextEcho(peer: context.peer.uri, requestID: context.requestID, idempotencyKey: context.idempotencyKey,
                        metadata: Dictionary(context.metadata, uniquingKeysWith: { a, _ in a }), hasDeadline: context.deadline != nil)
        }
        server.register(TestAPI.count, allow: .anyAuthenticated) { request, _, stream in
            for index in 0..<max(0, request.upTo) {
                try await stream.send(TestMessage(text: "\(index)"))
            }
            if request.upTo < 0 { throw RPCError(.invalidArgument, "upTo must not be negative") }
        }
        port = try server.start()
    }

    override func tearDown() async throws {
        await server.drain(grace: .seconds(1))
    }

    func testManyConcurrentCallsCompleteOutOfOrder() async throws {
        let client = try mesh.client(port: port)
        let order = Recorder<Int>()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<300 {
                group.addTask {
                    // Later calls sleep less, so they finish first.
                    let reply = try await client.call(TestAPI.sleep, SleepRequest(milliseconds: (300 - index) % 60 * 5, text: "call \(index)"))
                    XCTAssertEqual(reply.text, "call \(index)")
                    order.append(index)
                }
            }
            try await group.waitForAll()
        }
        let completed = order.all
        XCTAssertEqual(completed.count, 300)
        XCTAssertNotEqual(completed, completed.sorted(), "responses should arrive in a different order than requests")
    }

    func testDeadlineExceededReachesCallerAndCancelsHandler() async throws {
        let client = try mesh.client(port: port)
        let error = await assertRPCError(.deadlineExceeded) {
            try await client.call(TestAPI.waitForCancel, TestMessage(text: "x"), options: CallOptions(timeout: .milliseconds(150)))
        }
        XCTAssertTrue(error?.message.contains("test.echo/wait-for-cancel") ?? false)
        await eventually { handlerSawCancellation.isSet }
        // The connection is fine afterwards.
        let reply = try await client.call(TestAPI.echo, TestMessage(text: "after"))
        XCTAssertEqual(reply.text, "after")
    }

    func testServerEnforcesDeadlineItReceived() async throws {
        let client = try mesh.client(port: port) { $0.defaultTimeout = .seconds(60) }
        // The client's own timer is longer than the server's view is irrelevant here: both use the same timeout,
        // so check the server's answer by giving the handler a sleep longer than the timeout.
        await assertRPCError(.deadlineExceeded) {
            try await client.call(TestAPI.sleep, SleepRequest(milliseconds: 2_000, text: "slow"), options: CallOptions(timeout: .milliseconds(100)))
        }
    }

    func testCancellationReachesHandler() async throws {
        let client = try mesh.client(port: port)
        let started = handlerStarted
        let task = Task {
            try await client.call(TestAPI.waitForCancel, TestMessage(text: "x"))
        }
        await eventually { started.isSet }
        task.cancel()
        do {
            _ = try await task.value
            XCTFail("a cancelled call must not return a result")
        } catch let error as RPCError {
            XCTAssertEqual(error.status, .cancelled)
        }
        await eventually { handlerSawCancellation.isSet }
        let alive = try await client.call(TestAPI.echo, TestMessage(text: "alive"))
        XCTAssertEqual(alive.text, "alive")
    }

    func testCallDeniedByPolicy() async throws {
        let intake = try mesh.client(port: port, as: "intake")
        let error = await assertRPCError(.permissionDenied) {
            try await intake.call(TestAPI.restricted, TestMessage(text: "x"))
        }
        XCTAssertEqual(error?.message, "samen://gent/intake/1 may not call test.echo/restricted; allowed: services trajectory of any region")
        let trajectory = try mesh.client(port: port, as: "trajectory", region: "antwerpen")
        let allowed = try await trajectory.call(TestAPI.restricted, TestMessage(text: "ok"))
        XCTAssertEqual(allowed.text, "ok")
    }

    func testHandlerErrorsMapToStatuses() async throws {
        let client = try mesh.client(port: port)
        let typed = await assertRPCError(.failedPrecondition) { try await client.call(TestAPI.fail, TestMessage(text: "typed")) }
        XCTAssertEqual(typed?.message, "trajectory already transferred")
        XCTAssertEqual(typed?.details, ["field": "region"])
        let untyped = await assertRPCError(.internal) { try await client.call(TestAPI.fail, TestMessage(text: "other")) }
        XCTAssertTrue(untyped?.message.contains("request id") ?? false)
        XCTAssertFalse(untyped?.message.contains("85073003328") ?? true, "error text must not leak to the caller")
    }

    /// Details beyond what a client reads (docs/PROTOCOL.md §5.3) are cut by the server, so the caller still gets
    /// the handler's status rather than an unreadable response.
    func testHandlerDetailsBeyondTheLimitsAreCutNotFatal() async throws {
        let client = try mesh.client(port: port)
        let error = await assertRPCError(.aborted) { try await client.call(TestAPI.fail, TestMessage(text: "many details")) }
        XCTAssertEqual(error?.message, "conflict")
        XCTAssertEqual(error?.details.count, 32)
        XCTAssertEqual(error?.details["k10"], "v", "the first keys in order are kept")
        XCTAssertNil(error?.details[String(repeating: "x", count: 65)])
        XCTAssertEqual(error?.details["a-long"], String(repeating: "é", count: 512), "a long value is cut at a character boundary")
    }

    func testContextCarriesIdentityRequestIDMetadataAndKey() async throws {
        let client = try mesh.client(port: port, as: "intake", region: "brussel")
        let echo = try await client.call(TestAPI.context, TestMessage(text: ""),
                                         options: CallOptions(requestID: "req-42", idempotencyKey: "key-7", metadata: [("desk", "gent-1")]))
        XCTAssertEqual(echo, ContextEcho(peer: "samen://brussel/intake/1", requestID: "req-42", idempotencyKey: "key-7",
                                         metadata: ["desk": "gent-1"], hasDeadline: true))
    }

    func testServerStreamingDeliversItemsInOrderThenEnds() async throws {
        let client = try mesh.client(port: port)
        var items: [String] = []
        for try await item in client.stream(TestAPI.count, CountRequest(upTo: 500)) {
            items.append(item.text)
        }
        XCTAssertEqual(items, (0..<500).map(String.init))
        do {
            for try await _ in client.stream(TestAPI.count, CountRequest(upTo: -1)) {}
            XCTFail("the stream should end with an error")
        } catch let error as RPCError {
            XCTAssertEqual(error.status, .invalidArgument)
            XCTAssertEqual(error.message, "upTo must not be negative")
        }
    }

    func testLogsAreJSONWithRequestIDAndNoBodies() async throws {
        let client = try mesh.client(port: port)
        _ = try? await client.call(TestAPI.fail, TestMessage(text: "Fatima El Amrani"), options: CallOptions(requestID: "req-log-1"))
        _ = try? await client.call(TestAPI.restricted, TestMessage(text: "Fatima El Amrani"), options: CallOptions(requestID: "req-log-2"))
        let lines = mesh.logLines()
        XCTAssertFalse(lines.isEmpty)
        for line in lines {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            XCTAssertNotNil(object?["ts"])
            XCTAssertNotNil(object?["level"])
            XCTAssertNotNil(object?["msg"])
            XCTAssertFalse(line.contains("Fatima"), "a log line contains a message body: \(line)")
        }
        XCTAssertTrue(lines.contains { $0.contains("\"request_id\":\"req-log-1\"") && $0.contains("handler failed") })
        XCTAssertTrue(lines.contains { $0.contains("\"request_id\":\"req-log-2\"") && $0.contains("denied by policy") })
    }

    func testRequestLargerThanServerLimitFailsBeforeSending() async throws {
        let client = try mesh.client(port: port) { $0.compressionThreshold = .max }
        let big = TestMessage(text: "", bytes: [UInt8](repeating: 1, count: 1))
        _ = try await client.call(TestAPI.echo, big)
        let error = await assertRPCError(.resourceExhausted) {
            try await client.call(TestAPI.context, TestMessage(text: String(repeating: "x", count: 5 << 20)))
        }
        XCTAssertTrue(error?.message.contains("exceeds the server's frame limit") ?? false)
    }

    func testLargePayloadIsCompressedAndRoundTrips() async throws {
        let client = try mesh.client(port: port)
        let text = String(repeating: "inburgeringstraject ", count: 20_000)  // 400 KB, compressible
        let reply = try await client.call(TestAPI.echo, TestMessage(text: text))
        XCTAssertEqual(reply.text, text)
    }
}

import SamenCodec
import SamenRPC
import SamenTestSupport
import SamenWire
import XCTest

/// What one peer can make a server hold is bounded: a peer that sends but never reads cannot make it buffer answers
/// without end (once a connection's output is above its high-water mark, the server stops reading that connection
/// until the output drains), and requests whose handlers are still running hold a bounded number of bytes.
final class BackpressureTests: XCTestCase {
    private var mesh: TestMesh!
    private var server: RPCServer!
    private var port = 0

    override func setUp() async throws {
        mesh = try TestMesh()
        (server, port) = try mesh.startEchoServer(register: { server in
            server.register(TestAPI.waitForCancel, allow: .anyAuthenticated) { _, _ in
                try await Task.sleep(for: .seconds(60))
                return TestMessage(text: "late")
            }
        })
    }

    override func tearDown() async throws {
        await server.drain(grace: .milliseconds(100))
    }

    func testPeerThatNeverReadsStallsInsteadOfGrowingTheServersOutput() async throws {
        let raw = try RawClient(port: port, credentials: mesh.credentials(mesh.identity("intake")))
        _ = try raw.open()
        raw.setSendTimeout(seconds: 2)
        // Requests for an unknown method, answered at once: each answer is a little larger than its request.
        let method = "test.echo/" + String(repeating: "u", count: 118)
        var burst: [UInt8] = []
        for streamID in UInt32(1)...512 {
            var body: [UInt8] = []
            RequestHead(method: method, requestID: "r").encode(into: &body)
            Frame(type: .request, streamID: streamID, body: body).encode(into: &burst)
        }
        // 64 MiB of requests, never reading an answer. A server that keeps reading takes them all and holds some
        // 64 MiB of answers; one that stops reading leaves the sender blocked once the sockets' buffers are full.
        // A refused request leaves no call open, so the same stream ids can be sent again.
        var sent = 0
        while sent < 64 << 20 {
            do {
                try raw.write(burst)
            } catch {
                break  // the write blocked past its timeout: the server stopped reading
            }
            sent += burst.count
        }
        XCTAssertLessThan(sent, 48 << 20, "the server read \(sent) bytes of requests while its answers were not read")

        // Everyone else is still served.
        let client = try mesh.client(port: port)
        let reply = try await client.call(TestAPI.echo, TestMessage(text: "still serving"))
        XCTAssertEqual(reply.text, "still serving")
    }

    /// The pause ends when the output is written: a client that reads gets every answer of a burst far larger than
    /// the high-water mark.
    func testReadingResumesOnceTheOutputDrains() async throws {
        let client = try mesh.client(port: port)
        let text = String((0..<(1 << 20)).map { _ in Character(UnicodeScalar(UInt8.random(in: 97...122))) })
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<32 {
                group.addTask {
                    let reply = try await client.call(TestAPI.echo, TestMessage(text: "\(index)" + text))
                    XCTAssertEqual(reply.text.count, text.count + "\(index)".count)
                }
            }
            try await group.waitForAll()
        }
    }

    /// 32 requests of 3 MiB to a handler that takes its time: 96 MiB the server would hold for one connection.
    /// Those beyond the budget of request bytes in flight are refused at once; the others run.
    func testRequestsInFlightHoldABoundedNumberOfBytesPerConnection() async throws {
        let raw = try RawClient(port: port, credentials: mesh.credentials(mesh.identity("intake")))
        _ = try raw.open()
        let payload = try BinaryEncoder().encode(TestMessage(text: String(repeating: "x", count: 3 << 20)))
        let total = 32
        for _ in 0..<total { try raw.request(TestAPI.waitForCancel.name, payload: payload) }
        let limit = try mesh.serverConfiguration().maximumRequestBytesInFlight
        let accepted = limit / payload.count
        XCTAssertLessThan(accepted, total)
        for _ in accepted..<total {
            let frame = try raw.readFrame()
            var reader = ByteReader(frame.body, context: "RESPONSE")
            let head = try ResponseHead.decode(&reader)
            XCTAssertEqual(frame.type, .response)
            XCTAssertGreaterThan(frame.streamID, UInt32(accepted), "the first requests run")
            XCTAssertEqual(head.status, .resourceExhausted, head.message)
            XCTAssertTrue(head.message.contains("bytes of requests already in flight on this connection"), head.message)
        }
        XCTAssertEqual(server.callsInFlight, accepted)
    }

    /// A peer that stops reading while a stream is sent to it: the handler waits for the output to drain, and the
    /// server closes the connection once the peer has read nothing for the read timeout, ending the handler too.
    func testPeerThatReadsNothingForTheReadTimeoutIsClosed() async throws {
        var configuration = try mesh.serverConfiguration()
        configuration.readTimeout = .seconds(1)
        let stalled = RPCServer(configuration: configuration)
        let ended = Flag()
        stalled.register(StreamBufferTests.text, allow: .anyAuthenticated) { request, _, stream in
            defer { ended.set() }
            for size in request.sizes { try await stream.send(TestMessage(text: String(repeating: "x", count: size))) }
        }
        let stalledPort = try stalled.start()
        let raw = try RawClient(port: stalledPort, credentials: mesh.credentials(mesh.identity("intake")))
        // No compression: each item costs its full size in the server's output.
        _ = try raw.open(hello: Hello(maximumFrameSize: 64 << 20, maximumConcurrentRequests: 100, compression: []))
        try raw.request(StreamBufferTests.text.name, payload: try BinaryEncoder().encode(BytesRequest(sizes: Array(repeating: 64 * 1024, count: 100_000))))
        await eventually(timeout: .seconds(60)) { stalled.connectionCount == 0 }
        await eventually { ended.isSet }
        XCTAssertTrue(mesh.logLines().contains { $0.contains("read nothing") }, "the closing reason is logged")
        await stalled.drain(grace: .milliseconds(100))
    }

    /// A server that floods a client with PINGs and never reads the PONGs: the client stops answering while its
    /// output is backed up, so the flood cannot grow the client's memory.
    func testServerThatPingsWithoutReadingGetsNoMorePongsOnceTheClientIsBackedUp() async throws {
        let rogue = try RawServer(mesh: mesh, identity: mesh.identity("echo"))
        let client = try mesh.client(port: rogue.port) { $0.keepaliveInterval = nil }
        let call = Task { try await client.call(TestAPI.echo, TestMessage(text: "never answered"), options: CallOptions(timeout: .seconds(120))) }
        let pings = 2 << 20  // 28 MiB of PINGs
        let pongs = try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Int, any Error>) in
            DispatchQueue.global().async {
                do {
                    try rogue.acceptAndOpen()
                    var burst: [UInt8] = []
                    for index in 0..<4096 { Frame(type: .ping, streamID: 0, body: [0, 0, 0, 0, 0, 0, 0, UInt8(index % 256)]).encode(into: &burst) }
                    for _ in 0..<(pings / 4096) { try rogue.write(burst) }
                    // Now read what the client answered, until it has nothing more to say.
                    rogue.setReceiveTimeout(seconds: 2)
                    var pongs = 0
                    while let frame = try rogue.readFrame() {
                        if frame.type == .pong { pongs += 1 }
                    }
                    continuation.resume(returning: pongs)
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
        XCTAssertGreaterThan(pongs, 0, "PINGs are answered while the output is not backed up")
        XCTAssertLessThan(pongs, pings / 2, "the client answered \(pongs) of \(pings) PINGs that were not read")
        call.cancel()
    }
}

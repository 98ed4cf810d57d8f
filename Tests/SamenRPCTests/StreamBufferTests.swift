import SamenRPC
import SamenTestSupport
import XCTest

/// A client holds a bounded amount of a server stream that its consumer has not taken (docs/PROTOCOL.md §7):
/// a server that streams faster than the consumer reads ends the stream with `resource_exhausted`, not the
/// client's memory.
final class StreamBufferTests: XCTestCase {
    private var mesh: TestMesh!
    private var server: RPCServer!
    private var port = 0
    private let handlerEnded = Flag()
    /// Streams one text item of each size; they deflate to almost nothing on the wire, and take their full size in
    /// the client once received.
    static let text = ServerStreamingMethod<BytesRequest, TestMessage>("test.echo/text")
    /// The same items, then the stream stays open until the caller cancels it: the handler ends only when the client
    /// gave up on the stream, not as soon as its items are queued (they deflate so well that this takes no time).
    static let textHeldOpen = ServerStreamingMethod<BytesRequest, TestMessage>("test.echo/textHeldOpen")

    override func setUp() async throws {
        mesh = try TestMesh()
        server = RPCServer(configuration: try mesh.serverConfiguration())
        server.register(StreamBufferTests.text, allow: .anyAuthenticated) { request, _, stream in
            for size in request.sizes {
                try await stream.send(TestMessage(text: String(repeating: "x", count: size)))
            }
        }
        let ended = handlerEnded
        server.register(StreamBufferTests.textHeldOpen, allow: .anyAuthenticated) { request, _, stream in
            defer { ended.set() }
            for size in request.sizes {
                try await stream.send(TestMessage(text: String(repeating: "x", count: size)))
            }
            try await Task.sleep(for: .seconds(120))  // a hang guard: the client's CANCEL ends it
        }
        port = try server.start()
    }

    override func tearDown() async throws {
        await server.drain(grace: .seconds(1))
    }

    func testConsumerThatFallsBehindGetsResourceExhaustedAfterWhatWasBuffered() async throws {
        let client = try mesh.client(port: port)
        // 64 items of 1 MiB, well over what a client holds for one stream.
        let count = 64
        // The consumer stops taking items until the client has cancelled the stream.
        let (items, failure) = try await consumeAfterFallingBehind(
            client.stream(StreamBufferTests.textHeldOpen, BytesRequest(sizes: Array(repeating: 1 << 20, count: count))), until: handlerEnded)
        XCTAssertEqual(failure?.status, .resourceExhausted, "\(items) items and then \(String(describing: failure))")
        XCTAssertTrue(failure?.message.contains("not taken") ?? false, failure?.message ?? "")
        XCTAssertGreaterThan(items, 1, "the items buffered before the limit are delivered first")
        XCTAssertLessThan(items, count)

        // A consumer that keeps up gets a stream of more than the bound whole (items below the compression
        // threshold, so what arrives is what is held), and the connection still serves.
        let small = Array(repeating: 6 * 1024, count: 4096)
        var whole = 0
        for try await _ in client.stream(StreamBufferTests.text, BytesRequest(sizes: small)) { whole += 1 }
        XCTAssertEqual(whole, small.count)
    }
}

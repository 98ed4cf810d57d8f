import Foundation
import SamenContracts
import SamenDiscovery
import SamenRPC
import SamenTestSupport
import XCTest

/// A stream through discovery keeps the client's bound on what its consumer has not taken (docs/PROTOCOL.md §7):
/// the channel passes items on as they are asked for, it does not collect them.
final class DiscoveryStreamTests: XCTestCase {
    /// Streams one text item per size; the items deflate to almost nothing on the wire.
    static let text = ServerStreamingMethod<TextSizes, EchoReply>("test.echo/text")

    struct TextSizes: Codable, Sendable { var sizes: [Int] }

    func testConsumerThatFallsBehindGetsResourceExhausted() async throws {
        let mesh = try TestMesh()
        let registry = try await mesh.startRegistry()
        let identity = mesh.identity("echo", instance: "1")
        let server = RPCServer(configuration: try mesh.serverConfiguration(identity))
        let ended = Flag()
        server.register(DiscoveryStreamTests.text, allow: .anyAuthenticated) { request, _, stream in
            defer { ended.set() }
            for size in request.sizes { try await stream.send(EchoReply(text: String(repeating: "x", count: size), instance: "1")) }
            // Open until the client cancels: the handler ends when the client gave up on the stream, not as soon
            // as its items are queued (they deflate so well that this takes no time). 120 s is a hang guard.
            try await Task.sleep(for: .seconds(120))
        }
        let port = try server.start()
        _ = try await mesh.registryClient(port: registry.port, as: identity).register(
            RegisterRequest(service: "echo", region: "gent", instance: "1", address: Endpoint(host: "127.0.0.1", port: port),
                            version: "1", ttlSeconds: 60))
        let directory = try mesh.serviceDirectory(registry: registry.endpoint)
        let count = 64
        let (items, failure) = try await consumeAfterFallingBehind(
            directory.channel(service: "echo").stream(DiscoveryStreamTests.text, TextSizes(sizes: Array(repeating: 1 << 20, count: count))),
            until: ended)
        XCTAssertEqual(failure?.status, .resourceExhausted, "\(items) items and then \(String(describing: failure))")
        XCTAssertLessThan(items, count)

        await directory.shutdown()
        await server.drain()
        await registry.stop()
    }
}

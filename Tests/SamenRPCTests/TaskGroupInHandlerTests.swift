import SamenRPC
import SamenTestSupport
import XCTest

/// Handlers may use structured concurrency; a task group inside a handler must see every child's result.
final class TaskGroupInHandlerTests: XCTestCase {
    static let fanOut = UnaryMethod<CountRequest, TestMessage>("test.echo/fan-out")

    func testTaskGroupInHandlerCollectsEveryChild() async throws {
        let mesh = try TestMesh()
        let server = RPCServer(configuration: try mesh.serverConfiguration())
        let backend = RPCServer(configuration: try mesh.serverConfiguration("backend"))
        backend.register(TestAPI.echo, allow: .anyAuthenticated) { request, _ in request }
        let backendPort = try backend.start()
        let onward = try mesh.client(port: backendPort, as: "echo")
        server.register(Self.fanOut, allow: .anyAuthenticated) { request, _ in
            let results = await withTaskGroup(of: Int.self) { group in
                for index in 0..<request.upTo {
                    group.addTask {
                        // A child that calls onwards, as a registry asking its peers does.
                        let reply = try? await onward.call(TestAPI.echo, TestMessage(text: "\(index)"))
                        return Int(reply?.text ?? "") ?? -1
                    }
                }
                var results: [Int] = []
                for await value in group { results.append(value) }
                return results
            }
            return TestMessage(text: results.sorted().map(String.init).joined(separator: ","))
        }
        let port = try server.start()
        let client = try mesh.client(port: port)
        for count in [1, 2, 5] {
            let reply = try await client.call(Self.fanOut, CountRequest(upTo: count))
            XCTAssertEqual(reply.text, (0..<count).map(String.init).joined(separator: ","))
        }
        await server.drain(grace: .seconds(1))
        await backend.drain(grace: .seconds(1))
    }
}

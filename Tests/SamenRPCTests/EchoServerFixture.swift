import SamenRPC
import SamenTestSupport

extension TestMesh {
    /// A started server of this mesh that answers `TestAPI.echo` for any peer, with the test's own settings and
    /// further methods: the server most runtime tests talk to.
    func startEchoServer(configure: (inout RPCServer.Configuration) -> Void = { _ in },
                         register: (RPCServer) -> Void = { _ in }) throws -> (server: RPCServer, port: Int) {
        var configuration = try serverConfiguration()
        configure(&configuration)
        let server = RPCServer(configuration: configuration)
        server.register(TestAPI.echo, allow: .anyAuthenticated) { request, _ in request }
        register(server)
        return (server, try server.start())
    }

    /// A hand-driven client with the intake service's certificate; HELLO exchanged unless `open` is false.
    func rawClient(port: Int, open: Bool = true) throws -> RawClient {
        let client = try RawClient(port: port, credentials: try credentials(identity("intake")))
        if open { _ = try client.open() }
        return client
    }
}

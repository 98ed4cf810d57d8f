import Foundation
import SamenContracts
import SamenDiscovery
import SamenRPC
import SamenTestSupport
import SamenTLS

/// The method the test instances serve: answers with the instance's name, so tests see who served a call.
enum EchoAPI {
    static let echo = UnaryMethod<EchoRequest, EchoReply>("test.echo/echo")
}

struct EchoRequest: Codable, Sendable { var text: String }
struct EchoReply: Codable, Sendable, Equatable { var text: String; var instance: String }

/// One echo instance: a plain server registered by hand, so that stopping it is a crash as far as the registry
/// knows (no deregistration).
struct EchoInstance: Sendable {
    let server: RPCServer
    let port: Int
    var endpoint: Endpoint { Endpoint(host: "127.0.0.1", port: port) }
}

extension TestMesh {
    func startEchoInstance(_ instance: String, registry: RunningRegistry) async throws -> EchoInstance {
        let identity = identity("echo", instance: instance)
        let server = RPCServer(configuration: try serverConfiguration(identity))
        server.register(EchoAPI.echo, allow: .anyAuthenticated) { request, _ in EchoReply(text: request.text, instance: instance) }
        let port = try server.start()
        let registryClient = try registryClient(port: registry.port, as: identity)
        _ = try await registryClient.register(RegisterRequest(service: "echo", region: "gent", instance: instance,
                                                              address: Endpoint(host: "127.0.0.1", port: port), version: "1",
                                                              ttlSeconds: 60))
        return EchoInstance(server: server, port: port)
    }

    func serviceDirectory(registry: Endpoint, as service: String = "intake") throws -> ServiceDirectory {
        var configuration = ServiceDirectory.Configuration(registries: [registry], tls: try tls(.client, identity(service)),
                                                           logger: logger("\(service)-discovery"))
        configuration.clientInitialBackoff = .milliseconds(20)
        configuration.clientMaximumBackoff = .milliseconds(200)
        return ServiceDirectory(configuration: configuration, group: group)
    }
}

import Foundation
import SamenContracts
import SamenDiscovery
import SamenHost
import SamenRPC
import SamenTestSupport
import XCTest

final class ServiceHostTests: XCTestCase {
    private func makeHost(_ mesh: TestMesh, instance: String, registry: Endpoint) throws -> ServiceHost {
        let identity = mesh.identity("echo", instance: instance)
        var configuration = ServiceHost.Configuration(identity: identity, listen: Endpoint(host: "127.0.0.1", port: 0),
                                                      serverTLS: try mesh.tls(.server, identity), clientTLS: try mesh.tls(.client, identity),
                                                      registries: [registry], version: "test", logger: mesh.logger("echo"))
        configuration.ttlSeconds = 0.6
        configuration.initialRetryDelay = .milliseconds(20)
        configuration.maximumRetryDelay = .milliseconds(100)
        configuration.loopCount = 1
        return ServiceHost(configuration: configuration) { server, _ in
            server.register(EchoAPI.echo, allow: .anyAuthenticated) { request, _ in EchoReply(text: request.text, instance: instance) }
        }
    }

    func testRegistersHeartbeatsAndDeregistersWhenDraining() async throws {
        let mesh = try TestMesh()
        let registry = try await mesh.startRegistry { $0.minimumTTL = 0.1 }
        let host = try makeHost(mesh, instance: "1", registry: registry.endpoint)
        try host.start()
        let watcher = try mesh.registryClient(port: registry.port, as: mesh.identity("operator"))

        await eventually { host.isRegistered }
        let listed = try await watcher.lookup(LookupRequest(service: "echo"))
        XCTAssertEqual(listed.instances.map(\.uri), ["samen://gent/echo/1"])
        XCTAssertEqual(listed.instances.first?.address, host.registeredAddress)
        XCTAssertEqual(listed.instances.first?.ttlSeconds, 0.6)

        // Heartbeats at a third of the lease keep it passing over several lease lengths.
        await eventually { host.heartbeatCount >= 6 }
        let stillPassing = try await watcher.catalog(CatalogRequest()).instances
        XCTAssertEqual(stillPassing.map(\.health), [.passing])

        // Callers reach it through discovery.
        let directory = try mesh.serviceDirectory(registry: registry.endpoint)
        let reply = try await directory.channel(service: "echo").call(EchoAPI.echo, EchoRequest(text: "hallo"))
        XCTAssertEqual(reply.instance, "1")

        await host.drain()
        let afterDrain = try await watcher.lookup(LookupRequest(service: "echo"))
        XCTAssertEqual(afterDrain.instances, [], "deregistered before the drain finished")
        XCTAssertFalse(host.isRegistered)

        await directory.shutdown()
        await registry.stop()
    }

    func testRegistersOnceTheRegistryComesUp() async throws {
        let mesh = try TestMesh()
        let port = freePort()
        let host = try makeHost(mesh, instance: "2", registry: Endpoint(host: "127.0.0.1", port: port))
        try host.start()
        try await Task.sleep(for: .milliseconds(200))
        XCTAssertFalse(host.isRegistered, "no registry yet")
        // Serving does not wait for the registry.
        let direct = try mesh.client(port: host.server.port!, as: mesh.identity("intake"))
        let reply = try await direct.call(EchoAPI.echo, EchoRequest(text: "direct"))
        XCTAssertEqual(reply.instance, "2")

        let registry = try await mesh.startRegistry(port: port) { $0.minimumTTL = 0.1 }
        await eventually { host.isRegistered }
        let watcher = try mesh.registryClient(port: registry.port, as: mesh.identity("operator"))
        let listed = try await watcher.lookup(LookupRequest(service: "echo"))
        XCTAssertEqual(listed.instances.map(\.uri), ["samen://gent/echo/2"])

        await direct.close()
        await host.drain()
        await registry.stop()
    }
}

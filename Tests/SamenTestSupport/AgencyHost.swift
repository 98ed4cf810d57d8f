import Foundation
import SamenContracts
import SamenHost
import SamenRPC
import Synchronization

/// An agency service running in-process on the same `ServiceHost` its program runs on, registered with its
/// region's registry: what the meshes beside an `IntakeMesh` start per region.
public struct AgencyHost<Service: Sendable>: Sendable {
    public let host: ServiceHost
    public let service: Service
    public let port: Int

    /// Starts the service `make` builds for `identity`, registered with `registry`, and waits until the registry
    /// lists it. `servedRegions` are the other regions a central instance serves.
    public static func start(mesh: TestMesh, identity: ServiceIdentity, registry: Endpoint, servedRegions: Set<String> = [],
                             make: @escaping (ServiceIdentity, RPCServer) throws -> Service) async throws -> AgencyHost {
        var configuration = ServiceHost.Configuration(
            identity: identity, listen: Endpoint(host: "127.0.0.1", port: 0), serverTLS: try mesh.tls(.server, identity),
            clientTLS: try mesh.tls(.client, identity), registries: [registry], logger: mesh.logger(identity.service))
        configuration.loopCount = 2
        configuration.drainGrace = .seconds(2)
        configuration.initialRetryDelay = .milliseconds(20)
        configuration.servedRegions = servedRegions
        let box = Mutex<Service?>(nil)
        let host = try ServiceHost(configuration: configuration) { server, _ in
            let service = try make(identity, server)
            box.withLock { $0 = service }
        }
        let port = try host.start()
        let client = try mesh.registryClient(port: registry.port, as: identity)
        await eventually("\(identity.service) of \(identity.region) registered") {
            (try? await client.lookup(LookupRequest(service: identity.service, region: identity.region)))?.instances.isEmpty == false
        }
        return AgencyHost(host: host, service: box.withLock { $0! }, port: port)
    }
}

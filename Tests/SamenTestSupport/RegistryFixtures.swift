#if canImport(Glibc)
import Glibc
#endif
import Foundation
import RegistryService
import SamenContracts
import SamenRPC
import Synchronization

extension TestMesh {
    public func registryClient(port: Int, as identity: ServiceIdentity) throws -> RegistryClient {
        RegistryClient(channel: try client(port: port, as: identity))
    }

    /// Starts an in-process registry of `region` on `port` (0: any free port).
    public func startRegistry(region: String = "gent", database: String? = nil, port: Int = 0, peers: [String: [Endpoint]] = [:],
                              configure: (inout RegistryConfiguration) -> Void = { _ in }) async throws -> RunningRegistry {
        let identity = identity("registry", region: region)
        var configuration = RegistryConfiguration(identity: identity, databasePath: database ?? "\(directory)/\(region)-registry.sqlite",
                                                  peers: peers, clientTLS: try tls(.client, identity), logger: logger("registry"))
        configuration.group = group
        configuration.peerTimeout = .seconds(2)
        configuration.sweepInterval = .milliseconds(50)
        configure(&configuration)
        let service = try await RegistryService(configuration: configuration)
        var serverConfiguration = try serverConfiguration(identity, port: port)
        serverConfiguration.drainGrace = .seconds(2)
        let server = RPCServer(configuration: serverConfiguration)
        service.register(on: server)
        let bound = try server.start()
        return RunningRegistry(service: service, server: server, port: bound)
    }
}

/// A registry serving in-process.
public struct RunningRegistry: Sendable {
    public let service: RegistryService
    public let server: RPCServer
    public let port: Int

    public var endpoint: Endpoint { Endpoint(host: "127.0.0.1", port: port) }

    public func stop() async {
        await server.drain(grace: .milliseconds(500))
        await service.stop()
    }
}

/// A wall clock that moves only when told: leases then expire exactly when the test says.
public final class ManualClock: Sendable {
    private let current: Mutex<Date>
    public init(_ start: Date = Date()) { current = Mutex(start) }
    public var now: Date { current.withLock { $0 } }
    public func set(_ date: Date) { current.withLock { $0 = date } }
    public func advance(by seconds: Double) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }
    public var function: @Sendable () -> Date { { [self] in now } }
}

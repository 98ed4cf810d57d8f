import Foundation
import SamenContracts
import SamenRPC
import TolkdienstService

/// Tolkdienst in-process over real TLS: one or more instances of the same region's service, each its own server
/// and its own connections to the one `tolkdienst.sqlite` (as several processes sharing a data volume would), with
/// a clock the test moves.
public final class TolkdienstFixture: Sendable {
    public let mesh: TestMesh
    public let clock: ManualClock
    public let path: String
    private let instances: [(server: RPCServer, service: TolkdienstService, port: Int)]

    /// `start` is the clock's first instant; `servedRegions` makes gent's instance plan for other regions too.
    public init(instances count: Int = 1, servedRegions: [String] = [], start: Date = Date()) throws {
        mesh = try TestMesh()
        clock = ManualClock(start)
        path = "\(mesh.directory)/tolkdienst.sqlite"
        var instances: [(server: RPCServer, service: TolkdienstService, port: Int)] = []
        for number in 1...count {
            let identity = mesh.identity(TolkdienstAPI.service, instance: "\(number)")
            var configuration = TolkdienstService.Configuration(identity: identity, databasePath: path, logger: mesh.logger("tolkdienst"))
            configuration.servedRegions = servedRegions
            configuration.now = clock.function
            let service = try TolkdienstService(configuration: configuration)
            var serverConfiguration = try mesh.serverConfiguration(identity)
            serverConfiguration.servedRegions = Set(servedRegions)
            let server = RPCServer(configuration: serverConfiguration)
            service.register(on: server)
            instances.append((server, service, try server.start()))
        }
        self.instances = instances
    }

    public func port(instance: Int = 0) -> Int { instances[instance].port }

    /// A staff member's client of one instance (default: a planner of gent, of the first instance).
    public func staff(_ user: String = "an-planner", _ roles: [StaffRole] = [.planner], region: String = "gent",
                      instance: Int = 0) throws -> TolkdienstClient {
        TolkdienstClient(channel: try mesh.staffClient(port: port(instance: instance), user: user, roles: roles.map(\.rawValue), region: region))
    }

    /// A mesh service's client of the first instance.
    public func service(as name: String, region: String = "gent") throws -> TolkdienstClient {
        TolkdienstClient(channel: try mesh.client(port: port(), as: mesh.identity(name, region: region)))
    }

    public func stop() async {
        for instance in instances {
            await instance.server.drain(grace: .milliseconds(200))
            await instance.service.stop()
        }
    }
}

/// Tolkdienst beside an `IntakeMesh` (samenctl's demo loads both): an instance in each of its regions on the
/// program's `ServiceHost`, registered with the intake mesh's registries.
public final class TolkdienstMesh: Sendable {
    public let mesh: TestMesh
    private let running: [String: AgencyHost<TolkdienstService>]

    public init(beside intakes: IntakeMesh) async throws {
        mesh = intakes.mesh
        var running: [String: AgencyHost<TolkdienstService>] = [:]
        for region in intakes.regionNames {
            let logger = mesh.logger("tolkdienst")
            let path = "\(mesh.directory)/\(region)-tolkdienst.sqlite"
            running[region] = try await AgencyHost.start(mesh: mesh, identity: mesh.identity(TolkdienstAPI.service, region: region),
                                                         registry: intakes.registryEndpoint(region)) { identity, server in
                let service = try TolkdienstService(configuration: TolkdienstService.Configuration(identity: identity, databasePath: path, logger: logger))
                service.register(on: server)
                return service
            }
        }
        self.running = running
    }

    /// A staff member's client of the region's tolkdienst (default: a planner of that region).
    public func staff(_ region: String = "gent", user: String = "an-planner", roles: [StaffRole] = [.planner]) throws -> TolkdienstClient {
        TolkdienstClient(channel: try mesh.staffClient(port: running[region]!.port, user: user, roles: roles.map(\.rawValue), region: region))
    }

    public func stop() async {
        for instance in running.values {
            await instance.host.drain(grace: .milliseconds(200))
            await instance.service.stop()
        }
    }
}

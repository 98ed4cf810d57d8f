import Foundation
import ReportingService
import SamenContracts
import SamenHost
import SamenRPC
import Synchronization

/// A `TrajectoryMesh` (registries, intakes, trajectory services) with a verenigingen, a tolkdienst and a reporting
/// service in each region, in-process over real TLS: what an annual report is built across.
public final class ReportingMesh: Sendable {
    public let trajectories: TrajectoryMesh
    public let verenigingen: VerenigingenMesh?
    public let tolkdienst: TolkdienstMesh?
    /// Whether `stop()` stops the other services too (it started them).
    private let ownsServices: Bool
    private let running: Mutex<[String: (host: ServiceHost, service: ReportingService, port: Int)]> = Mutex([:])

    /// The tables every reporting service of the mesh declares.
    private let tables: [TableDeclaration]

    public convenience init(regions: [String] = ["gent"], tables: [TableDeclaration] = AnnualReport.tables) async throws {
        let trajectories = try await TrajectoryMesh(regions: regions)
        try await self.init(beside: trajectories, verenigingen: try await VerenigingenMesh(beside: trajectories.intakes),
                            tolkdienst: try await TolkdienstMesh(beside: trajectories.intakes), ownsServices: true, tables: tables)
    }

    /// Reporting in each region of meshes already running (samenctl's tests run them on a mesh home's CA).
    public init(beside trajectories: TrajectoryMesh, verenigingen: VerenigingenMesh?, tolkdienst: TolkdienstMesh? = nil, ownsServices: Bool = false,
                tables: [TableDeclaration] = AnnualReport.tables) async throws {
        self.trajectories = trajectories
        self.verenigingen = verenigingen
        self.tolkdienst = tolkdienst
        self.ownsServices = ownsServices
        self.tables = tables
        for region in trajectories.intakes.regionNames { try await start(region) }
    }

    public var intakes: IntakeMesh { trajectories.intakes }
    public var mesh: TestMesh { intakes.mesh }

    /// Drains the region's reporting service (it deregisters first) and closes its file.
    public func stopReporting(_ region: String) async {
        guard let running = running.withLock({ $0.removeValue(forKey: region) }) else { return }
        await running.host.drain(grace: .milliseconds(200))
        await running.service.stop()
    }

    /// Starts (or restarts, on the same file) the region's reporting service and waits until its registry lists it.
    public func start(_ region: String) async throws {
        let identity = mesh.identity(ReportingAPI.service, region: region)
        let registry = intakes.registryEndpoint(region)
        var hostConfiguration = ServiceHost.Configuration(
            identity: identity, listen: Endpoint(host: "127.0.0.1", port: 0), serverTLS: try mesh.tls(.server, identity),
            clientTLS: try mesh.tls(.client, identity), registries: [registry], logger: mesh.logger("reporting"))
        hostConfiguration.loopCount = 2
        hostConfiguration.drainGrace = .seconds(2)
        hostConfiguration.initialRetryDelay = .milliseconds(20)
        let logger = mesh.logger("reporting")
        let path = "\(mesh.directory)/\(region)-reporting.sqlite"
        let box = Mutex<ReportingService?>(nil)
        let tables = tables
        let host = try ServiceHost(configuration: hostConfiguration) { server, directory in
            var configuration = ReportingService.Configuration(identity: identity, databasePath: path, logger: logger)
            configuration.tables = tables
            let service = try ReportingService(configuration: configuration,
                                               source: DirectoryFigureSource(directory: directory, refreshAfter: .milliseconds(200), timeout: .seconds(10)))
            service.register(on: server)
            box.withLock { $0 = service }
        }
        let port = try host.start()
        let service = box.withLock { $0! }
        running.withLock { $0[region] = (host, service, port) }
        let client = try mesh.registryClient(port: registry.port, as: identity)
        await eventually("reporting of \(region) registered") {
            (try? await client.lookup(LookupRequest(service: ReportingAPI.service, region: region)))?.instances.isEmpty == false
        }
    }

    public func port(_ region: String) -> Int { running.withLock { $0[region]!.port } }

    /// A staff member's client of the region's reporting service (default: an analyst of that region).
    public func staff(_ region: String = "gent", user: String = "an-analyst", roles: [StaffRole] = [.analyst],
                      of staffRegion: String? = nil) throws -> ReportingClient {
        ReportingClient(channel: try mesh.staffClient(port: port(region), user: user, roles: roles.map(\.rawValue), region: staffRegion ?? region))
    }

    public func stop() async {
        for running in running.withLock({ state in defer { state = [:] }; return Array(state.values) }) {
            await running.host.drain(grace: .milliseconds(200))
            await running.service.stop()
        }
        guard ownsServices else { return }
        await verenigingen?.stop()
        await tolkdienst?.stop()
        await trajectories.stop()
    }
}

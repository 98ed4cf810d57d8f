import Foundation
import SamenContracts
import SamenHost
import SamenRPC
import Synchronization
import TrajectoryService

/// An `IntakeMesh` (registries and intakes) with a trajectory service in each region, in-process over real TLS:
/// what a signing runs across, since trajectory reads the person from intake through its service directory.
public final class TrajectoryMesh: Sendable {
    public let intakes: IntakeMesh
    private let running: Mutex<[String: RunningTrajectory]> = Mutex([:])

    /// Regions whose trajectory service the others reach through a proxy that can cut the link.
    private let proxies: [String: (proxy: FreezableProxy, port: Int)]

    struct RunningTrajectory: Sendable {
        let host: ServiceHost
        let service: TrajectoryService
        let port: Int
    }

    public convenience init(regions: [String] = ["gent"], proxied: Set<String> = []) async throws {
        try await self.init(intakes: IntakeMesh(regions: regions), regions: regions, proxied: proxied)
    }

    /// Trajectory services in `regions` of a mesh of intakes already running. Each region in `proxied` listens on a
    /// fixed port and advertises a `FreezableProxy` in front of it, so that `link(_:)` can cut and heal what the
    /// other regions' services see of it (staff clients go to it directly).
    public init(intakes: IntakeMesh, regions: [String], proxied: Set<String> = []) async throws {
        self.intakes = intakes
        var proxies: [String: (proxy: FreezableProxy, port: Int)] = [:]
        for region in proxied {
            let port = freePort()
            proxies[region] = (try FreezableProxy(targetPort: port), port)
        }
        self.proxies = proxies
        for region in regions { try await startTrajectory(region) }
    }

    /// The proxy in front of a region's trajectory service (nil: not proxied).
    public func proxy(_ region: String) -> FreezableProxy? { proxies[region]?.proxy }

    public var mesh: TestMesh { intakes.mesh }

    /// Starts (or restarts, on the same file) the region's trajectory service and waits until its registry lists it;
    /// `port` restarts it where it listened before.
    public func startTrajectory(_ region: String, port: Int = 0) async throws {
        let identity = mesh.identity(TrajectoryAPI.service, region: region)
        let registry = intakes.registryEndpoint(region)
        var hostConfiguration = ServiceHost.Configuration(
            identity: identity, listen: Endpoint(host: "127.0.0.1", port: proxies[region]?.port ?? port), serverTLS: try mesh.tls(.server, identity),
            clientTLS: try mesh.tls(.client, identity), registries: [registry], logger: mesh.logger("trajectory"))
        if let proxy = proxies[region]?.proxy { hostConfiguration.advertise = Endpoint(host: "127.0.0.1", port: proxy.port) }
        hostConfiguration.loopCount = 2
        hostConfiguration.drainGrace = .seconds(2)
        hostConfiguration.initialRetryDelay = .milliseconds(20)
        let box = Mutex<TrajectoryService?>(nil)
        let logger = mesh.logger("trajectory")
        let path = "\(mesh.directory)/\(region)-trajectory.sqlite"
        let host = try ServiceHost(configuration: hostConfiguration) { server, directory in
            var configuration = TrajectoryService.Configuration(identity: identity, databasePath: path, logger: logger)
            configuration.peerWork = PeerWork(interval: .milliseconds(200), retryInitial: .milliseconds(50), retryMaximum: .milliseconds(500),
                                              peerTimeout: .seconds(3))
            let intake = IntakeClient(channel: directory.channel(service: IntakeAPI.service, region: region))
            let service = try TrajectoryService(configuration: configuration, intake: intake,
                                                peers: DirectoryTrajectoryPeers(directory: directory, refreshAfter: .milliseconds(200)))
            service.register(on: server)
            service.start()
            box.withLock { $0 = service }
        }
        let port = try host.start()
        let service = box.withLock { $0! }
        running.withLock { $0[region] = RunningTrajectory(host: host, service: service, port: port) }
        let client = try mesh.registryClient(port: registry.port, as: identity)
        await eventually("trajectory of \(region) registered") {
            (try? await client.lookup(LookupRequest(service: TrajectoryAPI.service, region: region)))?.instances.isEmpty == false
        }
    }

    public func port(_ region: String) -> Int { running.withLock { $0[region]!.port } }

    /// The region's running trajectory service itself, for a test that drives its background work directly.
    public func runningService(_ region: String) -> TrajectoryService { running.withLock { $0[region]!.service } }

    /// Drains the region's trajectory service (it deregisters first) and closes its file; answers the port it had.
    @discardableResult
    public func stopTrajectory(_ region: String) async -> Int? {
        guard let running = running.withLock({ $0.removeValue(forKey: region) }) else { return nil }
        await running.host.drain(grace: .milliseconds(200))
        await running.service.stop()
        return running.port
    }

    /// A staff member's client of the region's MO exemption tests (default: a counsellor of that region).
    public func exemption(_ region: String = "gent", user: String = "an-counsellor", roles: [StaffRole] = [.counsellor],
                          of staffRegion: String? = nil) throws -> ExemptionClient {
        ExemptionClient(channel: try staff(region, user: user, roles: roles, of: staffRegion).channel)
    }

    /// A staff member's client of the region's trajectory service (default: a counsellor of that region).
    public func staff(_ region: String = "gent", user: String = "an-counsellor", roles: [StaffRole] = [.counsellor],
                      of staffRegion: String? = nil) throws -> TrajectoryClient {
        TrajectoryClient(channel: try mesh.staffClient(port: port(region), user: user, roles: roles.map(\.rawValue), region: staffRegion ?? region))
    }

    /// A staff member's client of the region's referrals, diploma files, certificates and import.
    public func records(_ region: String = "gent", user: String = "an-counsellor", roles: [StaffRole] = [.counsellor]) throws -> TrajectoryRecordsClient {
        TrajectoryRecordsClient(channel: try staff(region, user: user, roles: roles).channel)
    }

    /// A mesh service's client of the region's trajectory service.
    public func service(_ region: String = "gent", as service: String, of serviceRegion: String? = nil) throws -> TrajectoryClient {
        TrajectoryClient(channel: try mesh.client(port: port(region), as: mesh.identity(service, region: serviceRegion ?? region)))
    }

    /// A staff member's client of the region's transfers (default: a counsellor of that region).
    public func transfers(_ region: String, user: String = "an-counsellor", roles: [StaffRole] = [.counsellor],
                          of staffRegion: String? = nil) throws -> TransferClient {
        TransferClient(channel: try staff(region, user: user, roles: roles, of: staffRegion).channel)
    }

    /// A mesh service's client of the region's transfers.
    public func transfers(_ region: String, as service: String, of serviceRegion: String? = nil) throws -> TransferClient {
        TransferClient(channel: try self.service(region, as: service, of: serviceRegion).channel)
    }

    public func stop() async {
        for proxy in proxies.values { proxy.proxy.stop() }
        for running in running.withLock({ state in defer { state = [:] }; return Array(state.values) }) {
            await running.host.drain(grace: .milliseconds(200))
            await running.service.stop()
        }
        await intakes.stop()
    }
}

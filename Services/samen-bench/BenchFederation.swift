import Foundation
import IntakeService
import RegistryService
import ReportingService
import SamenContracts
import SamenDiscovery
import SamenHost
import SamenRPC
import SamenTLS
import Synchronization
import TolkdienstService
import TrajectoryService
import VerenigingenService

/// The regions `samen-bench intake`, `trajectory` and `report` measure, in this process over real TLS on loopback:
/// per region a registry (peered with the others), an intake, (with `trajectory`) a trajectory service and (with
/// `agency`) tolkdienst, verenigingen and reporting, each on its own `ServiceHost` with its SQLite file (WAL,
/// synchronous=FULL, as the services run) in `directory`, and staff holding staff certificates of that region.
final class BenchFederation: Sendable {
    struct Region: Sendable {
        let registry: RPCServer
        let registryService: RegistryService
        let intakeHost: ServiceHost
        let intake: IntakeService
        let intakePort: Int
        let trajectory: RunningTrajectory?
        /// Tolkdienst, verenigingen and reporting (with `agency`), each stopped by its closure.
        let agency: [RunningAgency]
    }

    struct RunningAgency: Sendable {
        let service: String
        let host: ServiceHost
        let port: Int
        let stop: @Sendable () async -> Void
    }

    struct RunningTrajectory: Sendable {
        let host: ServiceHost
        let service: TrajectoryService
        let port: Int
    }

    let ca: CertificateAuthority
    let regions: [String: Region]
    let group: EventLoopGroup

    /// `peerWork` paces the trajectory services' reconciler and outbox (their immediate steps do not wait for it).
    init(ca: CertificateAuthority, regions names: [String], directory: String, trajectory: Bool = false, agency: Bool = false,
         peerWork: PeerWork = PeerWork()) async throws {
        self.ca = ca
        group = EventLoopGroup(loopCount: 1, name: "bench-desks")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let logger = Logger(service: "samen-bench", minimumLevel: .warning)
        let ports = Dictionary(uniqueKeysWithValues: names.map { ($0, freePort()) })
        var regions: [String: Region] = [:]
        for name in names {
            let registryIdentity = try ServiceIdentity(region: name, service: "registry", instance: "1")
            var registryConfiguration = RegistryConfiguration(
                identity: registryIdentity, databasePath: "\(directory)/\(name)-registry.sqlite",
                peers: Dictionary(uniqueKeysWithValues: names.filter { $0 != name }.map { ($0, [Endpoint(host: "127.0.0.1", port: ports[$0]!)]) }),
                clientTLS: try Self.tls(.client, registryIdentity, ca: ca), logger: logger)
            registryConfiguration.group = group
            let registryService = try await RegistryService(configuration: registryConfiguration)
            let registry = RPCServer(configuration: RPCServer.Configuration(
                listen: Endpoint(host: "127.0.0.1", port: ports[name]!), tls: try Self.tls(.server, registryIdentity, ca: ca),
                identity: registryIdentity, version: "bench", logger: logger))
            registryService.register(on: registry)
            _ = try registry.start()

            let identity = try ServiceIdentity(region: name, service: IntakeAPI.service, instance: "1")
            let hostConfiguration = ServiceHost.Configuration(
                identity: identity, listen: Endpoint(host: "127.0.0.1", port: 0), serverTLS: try Self.tls(.server, identity, ca: ca),
                clientTLS: try Self.tls(.client, identity, ca: ca), registries: [Endpoint(host: "127.0.0.1", port: ports[name]!)],
                logger: logger)
            let made = Made()
            let path = "\(directory)/\(name)-intake.sqlite"
            let host = try ServiceHost(configuration: hostConfiguration) { server, directory in
                let service = try IntakeService(configuration: IntakeService.Configuration(identity: identity, databasePath: path, logger: logger),
                                                peers: DirectoryPeers(directory: directory))
                service.register(on: server)
                made.service = service
            }
            let port = try host.start()
            let running = trajectory ? try Self.startTrajectory(name, registry: ports[name]!, directory: directory, ca: ca,
                                                                peerWork: peerWork, logger: logger) : nil
            let agencyServices = agency ? try Self.startAgency(name, registry: ports[name]!, directory: directory, ca: ca, logger: logger) : []
            regions[name] = Region(registry: registry, registryService: registryService, intakeHost: host, intake: made.service!,
                                   intakePort: port, trajectory: running, agency: agencyServices)
        }
        self.regions = regions
        try await waitUntilListed(IntakeAPI.service)
        if trajectory { try await waitUntilListed(TrajectoryAPI.service) }
        if agency {
            for service in [TolkdienstAPI.service, VerenigingenAPI.service, ReportingAPI.service] { try await waitUntilListed(service) }
        }
    }

    /// Tolkdienst, verenigingen and reporting of one region, each on its own host as `samen up` runs them.
    private static func startAgency(_ region: String, registry: Int, directory: String, ca: CertificateAuthority,
                                    logger: Logger) throws -> [RunningAgency] {
        func start<Service: Sendable>(_ name: String, make: @escaping @Sendable (ServiceIdentity, String, RPCServer, ServiceDirectory) throws -> Service,
                                      stop: @escaping @Sendable (Service) async -> Void) throws -> RunningAgency {
            let identity = try ServiceIdentity(region: region, service: name, instance: "1")
            let configuration = ServiceHost.Configuration(
                identity: identity, listen: Endpoint(host: "127.0.0.1", port: 0), serverTLS: try tls(.server, identity, ca: ca),
                clientTLS: try tls(.client, identity, ca: ca), registries: [Endpoint(host: "127.0.0.1", port: registry)], logger: logger)
            let made = Mutex<Service?>(nil)
            let path = "\(directory)/\(region)-\(name).sqlite"
            let host = try ServiceHost(configuration: configuration) { server, directory in
                let service = try make(identity, path, server, directory)
                made.withLock { $0 = service }
            }
            let port = try host.start()
            let service = made.withLock { $0! }
            return RunningAgency(service: name, host: host, port: port, stop: { await stop(service) })
        }
        return [
            try start(TolkdienstAPI.service, make: { identity, path, server, _ in
                let service = try TolkdienstService(configuration: TolkdienstService.Configuration(identity: identity, databasePath: path, logger: logger))
                service.register(on: server)
                return service
            }, stop: { await $0.stop() }),
            try start(VerenigingenAPI.service, make: { identity, path, server, _ in
                let service = try VerenigingenService(configuration: VerenigingenService.Configuration(identity: identity, databasePath: path, logger: logger))
                service.register(on: server)
                return service
            }, stop: { await $0.stop() }),
            try start(ReportingAPI.service, make: { identity, path, server, directory in
                let service = try ReportingService(configuration: ReportingService.Configuration(identity: identity, databasePath: path, logger: logger),
                                                   source: DirectoryFigureSource(directory: directory))
                service.register(on: server)
                return service
            }, stop: { await $0.stop() }),
        ]
    }

    /// A staff member of `region` with `role`, calling the region's `service` (intake, trajectory, or an agency
    /// service the federation runs).
    func staff(_ region: String, user: String, role: StaffRole, service: String) throws -> RPCClient {
        let running = regions[region]!
        let port: Int
        switch service {
        case IntakeAPI.service: port = running.intakePort
        case TrajectoryAPI.service: port = running.trajectory!.port
        default: port = running.agency.first { $0.service == service }!.port
        }
        return try staff(region, user: user, role: role, port: port)
    }

    private static func startTrajectory(_ region: String, registry: Int, directory: String, ca: CertificateAuthority,
                                        peerWork: PeerWork, logger: Logger) throws -> RunningTrajectory {
        let identity = try ServiceIdentity(region: region, service: TrajectoryAPI.service, instance: "1")
        let hostConfiguration = ServiceHost.Configuration(
            identity: identity, listen: Endpoint(host: "127.0.0.1", port: 0), serverTLS: try tls(.server, identity, ca: ca),
            clientTLS: try tls(.client, identity, ca: ca), registries: [Endpoint(host: "127.0.0.1", port: registry)], logger: logger)
        let made = Made()
        let path = "\(directory)/\(region)-trajectory.sqlite"
        let host = try ServiceHost(configuration: hostConfiguration) { server, directory in
            var configuration = TrajectoryService.Configuration(identity: identity, databasePath: path, logger: logger)
            configuration.peerWork = peerWork
            let service = try TrajectoryService(configuration: configuration,
                                                intake: IntakeClient(channel: directory.channel(service: IntakeAPI.service, region: region)),
                                                peers: DirectoryTrajectoryPeers(directory: directory))
            service.register(on: server)
            service.start()
            made.trajectory = service
        }
        let port = try host.start()
        return RunningTrajectory(host: host, service: made.trajectory!, port: port)
    }

    /// A desk worker of `region` with a staff certificate (`samen://<region>/staff/<user>`, role desk).
    func desk(_ region: String, user: String) throws -> IntakeClient {
        IntakeClient(channel: try staff(region, user: user, role: .desk, port: regions[region]!.intakePort))
    }

    /// A counsellor of `region` calling its trajectory service (which must be running: `trajectory: true`).
    func counsellor(_ region: String, user: String) throws -> RPCClient {
        try staff(region, user: user, role: .counsellor, port: regions[region]!.trajectory!.port)
    }

    private func staff(_ region: String, user: String, role: StaffRole, port: Int) throws -> RPCClient {
        let identity = try ServiceIdentity(region: region, service: StaffCertificate.service, instance: user)
        var request = CertificateRequest(commonName: identity.uri, identity: identity)
        request.roles = [role.rawValue]
        let tls = try TLSContext(role: .client, credentials: try ca.issue(request).credentials(trusting: ca))
        var configuration = RPCClient.Configuration(endpoint: Endpoint(host: "127.0.0.1", port: port), tls: tls,
                                                    logger: Logger(service: "samen-bench", minimumLevel: .warning))
        configuration.defaultTimeout = .seconds(60)
        return RPCClient(configuration: configuration, group: group)
    }

    func stop() async {
        for region in regions.values {
            for agency in region.agency.reversed() {
                await agency.host.drain(grace: .milliseconds(500))
                await agency.stop()
            }
            if let trajectory = region.trajectory {
                await trajectory.host.drain(grace: .milliseconds(500))
                await trajectory.service.stop()
            }
            await region.intakeHost.drain(grace: .milliseconds(500))
            await region.intake.stop()
            await region.registry.drain(grace: .milliseconds(500))
            await region.registryService.stop()
        }
        group.shutdown()
    }

    /// Every region's `service` must be findable from every region before a call asks the federation.
    private func waitUntilListed(_ service: String) async throws {
        let deadline = ContinuousClock.now + .seconds(30)
        for (name, region) in regions {
            let identity = try ServiceIdentity(region: name, service: "bench", instance: "1")
            var configuration = RPCClient.Configuration(
                endpoint: Endpoint(host: "127.0.0.1", port: region.registry.port ?? 0),
                tls: try Self.tls(.client, identity, ca: ca), logger: Logger(service: "samen-bench", minimumLevel: .warning))
            configuration.initialBackoff = .milliseconds(20)
            let client = RPCClient(configuration: configuration, group: group)
            defer { Task { await client.close() } }
            let registry = RegistryClient(channel: client)
            for other in regions.keys {
                while (try? await registry.lookup(LookupRequest(service: service, region: other)))?.instances.isEmpty != false {
                    guard ContinuousClock.now < deadline else { throw BenchError("the \(service) of \(other) is not listed in \(name)'s registry after 30 s") }
                    try await Task.sleep(for: .milliseconds(20))
                }
            }
        }
    }

    private static func tls(_ role: TLSRole, _ identity: ServiceIdentity, ca: CertificateAuthority) throws -> TLSContext {
        let request = CertificateRequest(commonName: identity.uri, identity: identity, dnsNames: ["localhost"], ipAddresses: ["127.0.0.1"])
        return try TLSContext(role: role, credentials: try ca.issue(request).credentials(trusting: ca))
    }

    /// The service the host's setup closure made, handed out of it.
    private final class Made: @unchecked Sendable {
        // Written once inside `ServiceHost.init`, which runs the closure synchronously before it returns.
        var service: IntakeService?
        var trajectory: TrajectoryService?
    }
}

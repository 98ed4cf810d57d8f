import Foundation
import IntakeService
import RegistryService
import SamenContracts
import SamenHost
import SamenRPC
import SamenTLS

/// The regions `samen-bench intake` measures, in this process over real TLS on loopback: per region a registry
/// (peered with the others) and an intake on its own `ServiceHost` with its SQLite file (WAL, synchronous=FULL, as
/// the service runs) in `directory`, and desk staff holding staff certificates of that region.
final class BenchFederation: Sendable {
    struct Region: Sendable {
        let registry: RPCServer
        let registryService: RegistryService
        let intakeHost: ServiceHost
        let intake: IntakeService
        let intakePort: Int
    }

    let ca: CertificateAuthority
    let regions: [String: Region]
    let group: EventLoopGroup

    init(ca: CertificateAuthority, regions names: [String], directory: String) async throws {
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
            regions[name] = Region(registry: registry, registryService: registryService, intakeHost: host, intake: made.service!,
                                   intakePort: port)
        }
        self.regions = regions
        try await waitUntilListed()
    }

    /// A desk worker of `region` with a staff certificate (`samen://<region>/staff/<user>`, role desk).
    func desk(_ region: String, user: String) throws -> IntakeClient {
        let identity = try ServiceIdentity(region: region, service: StaffCertificate.service, instance: user)
        var request = CertificateRequest(commonName: identity.uri, identity: identity)
        request.roles = [StaffRole.desk.rawValue]
        let tls = try TLSContext(role: .client, credentials: try ca.issue(request).credentials(trusting: ca))
        var configuration = RPCClient.Configuration(endpoint: Endpoint(host: "127.0.0.1", port: regions[region]!.intakePort), tls: tls,
                                                    logger: Logger(service: "samen-bench", minimumLevel: .warning))
        configuration.defaultTimeout = .seconds(60)
        return IntakeClient(channel: RPCClient(configuration: configuration, group: group))
    }

    func stop() async {
        for region in regions.values {
            await region.intakeHost.drain(grace: .milliseconds(500))
            await region.intake.stop()
            await region.registry.drain(grace: .milliseconds(500))
            await region.registryService.stop()
        }
        group.shutdown()
    }

    /// Every intake must be findable from every region before a registration asks the federation.
    private func waitUntilListed() async throws {
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
                while (try? await registry.lookup(LookupRequest(service: IntakeAPI.service, region: other)))?.instances.isEmpty != false {
                    guard ContinuousClock.now < deadline else { throw BenchError("the intake of \(other) is not listed in \(name)'s registry after 30 s") }
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
    }
}

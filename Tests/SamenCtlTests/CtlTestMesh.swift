import Foundation
import RegistryService
import SamenContracts
import SamenCtl
import SamenHost
import SamenRPC
import SamenTestSupport
import SamenTLS
import Synchronization
import XCTest

/// A temporary mesh home made by `samenctl pki init`, with the real registry of gent (`RegistryService`, its
/// catalogue in the home's data folder) on an in-process server, and an echo server registered in it, all on
/// loopback ports picked by the kernel.
///
/// Instances are registered for real: a client holding that instance's certificate calls `RegistryAPI.register`.
/// The registry runs on `clock`, which moves only when a test advances it, so leases run out exactly when told.
final class CtlTestMesh: @unchecked Sendable {
    let home: MeshHome
    let clock: ManualClock
    let registry: RegistryService
    let registryServer: RPCServer
    let echoServer: RPCServer
    let registryEndpoint: Endpoint
    let echoEndpoint: Endpoint
    private let group: EventLoopGroup

    /// The lease echo/1 asks for.
    static let echoTTL: Double = 10

    /// `prepareCatalogue` runs on the registry's database path before the registry starts (to plant rows in it);
    /// `peers` are other regions' registries, reached with gent's registry certificate.
    static func make(peers: [String: [Endpoint]] = [:],
                     prepareCatalogue: (String) async throws -> Void = { _ in }) async throws -> CtlTestMesh {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("samenctl-test-\(UUID().uuidString)").path
        let home = MeshHome(path: folder)
        let (output, captured) = TextOutput.capture()
        let code = await SamenCtl.run(arguments: ["pki", "init", "--home", folder, "--regions", "gent,antwerpen",
                                                  "--services", "registry,echo", "--operator", "tester"],
                                      environment: [:], output: output)
        XCTAssertEqual(code, 0, captured.standardError)

        let clock = ManualClock()
        var configuration = RegistryConfiguration(identity: try ServiceIdentity(region: "gent", service: "registry", instance: "1"),
                                                  databasePath: "\(home.dataDirectory(region: "gent"))/registry.sqlite",
                                                  logger: Logger(service: "registry", sink: .discard))
        configuration.clock = clock.function
        if !peers.isEmpty {
            configuration.peers = peers
            configuration.clientTLS = try TLSContext.load(role: .client, certificateFile: home.certificate(region: "gent", service: "registry"),
                                                          privateKeyFile: home.privateKey(region: "gent", service: "registry"),
                                                          trustRootsFile: home.caCertificate)
        }
        try await prepareCatalogue(configuration.databasePath)
        let registry = try await RegistryService(configuration: configuration)
        let registryServer = try server(home: home, service: "registry")
        registry.register(on: registryServer)
        let registryEndpoint = Endpoint(host: "127.0.0.1", port: try registryServer.start())
        // The registry lists itself in-process, as `RegistryProgram` does through its ServiceHost.
        _ = try await registry.localRegistrar.register(RegisterRequest(service: "registry", region: "gent", instance: "1",
                                                                       address: registryEndpoint, version: "test"))

        let echoServer = try server(home: home, service: "echo")
        echoServer.register(BenchAPI.echo) { request, _ in request }
        let echoEndpoint = Endpoint(host: "127.0.0.1", port: try echoServer.start())

        let mesh = CtlTestMesh(home: home, clock: clock, registry: registry, registryServer: registryServer, echoServer: echoServer,
                               registryEndpoint: registryEndpoint, echoEndpoint: echoEndpoint)
        try await mesh.register("echo", address: echoEndpoint, ttl: echoTTL)
        try MeshDescription(regions: [.init(name: "gent", registry: registryEndpoint)]).save(to: home)
        return mesh
    }

    private init(home: MeshHome, clock: ManualClock, registry: RegistryService, registryServer: RPCServer, echoServer: RPCServer,
                 registryEndpoint: Endpoint, echoEndpoint: Endpoint) {
        self.home = home
        self.clock = clock
        self.registry = registry
        self.registryServer = registryServer
        self.echoServer = echoServer
        self.registryEndpoint = registryEndpoint
        self.echoEndpoint = echoEndpoint
        group = EventLoopGroup(loopCount: 1, name: "ctl-test-registrations")
    }

    /// A server of gent with the certificate of `service`/`instance`: instance 1 from the files `pki init` wrote,
    /// others issued on the spot by the home's CA.
    static func server(home: MeshHome, service: String, instance: String = "1", region: String = "gent", port: Int = 0) throws -> RPCServer {
        let identity = try ServiceIdentity(region: region, service: service, instance: instance)
        let tls = instance == "1"
            ? try TLSContext.load(role: .server, certificateFile: home.certificate(region: region, service: service),
                                  privateKeyFile: home.privateKey(region: region, service: service),
                                  trustRootsFile: home.caCertificate)
            : try TLSContext(role: .server, credentials: credentials(home: home, identity))
        var configuration = RPCServer.Configuration(listen: Endpoint(host: "127.0.0.1", port: port), tls: tls, identity: identity,
                                                    version: "test", logger: Logger(service: service, sink: .discard))
        configuration.loopCount = 1
        configuration.drainGrace = .seconds(2)
        return RPCServer(configuration: configuration)
    }

    /// A certificate for `identity` from the home's development CA.
    static func credentials(home: MeshHome, _ identity: ServiceIdentity) throws -> TLSCredentials {
        let ca = try CertificateAuthority.load(certificateFile: home.caCertificate, privateKeyFile: home.caPrivateKey)
        let issued = try ca.issue(CertificateRequest(commonName: identity.uri, identity: identity, dnsNames: ["localhost"],
                                                     ipAddresses: ["127.0.0.1", "::1"]))
        return issued.credentials(trusting: ca)
    }

    /// Registers `samen://gent/<service>/<instance>` at `address`, as that instance itself: over TLS with its own
    /// certificate, since the registry only lets an instance register itself.
    func register(_ service: String, instance: String = "1", address: Endpoint, ttl: Double? = nil) async throws {
        let identity = try ServiceIdentity(region: "gent", service: service, instance: instance)
        let tls = try TLSContext(role: .client, credentials: Self.credentials(home: home, identity))
        var configuration = RPCClient.Configuration(endpoint: registryEndpoint, tls: tls, logger: Logger(service: service, sink: .discard))
        configuration.expectedService = "registry"
        let client = RPCClient(configuration: configuration, group: group)
        do {
            _ = try await RegistryClient(channel: client).register(
                RegisterRequest(service: service, region: "gent", instance: instance, address: address, version: "test", ttlSeconds: ttl))
        } catch {
            await client.close()
            throw error
        }
        await client.close()
    }

    /// Moves the registry's clock on. The registry's own lease is renewed at the new time, as its host's heartbeats
    /// would do; every other instance has sent no heartbeat since it registered.
    func advanceClock(by seconds: Double) async throws {
        clock.advance(by: seconds)
        _ = try await registry.localRegistrar.heartbeat(HeartbeatRequest(service: "registry", region: "gent", instance: "1"))
    }

    /// Runs samenctl in-process against this home.
    func ctl(_ arguments: String...) async -> (code: Int32, out: String, err: String) {
        await Self.ctl(Array(arguments) + ["--home", home.path])
    }

    static func ctl(_ arguments: [String]) async -> (code: Int32, out: String, err: String) {
        let (output, captured) = TextOutput.capture()
        let code = await SamenCtl.run(arguments: arguments, environment: [:], output: output)
        return (code, captured.standardOutput, captured.standardError)
    }

    func shutdown() async {
        await echoServer.drain(grace: .milliseconds(100))
        await registryServer.drain(grace: .milliseconds(100))
        await registry.stop()
        group.shutdown()
        try? FileManager.default.removeItem(atPath: home.path)
    }
}

/// Parses samenctl's JSON output into an array of objects.
func jsonObjects(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> [[String: Any]] {
    guard let data = text.data(using: .utf8),
          let value = try? JSONSerialization.jsonObject(with: data) as? [[String: Any]] else {
        XCTFail("not a JSON array of objects: \(text)", file: file, line: line)
        return []
    }
    return value
}

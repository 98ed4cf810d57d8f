import Foundation
import IntakeService
import SamenContracts
import SamenHost
import SamenReferenceData
import SamenRPC
import Synchronization

/// Regions with a registry each (peered with one another) and an intake each, in-process over real TLS: the
/// federation a registration's one-file-per-person check runs across. IntakeServiceTests drive it with typed
/// clients; SamenCtlTests give it the CA of a mesh home so that samenctl reaches it with the home's certificates.
public final class IntakeMesh: Sendable {
    public let mesh: TestMesh
    public let regionNames: [String]
    private let registries: Mutex<[String: RunningRegistry]> = Mutex([:])
    private let intakes: Mutex<[String: RunningIntake]> = Mutex([:])
    let configure: @Sendable (inout IntakeService.Configuration) -> Void

    struct RunningIntake: Sendable {
        let host: ServiceHost
        let service: IntakeService
        let port: Int
    }

    /// `mesh` defaults to a throwaway one with its own CA.
    public init(regions: [String] = ["gent"], mesh: TestMesh? = nil,
                configure: @escaping @Sendable (inout IntakeService.Configuration) -> Void = { _ in }) async throws {
        self.mesh = try mesh ?? TestMesh()
        regionNames = regions.sorted()
        self.configure = configure
        let ports = Dictionary(uniqueKeysWithValues: regions.map { ($0, freePort()) })
        for region in regions {
            let peers = Dictionary(uniqueKeysWithValues: regions.filter { $0 != region }.map { ($0, [Endpoint(host: "127.0.0.1", port: ports[$0]!)]) })
            let registry = try await self.mesh.startRegistry(region: region, port: ports[region]!, peers: peers)
            registries.withLock { $0[region] = registry }
        }
        for region in regions { try await startIntake(region) }
    }

    /// Starts (or restarts, on the same file) the region's intake and waits until its registry lists it.
    public func startIntake(_ region: String) async throws {
        let identity = mesh.identity(IntakeAPI.service, region: region)
        let registry = registries.withLock { $0[region]! }
        var hostConfiguration = ServiceHost.Configuration(
            identity: identity, listen: Endpoint(host: "127.0.0.1", port: 0), serverTLS: try mesh.tls(.server, identity),
            clientTLS: try mesh.tls(.client, identity), registries: [registry.endpoint], logger: mesh.logger("intake"))
        hostConfiguration.loopCount = 2
        hostConfiguration.drainGrace = .seconds(2)
        hostConfiguration.initialRetryDelay = .milliseconds(20)
        let box = Mutex<IntakeService?>(nil)
        let configure = configure
        let logger = mesh.logger("intake")
        let path = "\(mesh.directory)/\(region)-intake.sqlite"
        let host = try ServiceHost(configuration: hostConfiguration) { server, directory in
            var configuration = IntakeService.Configuration(identity: identity, databasePath: path, logger: logger)
            configuration.peerTimeout = .seconds(2)
            configuration.waitForOtherClaim = .seconds(10)
            configuration.reverifyInterval = .milliseconds(100)
            configure(&configuration)
            let service = try IntakeService(configuration: configuration, peers: DirectoryPeers(directory: directory))
            service.register(on: server)
            box.withLock { $0 = service }
        }
        let port = try host.start()
        let service = box.withLock { $0! }
        service.startReverifying()
        intakes.withLock { $0[region] = RunningIntake(host: host, service: service, port: port) }
        let client = try mesh.registryClient(port: registry.port, as: identity)
        await eventually("intake of \(region) registered") {
            (try? await client.lookup(LookupRequest(service: IntakeAPI.service, region: region)))?.instances.isEmpty == false
        }
    }

    /// Drains the region's intake (it deregisters first) and closes its file.
    public func stopIntake(_ region: String) async {
        guard let running = intakes.withLock({ $0.removeValue(forKey: region) }) else { return }
        await running.host.drain(grace: .milliseconds(200))
        await running.service.stop()
    }

    public func port(_ region: String) -> Int { intakes.withLock { $0[region]!.port } }
    public func service(_ region: String) -> IntakeService { intakes.withLock { $0[region]!.service } }

    /// A staff member's client of the region's intake (default: a desk worker of that region).
    public func staff(_ region: String, user: String = "an-desk", roles: [StaffRole] = [.desk], of staffRegion: String? = nil) throws -> IntakeClient {
        IntakeClient(channel: try mesh.staffClient(port: port(region), user: user, roles: roles.map(\.rawValue), region: staffRegion ?? region))
    }

    /// A mesh service's client of the region's intake.
    public func service(_ region: String, as service: String, of serviceRegion: String? = nil) throws -> IntakeClient {
        IntakeClient(channel: try mesh.client(port: port(region), as: mesh.identity(service, region: serviceRegion ?? region)))
    }

    /// Stops the region's registry, for tests of what still works without it.
    public func stopRegistry(_ region: String) async {
        guard let registry = registries.withLock({ $0.removeValue(forKey: region) }) else { return }
        await registry.stop()
    }

    /// Each region's registry, as `mesh.json` lists them.
    public func registryEndpoint(_ region: String) -> Endpoint { registries.withLock { $0[region]!.endpoint } }

    public func stop() async {
        for region in regionNames { await stopIntake(region) }
        for registry in registries.withLock({ Array($0.values) }) { await registry.stop() }
    }
}

/// Registrations for tests: clearly fictional people with valid codes.
public enum Fixtures {
    public static let today = CivilDate.today()

    /// A valid INSZ for a birth date, sequence number (odd male, even female) and kind, computed by the rule.
    public static func insz(born: CivilDate, sequence: Int, bis: Int = 0) -> String {
        try! INSZ.issue(birthDate: born, sequence: sequence, monthOffset: bis).digits
    }

    public static func registration(given: String = "Testa", family: String = "Voorbeeld", born: String = "1990-05-17", sex: Sex = .female,
                             nationalities: [String] = ["MA"], insz: String? = nil, desk: String = "gent-centrum",
                             municipality: String = "44021", registeredOn: CivilDate? = nil) -> Registration {
        Registration(insz: insz, name: PersonName(given: given, family: family), birthDate: try! CivilDate(born), sex: sex,
                     nationalities: nationalities, languages: ["ar", "fr"], municipality: municipality,
                     arrivalDate: try! CivilDate("2019-01-10"), residencePermit: ResidencePermit(kind: .limited, validUntil: today.adding(years: 1)),
                     bornAbroad: true, firstRegistrationInFlanders: true, desk: desk, registeredOn: registeredOn)
    }
}

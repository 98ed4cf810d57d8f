import Foundation
import SamenContracts
import SamenHost
import SamenReferenceData
import SamenRPC
import Synchronization
import VerenigingenService

/// Regions with a registry each and a verenigingen service each, in-process over real TLS, on the same
/// `ServiceHost` the program runs on: with registries of its own, or beside an `IntakeMesh`'s (samenctl's demo
/// loads both).
public final class VerenigingenMesh: Sendable {
    public let mesh: TestMesh
    public let regionNames: [String]
    /// The registries this mesh started (none when it runs beside an intake mesh's).
    private let ownRegistries: Mutex<[String: RunningRegistry]> = Mutex([:])
    private let registryEndpoints: [String: Endpoint]
    private let running: Mutex<[String: RunningVerenigingen]> = Mutex([:])

    struct RunningVerenigingen: Sendable {
        let host: ServiceHost
        let service: VerenigingenService
        let port: Int
    }

    public init(regions: [String] = ["gent"]) async throws {
        mesh = try TestMesh()
        regionNames = regions.sorted()
        var endpoints: [String: Endpoint] = [:]
        for region in regions {
            let registry = try await mesh.startRegistry(region: region)
            ownRegistries.withLock { $0[region] = registry }
            endpoints[region] = registry.endpoint
        }
        registryEndpoints = endpoints
        for region in regions { try await start(region) }
    }

    /// A verenigingen service in each of the intake mesh's regions, registered with its registries, on its CA.
    public init(beside intakes: IntakeMesh) async throws {
        mesh = intakes.mesh
        regionNames = intakes.regionNames
        registryEndpoints = Dictionary(uniqueKeysWithValues: intakes.regionNames.map { ($0, intakes.registryEndpoint($0)) })
        for region in regionNames { try await start(region) }
    }

    /// Starts (or restarts, on the same file) the region's verenigingen service and waits until its registry lists it.
    public func start(_ region: String) async throws {
        let logger = mesh.logger("verenigingen")
        let path = databasePath(region)
        let started = try await AgencyHost.start(mesh: mesh, identity: mesh.identity(VerenigingenAPI.service, region: region),
                                                 registry: registryEndpoints[region]!) { identity, server in
            let service = try VerenigingenService(configuration: VerenigingenService.Configuration(identity: identity, databasePath: path, logger: logger))
            service.register(on: server)
            return service
        }
        running.withLock { $0[region] = RunningVerenigingen(host: started.host, service: started.service, port: started.port) }
    }

    /// Drains the region's verenigingen service (it deregisters first) and closes its file.
    public func stop(_ region: String) async {
        guard let running = running.withLock({ $0.removeValue(forKey: region) }) else { return }
        await running.host.drain(grace: .milliseconds(200))
        await running.service.stop()
    }

    public func port(_ region: String) -> Int { running.withLock { $0[region]!.port } }

    /// The path of the region's SQLite file, for tests that look behind the API.
    public func databasePath(_ region: String) -> String { "\(mesh.directory)/\(region)-verenigingen.sqlite" }

    /// A staff member's client of the region's verenigingen service (default: a desk worker of that region).
    public func staff(_ region: String = "gent", user: String = "an-desk", roles: [StaffRole] = [.desk],
                      of staffRegion: String? = nil) throws -> VerenigingenClient {
        VerenigingenClient(channel: try mesh.staffClient(port: port(region), user: user, roles: roles.map(\.rawValue), region: staffRegion ?? region))
    }

    /// A mesh service's client of the region's verenigingen service.
    public func service(_ region: String = "gent", as service: String, of serviceRegion: String? = nil) throws -> VerenigingenClient {
        VerenigingenClient(channel: try mesh.client(port: port(region), as: mesh.identity(service, region: serviceRegion ?? region)))
    }

    public func stop() async {
        for running in running.withLock({ state in defer { state = [:] }; return Array(state.values) }) {
            await running.host.drain(grace: .milliseconds(200))
            await running.service.stop()
        }
        for registry in ownRegistries.withLock({ Array($0.values) }) { await registry.stop() }
    }
}

/// Associations for tests: clearly fictional ones, based in Gent.
public enum AssociationFixtures {
    public static func association(_ name: String = "Vereniging Voorbeeld", kind: AssociationKind = .notRecognised,
                                   focus: [AssociationFocus] = [.cultural], genderNetwork: Bool = false,
                                   founded: String? = "2015-03-01", recognised: String? = nil,
                                   contacts: [ContactPerson] = [ContactPerson(name: "Testa Voorbeeld", role: .chair, email: "voorzitter@voorbeeld.test")],
                                   municipality: String = "44021") -> NewAssociation {
        NewAssociation(name: name, kind: kind, address: AssociationAddress(street: "Voorbeeldstraat 1", postalCode: "9000", municipality: municipality),
                       focus: focus, languages: ["ar", "nl"], contactPersons: contacts, umbrellas: ["FMDO"], genderNetwork: genderNetwork,
                       foundedOn: founded.map { try! CivilDate($0) }, recognisedOn: recognised.map { try! CivilDate($0) })
    }
}

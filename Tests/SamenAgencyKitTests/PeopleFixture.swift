import Foundation
@testable import SamenAgencyKit
import SamenRPC
import SamenStorage
import SamenTestSupport
import XCTest

/// gent's people service over real TLS, with its store at hand for looking into the file behind the API.
final class PeopleFixture: Sendable {
    let mesh: TestMesh
    let store: AgencyStore
    let server: RPCServer
    let port: Int

    init() throws {
        mesh = try TestMesh()
        let identity = mesh.identity(PeopleAPI.service)
        store = try AgencyStore(path: "\(mesh.directory)/people.sqlite", service: identity, migrations: PeopleAPI.migrations)
        server = RPCServer(configuration: try mesh.serverConfiguration(identity))
        PeopleService(store: store).register(on: server)
        port = try server.start()
    }

    func stop() async {
        await server.drain(grace: .seconds(1))
        store.close()
    }

    /// A staff member of `region` calling with their own certificate.
    func staff(_ user: String, _ roles: [StaffRole], region: String = "gent") throws -> RPCClient {
        try mesh.staffClient(port: port, user: user, roles: roles.map(\.rawValue), region: region)
    }

    /// A mesh service of gent calling (on its own, or for a staff member it names in the call's metadata).
    func service(_ name: String) throws -> RPCClient {
        try mesh.client(port: port, as: name)
    }

    /// Every audit row of `person`, oldest first, straight from the file.
    func events(of person: String) async throws -> [AuditEvent] {
        let audit = store.audit
        return try await store.database.read { try audit.exportedEvents(of: person, on: $0).events }
    }

    func auditRowCount() async throws -> Int64 {
        try await store.database.read { try $0.queryFirst("SELECT COUNT(*) AS n FROM samen_audit")?.int("n") ?? -1 }
    }

    func peopleCount() async throws -> Int64 {
        try await store.database.read { try $0.queryFirst("SELECT COUNT(*) AS n FROM people")?.int("n") ?? -1 }
    }

    func storedPerson(_ id: String) async throws -> Person? {
        try await store.database.read { try PeopleService.person(id, on: $0) }
    }

    /// A call context as the server would give a handler, for driving the store without the network.
    func context(_ method: String, staff user: String = "u-desk", roles: [StaffRole] = [.desk],
                 key: String? = nil) throws -> CallContext {
        let identity = mesh.staffIdentity(user)
        return CallContext(peer: identity, staff: try StaffMember(identity: identity, roles: roles.map(\.rawValue)), method: method,
                           requestID: "test-\(UUID().uuidString)", deadline: nil, idempotencyKey: key, metadata: [],
                           logger: mesh.logger(PeopleAPI.service))
    }
}

/// A test case with gent's people service running for each test.
class PeopleServiceTestCase: XCTestCase {
    var fixture: PeopleFixture!

    override func setUp() async throws {
        fixture = try PeopleFixture()
    }

    override func tearDown() async throws {
        await fixture.stop()
    }
}

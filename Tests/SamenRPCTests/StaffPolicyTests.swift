import COpenSSL
import Foundation
import SamenRPC
// CertificateBuilder, PrivateKey and X509Certificate: to sign certificates that `CertificateRequest` refuses to ask for.
@testable import SamenTLS
import SamenTestSupport
import XCTest

/// Staff certificates over real TLS: roles from the certificate decide, by method and region; the acting user is
/// believed from mesh services only, and travels on with a handler's own calls.
final class StaffPolicyTests: XCTestCase {
    private var mesh: TestMesh!
    /// gent's echo server: `TestAPI.staff` admits the service trajectory and staff with role desk, `TestAPI.relay`
    /// (desk only) asks the downstream server who it serves.
    private var server: RPCServer!
    private var port = 0
    /// gent's intake: its `TestAPI.staff` admits the service echo only, so staff reach it only through echo.
    private var downstream: RPCServer!

    override func setUp() async throws {
        mesh = try TestMesh()
        downstream = RPCServer(configuration: try mesh.serverConfiguration("intake"))
        downstream.register(TestAPI.staff, allow: .services(["echo"])) { _, context in Self.echo(context) }
        let downstreamPort = try downstream.start()
        let relayClient = try mesh.client(port: downstreamPort, as: "echo")
        (server, port) = try mesh.startEchoServer(register: { server in
            server.register(TestAPI.staff, allow: .services(["trajectory"], staffRoles: ["desk"])) { _, context in Self.echo(context) }
            server.register(TestAPI.restricted, allow: .anyServiceInSameRegion) { request, _ in request }
            server.register(TestAPI.relay, allow: .services([], staffRoles: ["desk"])) { request, _ in
                try await relayClient.call(TestAPI.staff, request)
            }
        })
    }

    override func tearDown() async throws {
        await server.drain(grace: .seconds(1))
        await downstream.drain(grace: .seconds(1))
    }

    private static func echo(_ context: CallContext) -> StaffEcho {
        StaffEcho(peer: context.peer.uri, user: context.staff?.user, region: context.staff?.region, roles: context.staff?.roles)
    }

    private let hello = TestMessage(text: "")

    func testDeskStaffIsAdmittedAndTheHandlerSeesWhoWithWhichRoles() async throws {
        let desk = try mesh.staffClient(port: port, user: "u1042", roles: ["dpo", "desk"])
        let reply = try await desk.call(TestAPI.staff, hello)
        XCTAssertEqual(reply, StaffEcho(peer: "samen://gent/staff/u1042", user: "u1042", region: "gent", roles: ["desk", "dpo"]))
    }

    func testAStaffMemberWithoutTheRoleIsRefused() async throws {
        let analyst = try mesh.staffClient(port: port, user: "u7", roles: ["analyst"])
        let error = await assertRPCError(.permissionDenied) { try await analyst.call(TestAPI.staff, self.hello) }
        XCTAssertEqual(error?.message, "samen://gent/staff/u7 may not call test.echo/staff; allowed: services trajectory of the same region; "
                                       + "staff with role desk of the same region")
    }

    func testADeskWorkerOfAnotherRegionIsRefused() async throws {
        let antwerpen = try mesh.staffClient(port: port, user: "u1042", roles: ["desk"], region: "antwerpen")
        await assertRPCError(.permissionDenied) { try await antwerpen.call(TestAPI.staff, self.hello) }
    }

    /// `.anyAuthenticated` (echo) and `.anyServiceInSameRegion` (restricted) mean any service: no staff role at all.
    func testMethodsForServicesRefuseEveryStaffCertificate() async throws {
        let intake = try mesh.client(port: port, as: "intake")
        _ = try await intake.call(TestAPI.echo, hello)
        _ = try await intake.call(TestAPI.restricted, hello)
        for role in ["desk", "counsellor", "planner", "analyst", "dpo", "admin"] {
            let staff = try mesh.staffClient(port: port, user: "u-\(role)", roles: [role])
            for method in [TestAPI.echo, TestAPI.restricted] {
                let error = await assertRPCError(.permissionDenied) { try await staff.call(method, self.hello) }
                XCTAssertTrue(error?.message.contains("samen://gent/staff/u-\(role) may not call \(method.name)") ?? false, error?.message ?? "")
            }
            await staff.close()
        }
    }

    /// A person cannot claim to act for another: only a mesh service's word about the acting user counts.
    func testAStaffCertificateNamingAnActingUserIsRefused() async throws {
        let desk = try mesh.staffClient(port: port, user: "u1042", roles: ["desk"])
        let claims: [[(String, String)]] = [
            [(ActingUser.userKey, "samen://gent/staff/u9"), (ActingUser.rolesKey, "dpo")],
            [(ActingUser.userKey, "samen://gent/staff/u1042")],
            [(ActingUser.rolesKey, "dpo")],
        ]
        for metadata in claims {
            let error = await assertRPCError(.permissionDenied) {
                try await desk.call(TestAPI.staff, self.hello, options: CallOptions(metadata: metadata))
            }
            XCTAssertTrue(error?.message.contains("cannot act for someone else") ?? false, error?.message ?? "")
        }
        // The same certificate without the claim is admitted.
        let reply = try await desk.call(TestAPI.staff, hello)
        XCTAssertEqual(reply.user, "u1042")
    }

    func testAServiceForwardsTheStaffMemberItActsFor() async throws {
        let trajectory = try mesh.client(port: port, as: "trajectory")
        let member = try StaffMember(identity: mesh.staffIdentity("u1042", region: "antwerpen"), roles: ["counsellor", "desk"])
        let forwarded = try await trajectory.call(TestAPI.staff, hello, options: CallOptions(metadata: ActingUser.metadata(for: member)))
        XCTAssertEqual(forwarded, StaffEcho(peer: "samen://gent/trajectory/1", user: "u1042", region: "antwerpen",
                                            roles: ["counsellor", "desk"]))
        let own = try await trajectory.call(TestAPI.staff, hello)
        XCTAssertEqual(own, StaffEcho(peer: "samen://gent/trajectory/1", user: nil, region: nil, roles: nil), "a service acting on its own")
    }

    /// The relay handler sets no metadata: `RPCClient` adds the staff member of the call it serves.
    func testAHandlersOwnCallsCarryTheStaffMemberItServes() async throws {
        let desk = try mesh.staffClient(port: port, user: "u1042", roles: ["desk"])
        let reply = try await desk.call(TestAPI.relay, hello)
        XCTAssertEqual(reply, StaffEcho(peer: "samen://gent/echo/1", user: "u1042", region: "gent", roles: ["desk"]))
    }

    func testMalformedActingMetadataIsInvalidArgumentNamingTheKey() async throws {
        let trajectory = try mesh.client(port: port, as: "trajectory")
        let cases: [([(String, String)], String)] = [
            ([(ActingUser.userKey, "u1042"), (ActingUser.rolesKey, "desk")], ActingUser.userKey),
            ([(ActingUser.userKey, "samen://gent/intake/1"), (ActingUser.rolesKey, "desk")], ActingUser.userKey),
            ([(ActingUser.userKey, "samen://gent/staff/u1042")], ActingUser.userKey),
            ([(ActingUser.userKey, "samen://gent/staff/u1042"), (ActingUser.rolesKey, "Desk")], ActingUser.userKey),
            ([(ActingUser.userKey, "samen://gent/staff/u1042"), (ActingUser.rolesKey, "desk,,dpo")], ActingUser.userKey),
            ([(ActingUser.rolesKey, "desk")], ActingUser.rolesKey),
        ]
        for (metadata, field) in cases {
            let error = await assertRPCError(.invalidArgument) {
                try await trajectory.call(TestAPI.staff, self.hello, options: CallOptions(metadata: metadata))
            }
            XCTAssertEqual(error?.details["field"], field, "\(metadata)")
            XCTAssertTrue(error?.message.contains("'\(field)'") ?? false, error?.message ?? "")
        }
    }

    /// Roles on a service identity, or a staff identity without one, never get past the handshake: the CA path of
    /// `CertificateRequest` refuses both, so these certificates are signed directly.
    func testCertificatesWithRolesOnTheWrongIdentityAreRefusedAtTheHandshake() async throws {
        let cases: [(sans: [String], reason: String)] = [
            (["samen://gent/intake/1", "samen-role:desk"], "carries staff roles but is not a staff identity"),
            (["samen://gent/staff/u1042"], "carries no samen-role: URI"),
            // The prefix counts in any letter case, so a role cannot hide from the check by its spelling.
            (["samen://gent/intake/1", "SAMEN-ROLE:desk"], "carries staff roles but is not a staff identity"),
            (["samen://gent/staff/u1042", "samen-role:Desk"], "staff role 'Desk' is not 1...32 characters of [a-z0-9-]"),
        ]
        for (sans, reason) in cases {
            // A server of its own per case: refusals are logged at a bounded rate per server.
            let (refusing, refusingPort) = try mesh.startEchoServer()
            let client = try mesh.client(port: refusingPort, as: "intake", credentials: try signedDirectly(uris: sans)) {
                $0.defaultTimeout = .seconds(10)
            }
            do {
                _ = try await client.call(TestAPI.echo, hello)
                XCTFail("\(sans) must be refused")
            } catch let error as RPCError {
                // The server closes the connection before its HELLO (PROTOCOL.md §1): the client sees it closed.
                XCTAssertEqual(error.status, .unavailable, "\(error)")
                XCTAssertTrue(error.message.contains("closed the connection"), error.message)
            }
            await client.close()
            await eventually("\(mesh.logLines())") { mesh.logLines().contains { $0.contains("connection refused") && $0.contains(reason) } }
            // The server stays up for proper members.
            let intake = try mesh.client(port: refusingPort, as: "intake")
            _ = try await intake.call(TestAPI.echo, hello)
            await intake.close()
            await refusing.drain(grace: .seconds(1))
        }
    }

    /// A leaf of the test CA with exactly `uris` as URI SANs (and localhost), built without `CertificateRequest`.
    private func signedDirectly(uris: [String]) throws -> TLSCredentials {
        let caCertificate = try X509Certificate(pem: mesh.ca.certificatePEM)
        let caKey = try PrivateKey(pem: mesh.ca.privateKeyPEM, what: "CA private key")
        let key = try PrivateKey.generateP256()
        var builder = CertificateBuilder(commonName: "wrong-roles", notBefore: Date().addingTimeInterval(-300),
                                         notAfter: Date().addingTimeInterval(86_400))
        builder.extensions = [
            (NID_basic_constraints, "critical,CA:FALSE"),
            (NID_key_usage, "critical,digitalSignature"),
            (NID_ext_key_usage, "serverAuth,clientAuth"),
            (NID_subject_key_identifier, "hash"),
            (NID_authority_key_identifier, "keyid:always"),
        ]
        builder.subjectAltNames = uris.map { (GEN_URI, $0) } + [(GEN_DNS, "localhost")]
        let certificate = try builder.sign(subjectKey: key, issuer: caCertificate, issuerKey: caKey)
        return TLSCredentials(certificateChainPEM: try certificate.pem(), privateKeyPEM: try key.pkcs8PEM(),
                              trustRootsPEM: mesh.ca.certificatePEM)
    }
}

import COpenSSL
import Foundation
import XCTest
@testable import SamenTLS

final class HandshakeTests: XCTestCase {
    func testMutualTLSSucceedsWithTLS13AndExchangesIdentities() throws {
        let mesh = try MeshFixture()
        let result = try Handshake.run(server: mesh.serverContext(), client: mesh.clientContext(), serverName: "localhost")
        XCTAssertTrue(result.client.exchangedData, result.client.failure ?? "")
        XCTAssertTrue(result.server.exchangedData, result.server.failure ?? "")
        XCTAssertEqual(result.client.version, TLS1_3_VERSION)
        XCTAssertEqual(result.server.version, TLS1_3_VERSION)
        XCTAssertEqual(result.server.peerIdentity, mesh.clientIdentity)
        XCTAssertEqual(result.client.peerIdentity, mesh.serverIdentity)
    }

    func testClientWithoutCertificateIsRefused() throws {
        let mesh = try MeshFixture()
        let client = try TLSContext(role: .client, credentials: .trustOnly(trustRootsPEM: mesh.ca.certificatePEM))
        let result = try Handshake.run(server: mesh.serverContext(), client: client, serverName: "localhost")
        XCTAssertFalse(result.server.handshakeSucceeded)
        XCTAssertFalse(result.client.exchangedData)
        XCTAssertTrue(result.server.failure?.contains("peer did not return a certificate") == true, result.server.failure ?? "nil")
    }

    func testClientCertificateFromAnotherCAIsRefused() throws {
        let mesh = try MeshFixture()
        let rogueCA = try CertificateAuthority.generate(commonName: "Rogue CA")
        let rogue = try rogueCA.issue(CertificateRequest(commonName: "portal", identity: mesh.clientIdentity))
        // The rogue client trusts the real CA, so only the server's check can stop it.
        let client = try TLSContext(role: .client, credentials: TLSCredentials(
            certificateChainPEM: rogue.certificatePEM, privateKeyPEM: rogue.privateKeyPEM, trustRootsPEM: mesh.ca.certificatePEM))
        let result = try Handshake.run(server: mesh.serverContext(), client: client, serverName: "localhost")
        XCTAssertFalse(result.server.handshakeSucceeded)
        XCTAssertFalse(result.client.exchangedData)
        XCTAssertTrue(result.server.failure?.contains("unable to get local issuer certificate") == true, result.server.failure ?? "nil")
    }

    func testServerCertificateFromAnotherCAIsRefusedByTheClient() throws {
        let mesh = try MeshFixture()
        let rogueCA = try CertificateAuthority.generate(commonName: "Rogue CA")
        let rogue = try rogueCA.issue(CertificateRequest(commonName: "registry", identity: mesh.serverIdentity, dnsNames: ["localhost"]))
        let server = try TLSContext(role: .server, credentials: TLSCredentials(
            certificateChainPEM: rogue.certificatePEM, privateKeyPEM: rogue.privateKeyPEM, trustRootsPEM: mesh.ca.certificatePEM))
        let result = try Handshake.run(server: server, client: mesh.clientContext(), serverName: "localhost")
        XCTAssertFalse(result.client.handshakeSucceeded)
        XCTAssertFalse(result.server.handshakeSucceeded)
        XCTAssertTrue(result.client.failure?.contains("unable to get local issuer certificate") == true, result.client.failure ?? "nil")
    }

    func testExpiredClientCertificateIsRefused() throws {
        let mesh = try MeshFixture()
        let expired = try mesh.ca.issue(CertificateRequest(commonName: "portal", identity: mesh.clientIdentity,
                                                           notBefore: Date().addingTimeInterval(-10 * 86_400),
                                                           notAfter: Date().addingTimeInterval(-86_400)))
        let client = try TLSContext(role: .client, credentials: expired.credentials(trusting: mesh.ca))
        let result = try Handshake.run(server: mesh.serverContext(), client: client, serverName: "localhost")
        XCTAssertFalse(result.server.handshakeSucceeded)
        XCTAssertFalse(result.client.exchangedData)
        XCTAssertTrue(result.server.failure?.contains("expired") == true, result.server.failure ?? "nil")
    }

    func testTLS12ClientIsRefused() throws {
        let mesh = try MeshFixture()
        var old = TLSOptions()
        old.minimumVersion = .tls12
        old.maximumVersion = .tls12
        let result = try Handshake.run(server: mesh.serverContext(), client: mesh.clientContext(options: old), serverName: "localhost")
        XCTAssertFalse(result.server.handshakeSucceeded)
        XCTAssertFalse(result.client.handshakeSucceeded)
        XCTAssertTrue(result.server.failure?.contains("unsupported protocol") == true, result.server.failure ?? "nil")
    }

    func testServerWhoseNamesDoNotMatchIsRefusedByTheClient() throws {
        let mesh = try MeshFixture()
        for (name, expected) in [("127.0.0.2", "IP address mismatch"), ("other.example", "hostname mismatch")] {
            let result = try Handshake.run(server: mesh.serverContext(), client: mesh.clientContext(), serverName: name)
            XCTAssertFalse(result.client.handshakeSucceeded, name)
            XCTAssertFalse(result.server.exchangedData, name)
            XCTAssertTrue(result.client.failure?.contains(expected) == true, "\(name): \(result.client.failure ?? "nil")")
        }
    }

    func testClientAcceptsServerByIPAndHostName() throws {
        let mesh = try MeshFixture()
        for name in ["127.0.0.1", "localhost", "::1"] {
            let result = try Handshake.run(server: mesh.serverContext(), client: mesh.clientContext(), serverName: name)
            XCTAssertTrue(result.client.exchangedData, "\(name): \(result.client.failure ?? "")")
            XCTAssertTrue(result.server.exchangedData, "\(name): \(result.server.failure ?? "")")
            XCTAssertEqual(result.client.peerIdentity, mesh.serverIdentity, name)
        }
    }

    func testPeerWithoutMeshIdentityIsReported() throws {
        let mesh = try MeshFixture()
        let anonymous = try mesh.ca.issue(CertificateRequest(commonName: "operator"))
        let client = try TLSContext(role: .client, credentials: anonymous.credentials(trusting: mesh.ca))
        XCTAssertNil(client.localIdentity)
        let result = try Handshake.run(server: mesh.serverContext(), client: client, serverName: "localhost")
        XCTAssertTrue(result.server.exchangedData, result.server.failure ?? "")
        XCTAssertNil(result.server.peerIdentity)
        XCTAssertTrue(result.server.peerIdentityError?.contains("no samen:// URI") == true, result.server.peerIdentityError ?? "nil")
    }
}

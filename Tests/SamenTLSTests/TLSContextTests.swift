import COpenSSL
import Foundation
import XCTest
@testable import SamenTLS

final class TLSContextTests: XCTestCase {
    func testBuildsServerAndClientContextsFromIssuedCredentials() throws {
        let mesh = try MeshFixture()
        let server = try mesh.serverContext()
        let client = try mesh.clientContext()
        XCTAssertEqual(server.role, .server)
        XCTAssertEqual(client.role, .client)
        XCTAssertEqual(server.localIdentity, mesh.serverIdentity)
        XCTAssertEqual(client.localIdentity, mesh.clientIdentity)
        XCTAssertEqual(SSL_CTX_ctrl(server.rawContext, SSL_CTRL_GET_MIN_PROTO_VERSION, 0, nil), Int(TLS1_3_VERSION))
        XCTAssertEqual(SSL_CTX_ctrl(server.rawContext, SSL_CTRL_GET_MAX_PROTO_VERSION, 0, nil), Int(TLS1_3_VERSION))
        XCTAssertEqual(SSL_CTX_get_verify_mode(server.rawContext), SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT)
        XCTAssertEqual(SSL_CTX_get_verify_mode(client.rawContext), SSL_VERIFY_PEER)
        XCTAssertEqual(SSL_CTX_get_num_tickets(server.rawContext), 0)
        let modes = samen_SSL_CTX_set_mode(server.rawContext, 0)
        let wanted = Int(SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER | SSL_MODE_RELEASE_BUFFERS)
        XCTAssertEqual(modes & wanted, wanted)
    }

    func testMismatchedKeyIsAClearError() throws {
        let mesh = try MeshFixture()
        let credentials = TLSCredentials(certificateChainPEM: mesh.server.certificatePEM, privateKeyPEM: mesh.client.privateKeyPEM,
                                         trustRootsPEM: mesh.ca.certificatePEM)
        XCTAssertThrowsError(try TLSContext(role: .server, credentials: credentials)) { error in
            XCTAssertTrue("\(error)".contains("private key does not belong to the leaf certificate"), "\(error)")
        }
    }

    func testCorruptOrMissingMaterialIsRejected() throws {
        let mesh = try MeshFixture()
        let good = mesh.server.credentials(trusting: mesh.ca)
        var noRoots = good
        noRoots.trustRootsPEM = ""
        var garbageChain = good
        garbageChain.certificateChainPEM = "-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n"
        var noKey = good
        noKey.privateKeyPEM = ""
        let cases: [(TLSRole, TLSCredentials, String)] = [
            (.server, noRoots, "no trust roots"),
            (.server, garbageChain, "certificate chain"),
            (.client, noKey, "without a private key"),
            (.server, .trustOnly(trustRootsPEM: mesh.ca.certificatePEM), "needs a certificate"),
        ]
        var inverted = TLSOptions()
        inverted.maximumVersion = .tls12
        XCTAssertThrowsError(try TLSContext(role: .client, credentials: good, options: inverted)) { error in
            XCTAssertTrue("\(error)".contains("above the maximum"), "\(error)")
        }
        for (role, credentials, expected) in cases {
            XCTAssertThrowsError(try TLSContext(role: role, credentials: credentials)) { error in
                XCTAssertTrue("\(error)".contains(expected), "'\(error)' does not mention '\(expected)'")
            }
        }
    }

    func testTrustOnlyClientHasNoIdentity() throws {
        let mesh = try MeshFixture()
        let client = try TLSContext(role: .client, credentials: .trustOnly(trustRootsPEM: mesh.ca.certificatePEM))
        XCTAssertNil(client.localIdentity)
        XCTAssertNil(SSL_CTX_get0_certificate(client.rawContext))
    }

    func testLoadNamesTheMissingFile() throws {
        XCTAssertThrowsError(try TLSCredentials.load(certificateFile: "/nonexistent/samen/cert.pem", privateKeyFile: "/nonexistent/key.pem",
                                                     trustRootsFile: "/nonexistent/ca.pem")) { error in
            XCTAssertTrue("\(error)".contains("/nonexistent/samen/cert.pem"), "\(error)")
        }
    }

    func testMakeSSLSetsVerificationNameForClients() throws {
        let mesh = try MeshFixture()
        let client = try mesh.clientContext()
        let ssl = try client.makeSSL(fd: -1, serverName: "localhost")
        defer { SSL_free(ssl) }
        XCTAssertEqual(String(cString: try XCTUnwrap(SSL_get_servername(ssl, TLSEXT_NAMETYPE_host_name))), "localhost")
        XCTAssertEqual(String(cString: try XCTUnwrap(X509_VERIFY_PARAM_get0_host(SSL_get0_param(ssl), 0))), "localhost")
        let ipSSL = try client.makeSSL(fd: -1, serverName: "127.0.0.1")
        defer { SSL_free(ipSSL) }
        XCTAssertNil(SSL_get_servername(ipSSL, TLSEXT_NAMETYPE_host_name), "no SNI for IP literals")
        let ip = try XCTUnwrap(X509_VERIFY_PARAM_get1_ip_asc(SSL_get0_param(ipSSL)))
        defer { CRYPTO_free(ip, #file, #line) }
        XCTAssertEqual(String(cString: ip), "127.0.0.1")
    }
}

import Foundation
import SamenRPC
import SamenTLS
import SamenTestSupport
import XCTest

/// The runtime refuses every peer that is not a mesh member speaking TLS 1.3, and stays up for those who are.
final class TLSRefusalTests: XCTestCase {
    private var mesh: TestMesh!
    private var server: RPCServer!
    private var port = 0

    override func setUp() async throws {
        mesh = try TestMesh()
        (server, port) = try mesh.startEchoServer()
    }

    override func tearDown() async throws {
        // Whatever was refused, a proper member still gets through.
        let good = try mesh.client(port: port)
        let reply = try await good.call(TestAPI.echo, TestMessage(text: "member"))
        XCTAssertEqual(reply.text, "member")
        await server.drain(grace: .seconds(1))
    }

    private func refusedCall(_ client: RPCClient) async -> RPCError? {
        do {
            _ = try await client.call(TestAPI.echo, TestMessage(text: "outsider"))
            XCTFail("the call must be refused")
            return nil
        } catch let error as RPCError {
            XCTAssertTrue([.unavailable, .unauthenticated].contains(error.status), "\(error)")
            return error
        } catch {
            XCTFail("unexpected \(error)")
            return nil
        }
    }

    /// In TLS 1.3 the client's handshake ends before the server has checked the client's certificate: the client
    /// learns of the refusal on its first read, as a TLS alert, and reports it as `unauthenticated` (§1).
    private func assertRefusedByAlert(_ error: RPCError?, _ alert: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(error?.status, .unauthenticated, file: file, line: line)
        XCTAssertTrue(error?.message.contains("refused the connection") ?? false, error?.message ?? "", file: file, line: line)
        XCTAssertTrue(error?.message.contains(alert) ?? false, error?.message ?? "", file: file, line: line)
        XCTAssertFalse(error?.wasNotProcessed ?? true, "a refused certificate is refused everywhere; not a retry elsewhere", file: file, line: line)
    }

    func testClientWithoutCertificateIsRefused() async throws {
        let client = try mesh.client(port: port, credentials: .trustOnly(trustRootsPEM: mesh.ca.certificatePEM))
        let error = await refusedCall(client)
        assertRefusedByAlert(error, "alert certificate required")
        await eventually { mesh.logLines().contains { $0.contains("connection refused") } }
    }

    func testCertificateFromAnotherCAIsRefused() async throws {
        let otherCA = try CertificateAuthority.generate(commonName: "not-the-mesh")
        let client = try mesh.client(port: port, credentials: try mesh.credentials(mesh.identity("intake"), issuer: otherCA))
        assertRefusedByAlert(await refusedCall(client), "alert unknown ca")
        await eventually { mesh.logLines().contains { $0.contains("connection refused") && $0.contains("certificate") } }
    }

    func testExpiredCertificateIsRefused() async throws {
        let expired = try mesh.credentials(mesh.identity("intake"), notBefore: Date().addingTimeInterval(-86_400 * 2),
                                           notAfter: Date().addingTimeInterval(-86_400))
        let client = try mesh.client(port: port, credentials: expired)
        assertRefusedByAlert(await refusedCall(client), "alert certificate expired")
        await eventually { mesh.logLines().contains { $0.contains("connection refused") && $0.contains("expired") } }
    }

    func testTLS12OnlyClientIsRefused() async throws {
        var options = TLSOptions()
        options.minimumVersion = .tls12
        options.maximumVersion = .tls12
        let client = try mesh.client(port: port, options: options)
        let error = await refusedCall(client)
        XCTAssertTrue(error?.message.contains("TLS handshake") ?? false, error?.message ?? "")
    }

    func testServerWithWrongIdentityIsRefusedByClient() async throws {
        let client = try mesh.client(port: port) { $0.expectedService = "registry" }
        let error = await refusedCall(client)
        XCTAssertEqual(error?.status, .unauthenticated)
        XCTAssertTrue(error?.message.contains("expected a registry certificate") ?? false, error?.message ?? "")
    }

    func testServerNameMismatchIsRefusedByClient() async throws {
        let client = try mesh.client(port: port) { $0.serverName = "registry.antwerpen.example" }
        let error = await refusedCall(client)
        XCTAssertTrue(error?.message.contains("TLS handshake") ?? false, error?.message ?? "")
    }
}

import Foundation
@testable import RegistryService
import SamenContracts
import SamenHost
import SamenRPC
import SamenTLS
import SamenTestSupport
import XCTest

final class RegistryProgramTests: XCTestCase {
    /// The program as `samen-registry` runs it: files from flags, itself in its own catalogue, drained by an operator.
    func testProgramRegistersItselfAndStopsOnAdminDrain() async throws {
        let mesh = try TestMesh()
        let identity = mesh.identity("registry")
        let issued = try mesh.ca.issue(CertificateRequest(commonName: identity.uri, identity: identity, dnsNames: ["localhost"],
                                                          ipAddresses: ["127.0.0.1"], notBefore: Date().addingTimeInterval(-300),
                                                          notAfter: Date().addingTimeInterval(86_400)))
        let pki = "\(mesh.directory)/pki"
        try FileManager.default.createDirectory(atPath: pki, withIntermediateDirectories: true)
        try PEMFile.write(issued.certificatePEM, to: "\(pki)/registry.pem", privateKey: false)
        try PEMFile.write(issued.privateKeyPEM, to: "\(pki)/registry-key.pem", privateKey: true)
        try PEMFile.write(mesh.ca.certificatePEM, to: "\(pki)/ca.pem", privateKey: false)
        let port = freePort()
        let options = try ServiceLaunchOptions(arguments: [
            "--region", "gent", "--listen", "127.0.0.1:\(port)", "--cert", "\(pki)/registry.pem",
            "--key", "\(pki)/registry-key.pem", "--ca", "\(pki)/ca.pem", "--data", "\(mesh.directory)/data", "--log-level", "error",
        ])
        let program = Task { try await RegistryProgram.run(options) }

        let operator_ = try mesh.client(port: port, as: mesh.identity("operator", instance: "tester"))
        let registry = RegistryClient(channel: operator_)
        await eventually {
            (try? await registry.lookup(LookupRequest(service: "registry")).instances.map(\.uri)) == ["samen://gent/registry/1"]
        }
        XCTAssertTrue(FileManager.default.fileExists(atPath: "\(mesh.directory)/data/registry.sqlite"))

        _ = try await operator_.call(Admin.drain, DrainRequest(graceSeconds: 1))
        try await program.value  // returns once drained

        // It deregistered itself on the way out: a new registry on the same file does not list it.
        let after = try await mesh.startRegistry(database: "\(mesh.directory)/data/registry.sqlite")
        let catalog = try await mesh.registryClient(port: after.port, as: mesh.identity("operator")).catalog(CatalogRequest())
        XCTAssertEqual(catalog.instances, [])
        await operator_.close()
        await after.stop()
    }

    func testProgramRefusesACertificateOfAnotherService() async throws {
        let mesh = try TestMesh()
        let identity = mesh.identity("intake")
        let issued = try mesh.ca.issue(CertificateRequest(commonName: identity.uri, identity: identity, dnsNames: ["localhost"],
                                                          ipAddresses: ["127.0.0.1"], notBefore: Date().addingTimeInterval(-300),
                                                          notAfter: Date().addingTimeInterval(86_400)))
        try PEMFile.write(issued.certificatePEM, to: "\(mesh.directory)/intake.pem", privateKey: false)
        try PEMFile.write(issued.privateKeyPEM, to: "\(mesh.directory)/intake-key.pem", privateKey: true)
        try PEMFile.write(mesh.ca.certificatePEM, to: "\(mesh.directory)/ca.pem", privateKey: false)
        let options = ServiceLaunchOptions(region: "gent", instance: "1", listen: Endpoint(host: "127.0.0.1", port: 0),
                                           certificateFile: "\(mesh.directory)/intake.pem",
                                           privateKeyFile: "\(mesh.directory)/intake-key.pem",
                                           trustRootsFile: "\(mesh.directory)/ca.pem", dataDirectory: mesh.directory)
        let error = await assertRPCError(.invalidArgument) { try await RegistryProgram.run(options) }
        XCTAssertTrue(error?.message.contains("samen://gent/intake/1") ?? false, error?.message ?? "")
    }

    func testOptionsOutOfRangeAreRefusedNamingTheOption() throws {
        let mesh = try TestMesh()
        var configuration = RegistryConfiguration(identity: mesh.identity("registry"), databasePath: "unused", logger: mesh.logger("registry"))
        for (name, value) in [("default-ttl", "nan"), ("default-ttl", "inf"), ("default-ttl", "-5"), ("default-ttl", "0.5"),
                              ("default-ttl", "301"), ("default-ttl", "ten"), ("deregister-critical-after", "-1"),
                              ("deregister-critical-after", "nan"), ("deregister-critical-after", "1e9")] {
            XCTAssertThrowsError(try RegistryProgram.apply([name: value], to: &configuration)) { error in
                XCTAssertEqual((error as? RPCError)?.status, .invalidArgument)
                XCTAssertEqual((error as? RPCError)?.details["field"], name, "\(name)=\(value)")
            }
        }
        try RegistryProgram.apply(["default-ttl": "5", "deregister-critical-after": "30"], to: &configuration)
        XCTAssertEqual(configuration.defaultTTL, 5)
        XCTAssertEqual(configuration.deregisterCriticalAfter, 30)
    }
}

import Foundation
import SamenHost
import SamenTLS
import XCTest

/// `samenctl pki init --compose DIR`, compose's one-shot pki step: each service's own files into its own folder.
final class ComposeKeysTests: XCTestCase {
    private var folder: String!
    private var home: MeshHome { MeshHome(path: "\(folder!)/ca") }
    private var out: String { "\(folder!)/out" }
    private let owner = "\(getuid()):\(getgid())"

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("samenctl-compose-\(UUID().uuidString)").path
        for volume in ["registry-gent", "intake-antwerpen"] {
            try FileManager.default.createDirectory(atPath: "\(out)/\(volume)", withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o755])
        }
    }

    override func tearDown() {
        try? FileManager.default.removeItem(atPath: folder)
    }

    private func pkiInit(_ extra: [String]) async -> (code: Int32, out: String, err: String) {
        await CtlTestMesh.ctl(["pki", "init", "--home", home.path, "--regions", "gent,antwerpen", "--services", "registry,intake",
                               "--operator", "operator"] + extra)
    }

    private func mode(_ path: String) throws -> Int {
        try (FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    func testEachFolderGetsTheCACertificateAndItsOwnServiceOnly() async throws {
        let result = await pkiInit(["--compose", out, "--owner", owner])
        XCTAssertEqual(result.code, 0, result.err)
        XCTAssertTrue(result.out.contains("2 folders"), result.out)

        for (volume, region, service) in [("registry-gent", "gent", "registry"), ("intake-antwerpen", "antwerpen", "intake")] {
            let target = "\(out)/\(volume)"
            XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: target).sorted(),
                           ["ca.pem", "\(service)-key.pem", "\(service).pem"])
            XCTAssertEqual(try mode(target), 0o700)
            XCTAssertEqual(try mode("\(target)/\(service)-key.pem"), 0o600)
            XCTAssertEqual(try mode("\(target)/\(service).pem"), 0o644)
            XCTAssertEqual(try String(contentsOfFile: "\(target)/\(service)-key.pem", encoding: .utf8),
                           try String(contentsOfFile: home.privateKey(region: region, service: service), encoding: .utf8))
            // The certificate names the host compose gives the container, so clients that check host names accept it.
            let names = try SubjectAlternativeNames(certificatePEM: String(contentsOfFile: "\(target)/\(service).pem", encoding: .utf8))
            XCTAssertEqual(names.uris, ["samen://\(region)/\(service)/1"])
            XCTAssertTrue(names.dnsNames.contains(volume), "\(names.dnsNames)")
            XCTAssertFalse(names.dnsNames.contains("intake-gent"), "one service's certificate names only its own host: \(names.dnsNames)")
            XCTAssertNoThrow(try TLSContext.load(role: .server, certificateFile: "\(target)/\(service).pem",
                                                 privateKeyFile: "\(target)/\(service)-key.pem", trustRootsFile: "\(target)/ca.pem"))
        }
        // Nothing of the CA's key reaches a service's folder.
        let caKey = try String(contentsOfFile: home.caPrivateKey, encoding: .utf8)
        for volume in ["registry-gent", "intake-antwerpen"] {
            for file in try FileManager.default.contentsOfDirectory(atPath: "\(out)/\(volume)") {
                XCTAssertNotEqual(try String(contentsOfFile: "\(out)/\(volume)/\(file)", encoding: .utf8), caKey)
            }
        }
    }

    func testAFolderOfNoIssuedServiceStopsTheStep() async throws {
        try FileManager.default.createDirectory(atPath: "\(out)/tolkdienst-gent", withIntermediateDirectories: true)
        let result = await pkiInit(["--compose", out, "--owner", owner])
        XCTAssertEqual(result.code, 2, result.out + result.err)
        XCTAssertTrue(result.err.contains("tolkdienst-gent"), result.err)
    }

    func testOwnerMustBeTwoNumbersAndGoWithCompose() async {
        for bad in ["samen", "65532", "65532:x", "-1:0", "4294967295:0"] {
            let result = await pkiInit(["--compose", out, "--owner", bad])
            XCTAssertEqual(result.code, 2, "\(bad): \(result.err)")
            XCTAssertTrue(result.err.contains("--owner"), result.err)
        }
        let alone = await pkiInit(["--owner", owner])
        XCTAssertEqual(alone.code, 2, alone.err)
        XCTAssertTrue(alone.err.contains("--compose"), alone.err)
    }
}

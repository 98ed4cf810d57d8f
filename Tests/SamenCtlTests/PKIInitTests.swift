import Foundation
import SamenCtl
import SamenHost
import SamenTLS
import SamenTestSupport
import XCTest

final class PKIInitTests: XCTestCase {
    private var folder: String!

    override func setUp() {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("samenctl-pki-\(UUID().uuidString)").path
    }

    override func tearDown() {
        try? FileManager.default.removeItem(atPath: folder)
    }

    private func pkiInit(_ extra: [String] = []) async -> (code: Int32, out: String, err: String) {
        await CtlTestMesh.ctl(["pki", "init", "--home", folder, "--regions", "gent,antwerpen", "--services", "registry,intake",
                               "--operator", "jan", "--dns", "registry.samen.test"] + extra)
    }

    private func names(_ path: String) throws -> SubjectAlternativeNames {
        try SubjectAlternativeNames(certificatePEM: String(contentsOfFile: path, encoding: .utf8))
    }

    private func mode(_ path: String) throws -> Int {
        try (FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    func testCreatesCAServiceAndOperatorCertificatesWithTheirIdentities() async throws {
        let result = await pkiInit()
        XCTAssertEqual(result.code, 0, result.err)
        let home = MeshHome(path: folder)
        let ca = try CertificateAuthority.load(certificateFile: home.caCertificate, privateKeyFile: home.caPrivateKey)
        XCTAssertTrue(ca.certificatePEM.contains("BEGIN CERTIFICATE"))

        for region in ["gent", "antwerpen"] {
            for service in ["registry", "intake"] {
                let san = try names(home.certificate(region: region, service: service))
                XCTAssertEqual(san.uris, ["samen://\(region)/\(service)/1"])
                XCTAssertEqual(Set(san.dnsNames), ["localhost", "registry.samen.test"])
                XCTAssertEqual(Set(san.ipAddresses), ["127.0.0.1", "::1"])
                XCTAssertEqual(try mode(home.privateKey(region: region, service: service)), 0o600)
                // The key belongs to the certificate and the CA signed it: a TLS context accepts the pair.
                XCTAssertNoThrow(try TLSContext.load(role: .server, certificateFile: home.certificate(region: region, service: service),
                                                     privateKeyFile: home.privateKey(region: region, service: service),
                                                     trustRootsFile: home.caCertificate))
            }
        }
        // One operator per region: administrative methods admit operators of the server's own region only.
        for region in ["gent", "antwerpen"] {
            XCTAssertEqual(try names(home.operatorCertificate(region: region)).uris, ["samen://\(region)/operator/jan"])
            XCTAssertEqual(try mode(home.operatorPrivateKey(region: region)), 0o600)
            XCTAssertTrue(result.out.contains("samen://\(region)/operator/jan"), result.out)
        }
        XCTAssertEqual(try mode(home.caPrivateKey), 0o600)
        XCTAssertEqual(try mode(home.caCertificate), 0o644)
    }

    /// Every folder pki init makes is 0700 and every key 0600; certificates stay 0644 (public, behind 0700 folders).
    func testEveryFolderIsPrivateAndEveryKeyOwnerOnly() async throws {
        let result = await pkiInit()
        XCTAssertEqual(result.code, 0, result.err)
        let home = MeshHome(path: folder)
        let enumerator = try XCTUnwrap(FileManager.default.enumerator(atPath: home.path))
        var checked = 0
        for case let relative as String in enumerator {
            let path = "\(home.path)/\(relative)"
            var isFolder: ObjCBool = false
            XCTAssertTrue(FileManager.default.fileExists(atPath: path, isDirectory: &isFolder))
            let expected = isFolder.boolValue ? 0o700 : relative.hasSuffix("-key.pem") ? 0o600 : 0o644
            XCTAssertEqual(try mode(path), expected, relative)
            checked += 1
        }
        XCTAssertEqual(try mode(home.path), 0o700)
        XCTAssertGreaterThan(checked, 10)
    }

    /// A home made by an older version with 0755 folders is tightened on the next run.
    func testLooserFoldersOfAnEarlierRunAreTightened() async throws {
        try FileManager.default.createDirectory(atPath: "\(folder!)/pki/gent", withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o755])
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder)
        let result = await pkiInit()
        XCTAssertEqual(result.code, 0, result.err)
        XCTAssertEqual(try mode(folder), 0o700)
        XCTAssertEqual(try mode("\(folder!)/pki"), 0o700)
        XCTAssertEqual(try mode("\(folder!)/pki/gent"), 0o700)
    }

    func testSecondRunKeepsEveryFileAndSaysSo() async throws {
        let first = await pkiInit()
        XCTAssertEqual(first.code, 0, first.err)
        let home = MeshHome(path: folder)
        let files = [home.caCertificate, home.caPrivateKey, home.operatorCertificate(region: "antwerpen"), home.operatorPrivateKey(region: "gent"),
                     home.certificate(region: "antwerpen", service: "intake"), home.privateKey(region: "gent", service: "registry")]
        let before = try files.map { try Data(contentsOf: URL(fileURLWithPath: $0)) }

        let second = await pkiInit()
        XCTAssertEqual(second.code, 0, second.err)
        XCTAssertTrue(second.out.contains("nothing to do"), second.out)
        XCTAssertEqual(try files.map { try Data(contentsOf: URL(fileURLWithPath: $0)) }, before)

        let forced = await pkiInit(["--force"])
        XCTAssertEqual(forced.code, 0, forced.err)
        XCTAssertNotEqual(try Data(contentsOf: URL(fileURLWithPath: home.caCertificate)), before[0])
    }

    func testANewCAReissuesLeavesThatTheOldCASigned() async throws {
        let first = await pkiInit()
        XCTAssertEqual(first.code, 0)
        let home = MeshHome(path: folder)
        let leaf = home.certificate(region: "gent", service: "registry")
        let oldLeaf = try String(contentsOfFile: leaf, encoding: .utf8)
        try FileManager.default.removeItem(atPath: home.caCertificate)
        try FileManager.default.removeItem(atPath: home.caPrivateKey)
        let second = await pkiInit()
        XCTAssertEqual(second.code, 0)
        XCTAssertNotEqual(try String(contentsOfFile: leaf, encoding: .utf8), oldLeaf)
        XCTAssertNoThrow(try TLSContext.load(role: .server, certificateFile: leaf,
                                             privateKeyFile: home.privateKey(region: "gent", service: "registry"),
                                             trustRootsFile: home.caCertificate))
    }

    func testInvalidNamesAreRefusedWithTheRule() async {
        let result = await CtlTestMesh.ctl(["pki", "init", "--home", folder, "--regions", "Gent"])
        XCTAssertEqual(result.code, 2)
        XCTAssertTrue(result.err.contains("lowercase"), result.err)
        XCTAssertFalse(FileManager.default.fileExists(atPath: MeshHome(path: folder).caCertificate))
    }

    func testOperatorNameComesFromUserMadeValid() {
        XCTAssertEqual(DevelopmentPKI.defaultOperatorName(environment: ["USER": "Jan.De Smet"]), "jan-de-smet")
        XCTAssertEqual(DevelopmentPKI.defaultOperatorName(environment: ["USER": "__"]), "admin")
        XCTAssertEqual(DevelopmentPKI.defaultOperatorName(environment: [:]), "admin")
    }
}

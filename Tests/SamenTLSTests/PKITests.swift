import COpenSSL
import Foundation
import XCTest
@testable import SamenTLS

final class PKITests: XCTestCase {
    func testGeneratedCAIsASelfSignedP256CA() throws {
        let ca = try CertificateAuthority.generate(commonName: "Samen Test CA", validityDays: 30)
        XCTAssertTrue(ca.privateKeyPEM.hasPrefix("-----BEGIN PRIVATE KEY-----"))
        let cert = try XCTUnwrap(OpenSSLTestHelpers.readCertificate(ca.certificatePEM))
        defer { X509_free(cert) }
        XCTAssertNotEqual(X509_check_ca(cert), 0)
        XCTAssertEqual(X509_get_version(cert), 2)
        XCTAssertEqual(X509_check_issued(cert, cert), X509_V_OK, "self-signed")
        XCTAssertEqual(X509_verify(cert, X509_get0_pubkey(cert)), 1)
        XCTAssertEqual(EVP_PKEY_get_bits(X509_get0_pubkey(cert)), 256)
        XCTAssertNotNil(X509_get0_subject_key_id(cert))
        XCTAssertEqual(X509_get_key_usage(cert) & UInt32(KU_KEY_CERT_SIGN | KU_CRL_SIGN), UInt32(KU_KEY_CERT_SIGN | KU_CRL_SIGN))
        let basicConstraints = X509_get_ext_by_NID(cert, NID_basic_constraints, -1)
        XCTAssertGreaterThanOrEqual(basicConstraints, 0)
        XCTAssertEqual(X509_EXTENSION_get_critical(X509_get_ext(cert, basicConstraints)), 1)
        let notAfter = try XCTUnwrap(OpenSSLTestHelpers.date(X509_get0_notAfter(cert)))
        XCTAssertEqual(notAfter.timeIntervalSinceNow, 30 * 86_400, accuracy: 120)
    }

    func testIssuedLeafCarriesSANsValidityAndMeshExtensions() throws {
        let ca = try CertificateAuthority.generate(commonName: "Samen Test CA")
        let identity = try ServiceIdentity(region: "be", service: "registry", instance: "r1")
        let notBefore = Date(timeIntervalSince1970: 1_700_000_000)
        let notAfter = Date(timeIntervalSince1970: 1_900_000_000)
        let issued = try ca.issue(CertificateRequest(commonName: "registry", identity: identity, dnsNames: ["localhost", "registry.internal"],
                                                     ipAddresses: ["127.0.0.1", "::1"], notBefore: notBefore, notAfter: notAfter))
        XCTAssertTrue(issued.privateKeyPEM.hasPrefix("-----BEGIN PRIVATE KEY-----"), "PKCS#8")

        let leaf = try XCTUnwrap(OpenSSLTestHelpers.readCertificate(issued.certificatePEM))
        defer { X509_free(leaf) }
        let caCert = try XCTUnwrap(OpenSSLTestHelpers.readCertificate(ca.certificatePEM))
        defer { X509_free(caCert) }

        // Names, read straight through OpenSSL.
        let decoded = try XCTUnwrap(X509_get_ext_d2i(leaf, NID_subject_alt_name, nil, nil))
        let names = OpaquePointer(decoded)
        defer { samen_GENERAL_NAMES_free(names) }
        var uris: [String] = [], dns: [String] = [], ips: [[UInt8]] = []
        for index in 0..<samen_sk_GENERAL_NAME_num(names) {
            let name = try XCTUnwrap(samen_sk_GENERAL_NAME_value(names, index))
            switch name.pointee.type {
            case GEN_URI: uris.append(string(name.pointee.d.uniformResourceIdentifier))
            case GEN_DNS: dns.append(string(name.pointee.d.dNSName))
            case GEN_IPADD: ips.append(bytes(name.pointee.d.iPAddress))
            default: XCTFail("unexpected name type \(name.pointee.type)")
            }
        }
        XCTAssertEqual(uris, ["samen://be/registry/r1"])
        XCTAssertEqual(dns, ["localhost", "registry.internal"])
        XCTAssertEqual(ips, [[127, 0, 0, 1], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]])
        XCTAssertEqual(try SubjectAlternativeNames(certificatePEM: issued.certificatePEM),
                       SubjectAlternativeNames(uris: ["samen://be/registry/r1"], dnsNames: ["localhost", "registry.internal"],
                                               ipAddresses: ["127.0.0.1", "::1"]))

        // Validity exactly as requested.
        XCTAssertEqual(OpenSSLTestHelpers.date(X509_get0_notBefore(leaf)), notBefore)
        XCTAssertEqual(OpenSSLTestHelpers.date(X509_get0_notAfter(leaf)), notAfter)

        // Signed by the CA, not a CA itself, usable as server and client.
        XCTAssertEqual(X509_get_version(leaf), 2)
        XCTAssertEqual(X509_verify(leaf, X509_get0_pubkey(caCert)), 1)
        XCTAssertEqual(X509_check_issued(caCert, leaf), X509_V_OK)
        XCTAssertEqual(X509_check_ca(leaf), 0)
        let eku = X509_get_extended_key_usage(leaf)
        XCTAssertEqual(eku & UInt32(XKU_SSL_SERVER | XKU_SSL_CLIENT), UInt32(XKU_SSL_SERVER | XKU_SSL_CLIENT))
        XCTAssertEqual(X509_get_key_usage(leaf) & UInt32(KU_DIGITAL_SIGNATURE), UInt32(KU_DIGITAL_SIGNATURE))
        XCTAssertEqual(X509_get_key_usage(leaf) & UInt32(KU_KEY_CERT_SIGN), 0)
        XCTAssertEqual(EVP_PKEY_get_bits(X509_get0_pubkey(leaf)), 256)
        let authorityKeyID = try XCTUnwrap(X509_get0_authority_key_id(leaf))
        let caKeyID = try XCTUnwrap(X509_get0_subject_key_id(caCert))
        XCTAssertEqual(ASN1_OCTET_STRING_cmp(authorityKeyID, caKeyID), 0)

        // Serial: positive, 16 bytes.
        let serial = try XCTUnwrap(X509_get0_serialNumber(leaf))
        XCTAssertEqual(serial.pointee.type, V_ASN1_INTEGER, "positive")
        XCTAssertEqual(ASN1_STRING_length(serial), 16)
    }

    func testSerialsDiffer() throws {
        let ca = try CertificateAuthority.generate(commonName: "Samen Test CA")
        let first = try ca.issue(CertificateRequest(commonName: "a"))
        let second = try ca.issue(CertificateRequest(commonName: "a"))
        let a = try XCTUnwrap(OpenSSLTestHelpers.readCertificate(first.certificatePEM))
        let b = try XCTUnwrap(OpenSSLTestHelpers.readCertificate(second.certificatePEM))
        defer { X509_free(a); X509_free(b) }
        XCTAssertNotEqual(ASN1_INTEGER_cmp(X509_get0_serialNumber(a), X509_get0_serialNumber(b)), 0)
    }

    func testLoadingACARejectsAKeyFromAnotherCA() throws {
        let ca = try CertificateAuthority.generate(commonName: "Samen Test CA")
        let other = try CertificateAuthority.generate(commonName: "Other CA")
        let reloaded = try CertificateAuthority(certificatePEM: ca.certificatePEM, privateKeyPEM: ca.privateKeyPEM)
        XCTAssertEqual(reloaded.certificatePEM, ca.certificatePEM)
        XCTAssertThrowsError(try CertificateAuthority(certificatePEM: ca.certificatePEM, privateKeyPEM: other.privateKeyPEM)) { error in
            XCTAssertTrue("\(error)".contains("does not belong to the CA certificate"), "\(error)")
        }
    }

    func testLoadingACARejectsALeafCertificate() throws {
        let ca = try CertificateAuthority.generate(commonName: "Samen Test CA")
        let leaf = try ca.issue(CertificateRequest(commonName: "leaf"))
        XCTAssertThrowsError(try CertificateAuthority(certificatePEM: leaf.certificatePEM, privateKeyPEM: leaf.privateKeyPEM)) { error in
            XCTAssertTrue("\(error)".contains("not a CA certificate"), "\(error)")
        }
    }

    func testInvalidRequestsAreRejected() throws {
        let ca = try CertificateAuthority.generate(commonName: "Samen Test CA")
        let now = Date()
        let cases: [(CertificateRequest, String)] = [
            (CertificateRequest(commonName: ""), "common name is empty"),
            (CertificateRequest(commonName: "x", ipAddresses: ["300.1.1.1"]), "'300.1.1.1' is not an IPv4 or IPv6 address"),
            (CertificateRequest(commonName: "x", dnsNames: ["bad,name"]), "not a valid DNS name"),
            (CertificateRequest(commonName: "x", notBefore: now, notAfter: now.addingTimeInterval(-1)), "is not after notBefore"),
        ]
        for (request, expected) in cases {
            XCTAssertThrowsError(try ca.issue(request)) { error in
                XCTAssertTrue("\(error)".contains(expected), "'\(error)' does not mention '\(expected)'")
            }
        }
    }

    /// Roles go with a staff identity only, and a staff identity has at least one: the CA refuses to issue
    /// anything else, and writes each role as a `samen-role:` URI SAN after the identity.
    func testStaffRequestsNeedAStaffIdentityAndValidRoles() throws {
        let ca = try CertificateAuthority.generate(commonName: "Samen Test CA")
        let staff = try ServiceIdentity(region: "gent", service: StaffCertificate.service, instance: "an-peeters")
        let service = try ServiceIdentity(region: "gent", service: "intake", instance: "1")
        func request(_ identity: ServiceIdentity, _ roles: [String]) -> CertificateRequest {
            var request = CertificateRequest(commonName: identity.uri, identity: identity)
            request.roles = roles
            return request
        }
        let refused: [(CertificateRequest, String)] = [
            (request(service, ["desk"]), "staff roles go with a samen://<region>/staff/<user> identity"),
            (request(staff, []), "a staff identity needs at least one role"),
            (request(staff, ["Desk"]), "staff role 'Desk' is not 1...32 characters of [a-z0-9-]"),
            (request(staff, [""]), "staff role '' is not"),
            (request(staff, [String(repeating: "d", count: 33)]), "is not 1...32 characters"),
            (request(staff, (0..<17).map { "r\($0)" }), "at most 16 roles, not 17"),
        ]
        for (bad, expected) in refused {
            XCTAssertThrowsError(try ca.issue(bad)) { error in
                XCTAssertTrue("\(error)".contains(expected), "'\(error)' does not mention '\(expected)'")
            }
        }
        let issued = try ca.issue(request(staff, ["desk", "dpo"]))
        XCTAssertEqual(try SubjectAlternativeNames(certificatePEM: issued.certificatePEM).uris,
                       ["samen://gent/staff/an-peeters", "samen-role:desk", "samen-role:dpo"])
    }

    func testPEMFileWritesKeysWithMode0600() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("samen-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let ca = try CertificateAuthority.generate(commonName: "Samen Test CA")
        let keyPath = directory.appendingPathComponent("ca.key").path
        let certPath = directory.appendingPathComponent("ca.pem").path
        try PEMFile.write(ca.privateKeyPEM, to: keyPath, privateKey: true)
        try PEMFile.write(ca.certificatePEM, to: certPath, privateKey: false)
        XCTAssertEqual(try mode(of: keyPath), 0o600)
        XCTAssertEqual(try mode(of: certPath), 0o644)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted(), ["ca.key", "ca.pem"], "no temp files left")
        let loaded = try CertificateAuthority.load(certificateFile: certPath, privateKeyFile: keyPath)
        XCTAssertEqual(loaded.privateKeyPEM, ca.privateKeyPEM)
    }

    func testKeyPairIsP256PKCS8() throws {
        let pair = try KeyPair.generateP256()
        XCTAssertTrue(pair.privateKeyPEM.hasPrefix("-----BEGIN PRIVATE KEY-----"))
        XCTAssertTrue(pair.publicKeyPEM.hasPrefix("-----BEGIN PUBLIC KEY-----"))
        XCTAssertEqual(try KeyPair(privateKeyPEM: pair.privateKeyPEM).publicKeyPEM, pair.publicKeyPEM)
        XCTAssertThrowsError(try KeyPair(privateKeyPEM: "not a key"))
    }

    private func mode(of path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return try XCTUnwrap(attributes[.posixPermissions] as? Int)
    }

    private func string(_ value: UnsafeMutablePointer<ASN1_STRING>?) -> String {
        String(decoding: bytes(value), as: UTF8.self)
    }

    private func bytes(_ value: UnsafeMutablePointer<ASN1_STRING>?) -> [UInt8] {
        guard let value, let data = ASN1_STRING_get0_data(value) else { return [] }
        return Array(UnsafeBufferPointer(start: data, count: Int(ASN1_STRING_length(value))))
    }
}

import COpenSSL
import Foundation

/// The mesh CA: a self-signed EC P-256 root that issues every service's certificate.
///
/// Held as PEM so it is Sendable and can be written to or read from disk by `samenctl pki`;
/// OpenSSL objects are rebuilt per operation, which costs microseconds next to key generation.
public struct CertificateAuthority: Sendable {
    public let certificatePEM: String
    /// PKCS#8; whoever holds this can mint any identity in the mesh.
    public let privateKeyPEM: String

    /// Creates a new root CA valid from 5 minutes ago (clock skew) for `validityDays`.
    public static func generate(commonName: String, validityDays: Int = 3650) throws -> CertificateAuthority {
        try CertificateNames.validateCommonName(commonName)
        guard validityDays > 0 else { throw TLSError("CA validity must be at least one day, not \(validityDays)") }
        let key = try PrivateKey.generateP256()
        let now = Date()
        var builder = CertificateBuilder(commonName: commonName,
                                         notBefore: now.addingTimeInterval(-5 * 60),
                                         notAfter: now.addingTimeInterval(Double(validityDays) * 24 * 60 * 60))
        builder.extensions = [
            (NID_basic_constraints, "critical,CA:TRUE"),
            (NID_key_usage, "critical,keyCertSign,cRLSign"),
            (NID_subject_key_identifier, "hash"),
        ]
        let certificate = try builder.sign(subjectKey: key, issuer: nil, issuerKey: key)
        return CertificateAuthority(checkedCertificatePEM: try certificate.pem(), privateKeyPEM: try key.pkcs8PEM())
    }

    /// Loads an existing CA; throws unless the certificate is a CA certificate and the key is its own.
    public init(certificatePEM: String, privateKeyPEM: String) throws {
        _ = try Self.parse(certificatePEM: certificatePEM, privateKeyPEM: privateKeyPEM)
        self.init(checkedCertificatePEM: certificatePEM, privateKeyPEM: privateKeyPEM)
    }

    /// Reads the CA certificate and key from PEM files, e.g. those `samenctl pki init` wrote.
    public static func load(certificateFile: String, privateKeyFile: String) throws -> CertificateAuthority {
        try CertificateAuthority(certificatePEM: TLSCredentials.readPEMFile(certificateFile, what: "CA certificate"),
                                 privateKeyPEM: TLSCredentials.readPEMFile(privateKeyFile, what: "CA private key"))
    }

    private init(checkedCertificatePEM: String, privateKeyPEM: String) {
        self.certificatePEM = checkedCertificatePEM
        self.privateKeyPEM = privateKeyPEM
    }

    /// Issues a leaf certificate with a fresh P-256 key, usable as both TLS server and client,
    /// since every mesh service is both.
    ///
    /// The leaf's validity is taken as requested, even past the CA's own expiry or in the past:
    /// tests need expired certificates, and clients reject a chain with an expired root anyway.
    public func issue(_ request: CertificateRequest) throws -> IssuedCertificate {
        try request.validate()
        let (caCertificate, caKey) = try Self.parse(certificatePEM: certificatePEM, privateKeyPEM: privateKeyPEM)
        let key = try PrivateKey.generateP256()
        var builder = CertificateBuilder(commonName: request.commonName, notBefore: request.notBefore, notAfter: request.notAfter)
        builder.extensions = [
            (NID_basic_constraints, "critical,CA:FALSE"),
            (NID_key_usage, "critical,digitalSignature"),
            (NID_ext_key_usage, "serverAuth,clientAuth"),
            (NID_subject_key_identifier, "hash"),
            (NID_authority_key_identifier, "keyid:always"),
        ]
        if let identity = request.identity {
            builder.subjectAltNames.append((GEN_URI, identity.uri))
        }
        builder.subjectAltNames += try StaffCertificate.roleURIs(request.roles).map { (GEN_URI, $0) }
        builder.subjectAltNames += request.dnsNames.map { (GEN_DNS, $0) }
        builder.subjectAltNames += request.ipAddresses.map { (GEN_IPADD, $0) }
        let certificate = try builder.sign(subjectKey: key, issuer: caCertificate, issuerKey: caKey)
        return IssuedCertificate(certificatePEM: try certificate.pem(), privateKeyPEM: try key.pkcs8PEM())
    }

    private static func parse(certificatePEM: String, privateKeyPEM: String) throws -> (X509Certificate, PrivateKey) {
        let certificate = try X509Certificate(pem: certificatePEM, what: "CA certificate")
        let key = try PrivateKey(pem: privateKeyPEM, what: "CA private key")
        guard X509_check_ca(certificate.raw) != 0 else {
            OpenSSLErrorQueue.clear()
            throw TLSError("the CA certificate is not a CA certificate (basicConstraints CA:TRUE missing)")
        }
        guard key.matches(certificate) else {
            throw TLSError("the CA private key does not belong to the CA certificate")
        }
        return (certificate, key)
    }
}

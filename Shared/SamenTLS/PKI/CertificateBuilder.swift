import COpenSSL
import Foundation

/// Assembles and signs one X.509 v3 certificate.
///
/// The CA certificate and leaf certificates differ only in names and extensions, so both go
/// through here and every OpenSSL object is freed along one path.
struct CertificateBuilder {
    var commonName: String
    var notBefore: Date
    var notAfter: Date
    /// Extensions in OpenSSL config syntax, added in order (SKI before AKI matters).
    var extensions: [(nid: Int32, value: String)] = []
    /// (GEN_URI / GEN_DNS / GEN_IPADD, value).
    var subjectAltNames: [(type: Int32, value: String)] = []

    /// Builds a certificate for `subjectKey`, signed with SHA-256 by `issuerKey`. A nil `issuer`
    /// means self-signed.
    func sign(subjectKey: PrivateKey, issuer: X509Certificate?, issuerKey: PrivateKey) throws -> X509Certificate {
        OpenSSLErrorQueue.clear()
        guard let raw = X509_new() else { throw TLSError.drainingErrorQueue("could not allocate a certificate") }
        let certificate = X509Certificate(owning: raw)

        guard X509_set_version(raw, Int(X509_VERSION_3)) == 1 else {
            throw TLSError.drainingErrorQueue("could not set certificate version")
        }
        try setRandomSerial(raw)
        try setSubject(raw)
        let issuerName = X509_get_subject_name(issuer?.raw ?? raw)
        guard X509_set_issuer_name(raw, issuerName) == 1 else {
            throw TLSError.drainingErrorQueue("could not set issuer name")
        }
        try setTime(notBefore, what: "notBefore") { X509_set1_notBefore(raw, $0) }
        try setTime(notAfter, what: "notAfter") { X509_set1_notAfter(raw, $0) }
        guard X509_set_pubkey(raw, subjectKey.raw) == 1 else {
            throw TLSError.drainingErrorQueue("could not set certificate public key")
        }
        try addExtensions(raw, issuer: issuer?.raw ?? raw)
        try addSubjectAltNames(raw)
        guard X509_sign(raw, issuerKey.raw, EVP_sha256()) > 0 else {
            throw TLSError.drainingErrorQueue("could not sign certificate for '\(commonName)'")
        }
        return certificate
    }

    /// A positive 16-byte serial from the CSPRNG: unpredictable serials are what protect a CA
    /// against chosen-prefix collisions, and they make collisions between CA runs negligible.
    private func setRandomSerial(_ raw: OpaquePointer) throws {
        var bytes = [UInt8](repeating: 0, count: 16)
        guard RAND_bytes(&bytes, Int32(bytes.count)) == 1 else {
            throw TLSError.drainingErrorQueue("could not draw random bytes for a serial number")
        }
        // Top bit clear keeps the DER INTEGER positive; the next bit set keeps it 16 bytes long.
        bytes[0] = (bytes[0] & 0x7f) | 0x40
        guard let number = BN_bin2bn(bytes, Int32(bytes.count), nil) else {
            throw TLSError.drainingErrorQueue("could not create a serial number")
        }
        defer { BN_free(number) }
        guard BN_to_ASN1_INTEGER(number, X509_get_serialNumber(raw)) != nil else {
            throw TLSError.drainingErrorQueue("could not set the serial number")
        }
    }

    private func setSubject(_ raw: OpaquePointer) throws {
        guard let name = X509_NAME_new() else { throw TLSError.drainingErrorQueue("could not allocate a name") }
        defer { X509_NAME_free(name) }
        guard X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, commonName, -1, -1, 0) == 1,
              X509_set_subject_name(raw, name) == 1 else {
            throw TLSError.drainingErrorQueue("could not set subject common name '\(commonName)'")
        }
    }

    private func setTime(_ date: Date, what: String, _ apply: (UnsafeMutablePointer<ASN1_TIME>) -> Int32) throws {
        guard let time = ASN1_TIME_set(nil, time_t(date.timeIntervalSince1970.rounded(.down))) else {
            throw TLSError.drainingErrorQueue("could not encode \(what) \(date)")
        }
        defer { ASN1_TIME_free(time) }
        guard apply(time) == 1 else { throw TLSError.drainingErrorQueue("could not set \(what)") }
    }

    private func addExtensions(_ raw: OpaquePointer, issuer: OpaquePointer) throws {
        var context = X509V3_CTX()
        X509V3_set_ctx(&context, issuer, raw, nil, nil, 0)
        for (nid, value) in extensions {
            guard let ext = X509V3_EXT_conf_nid(nil, &context, nid, value) else {
                throw TLSError.drainingErrorQueue("could not build extension \(String(cString: OBJ_nid2sn(nid))) = \(value)")
            }
            defer { X509_EXTENSION_free(ext) }
            guard X509_add_ext(raw, ext, -1) == 1 else {
                throw TLSError.drainingErrorQueue("could not add extension \(String(cString: OBJ_nid2sn(nid)))")
            }
        }
    }

    /// Built as GENERAL_NAME objects rather than a config string so that values containing
    /// commas or colons (IPv6) cannot be misparsed into extra names.
    private func addSubjectAltNames(_ raw: OpaquePointer) throws {
        guard !subjectAltNames.isEmpty else { return }
        guard let names = GENERAL_NAMES_new() else { throw TLSError.drainingErrorQueue("could not allocate names") }
        defer { samen_GENERAL_NAMES_free(names) }
        for (type, value) in subjectAltNames {
            guard let name = a2i_GENERAL_NAME(nil, nil, nil, type, value, 0) else {
                throw TLSError.drainingErrorQueue("invalid subject alternative name '\(value)'")
            }
            guard samen_sk_GENERAL_NAME_push(names, name) > 0 else {
                GENERAL_NAME_free(name)
                throw TLSError.drainingErrorQueue("could not collect subject alternative names")
            }
        }
        guard X509_add1_ext_i2d(raw, NID_subject_alt_name, UnsafeMutableRawPointer(names), 0, UInt(X509V3_ADD_DEFAULT)) == 1 else {
            throw TLSError.drainingErrorQueue("could not add the subjectAltName extension")
        }
    }
}

import COpenSSL

/// An owned `X509*`.
///
/// Internal on purpose: OpenSSL pointers are not Sendable and their lifetimes are easy to get
/// wrong, so the public API trades in PEM strings and this class frees in one place.
final class X509Certificate {
    let raw: OpaquePointer

    /// Takes ownership of `raw`.
    init(owning raw: OpaquePointer) { self.raw = raw }

    /// Parses exactly the first certificate in `pem`.
    convenience init(pem: String, what: String = "certificate") throws {
        let first = try X509Certificate.readAll(pem: pem, what: what)[0]
        // The array's wrapper frees its reference when it goes; this instance keeps its own.
        X509_up_ref(first.raw)
        self.init(owning: first.raw)
    }

    /// Parses every certificate in a PEM bundle, in order; throws if there are none or one is corrupt.
    static func readAll(pem: String, what: String) throws -> [X509Certificate] {
        OpenSSLErrorQueue.clear()
        let bio = try MemoryBIO(pem)
        var certificates: [X509Certificate] = []
        while let cert = PEM_read_bio_X509(bio.raw, nil, nil, nil) {
            certificates.append(X509Certificate(owning: cert))
        }
        // Reading past the last certificate always leaves "no start line"; anything else is damage.
        let last = ERR_peek_last_error()
        if last != 0 && !(ERR_GET_LIB(last) == ERR_LIB_PEM && ERR_GET_REASON(last) == PEM_R_NO_START_LINE) {
            throw TLSError.drainingErrorQueue("\(what): PEM data is corrupt after \(certificates.count) certificate(s)")
        }
        OpenSSLErrorQueue.clear()
        guard !certificates.isEmpty else {
            throw TLSError("\(what): no PEM certificate found (expected '-----BEGIN CERTIFICATE-----')")
        }
        return certificates
    }

    /// The certificate as PEM text.
    func pem() throws -> String {
        let bio = try MemoryBIO()
        guard PEM_write_bio_X509(bio.raw, raw) == 1 else {
            throw TLSError.drainingErrorQueue("could not encode certificate as PEM")
        }
        return bio.contents()
    }

    /// The subject alternative names, for identity and hostname checks.
    var subjectAlternativeNames: SubjectAlternativeNames { SubjectAlternativeNames(certificate: raw) }

    deinit { X509_free(raw) }
}

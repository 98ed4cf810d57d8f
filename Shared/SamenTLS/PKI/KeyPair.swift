import COpenSSL

/// An EC P-256 key pair as PEM text.
///
/// P-256 because every TLS 1.3 stack supports it and signatures are small and fast, which
/// matters when a thousand connections handshake at once after a restart.
public struct KeyPair: Sendable {
    /// PKCS#8 ("BEGIN PRIVATE KEY"), unencrypted; protect it with file permissions.
    public let privateKeyPEM: String
    /// SubjectPublicKeyInfo ("BEGIN PUBLIC KEY").
    public let publicKeyPEM: String

    /// Generates a fresh P-256 key pair.
    public static func generateP256() throws -> KeyPair {
        let key = try PrivateKey.generateP256()
        return KeyPair(privateKeyPEM: try key.pkcs8PEM(), publicKeyPEM: try key.publicKeyPEM())
    }

    /// Parses and re-encodes `privateKeyPEM`, so any PEM key OpenSSL reads becomes PKCS#8.
    public init(privateKeyPEM: String) throws {
        let key = try PrivateKey(pem: privateKeyPEM, what: "private key")
        self.init(privateKeyPEM: try key.pkcs8PEM(), publicKeyPEM: try key.publicKeyPEM())
    }

    private init(privateKeyPEM: String, publicKeyPEM: String) {
        self.privateKeyPEM = privateKeyPEM
        self.publicKeyPEM = publicKeyPEM
    }
}

/// An owned `EVP_PKEY*`; internal for the same lifetime reasons as `X509Certificate`.
final class PrivateKey {
    let raw: OpaquePointer

    /// Takes ownership of `raw`.
    init(owning raw: OpaquePointer) { self.raw = raw }

    static func generateP256() throws -> PrivateKey {
        OpenSSLErrorQueue.clear()
        guard let key = samen_EVP_EC_gen_P256() else {
            throw TLSError.drainingErrorQueue("could not generate an EC P-256 key")
        }
        return PrivateKey(owning: key)
    }

    /// Parses a PEM private key (PKCS#8, SEC1 "EC PRIVATE KEY" or PKCS#1); encrypted keys are refused.
    convenience init(pem: String, what: String) throws {
        OpenSSLErrorQueue.clear()
        let bio = try MemoryBIO(pem)
        // No passphrase callback: a NULL callback would prompt on the terminal for encrypted keys,
        // which a service must never do, so an empty passphrase callback makes them fail instead.
        guard let key = PEM_read_bio_PrivateKey(bio.raw, nil, { _, _, _, _ in 0 }, nil) else {
            throw TLSError.drainingErrorQueue("\(what): could not read a PEM private key (missing, corrupt or encrypted)")
        }
        self.init(owning: key)
    }

    /// PKCS#8 PEM, unencrypted.
    func pkcs8PEM() throws -> String {
        let bio = try MemoryBIO()
        guard PEM_write_bio_PKCS8PrivateKey(bio.raw, raw, nil, nil, 0, nil, nil) == 1 else {
            throw TLSError.drainingErrorQueue("could not encode private key as PKCS#8 PEM")
        }
        return bio.contents()
    }

    func publicKeyPEM() throws -> String {
        let bio = try MemoryBIO()
        guard PEM_write_bio_PUBKEY(bio.raw, raw) == 1 else {
            throw TLSError.drainingErrorQueue("could not encode public key as PEM")
        }
        return bio.contents()
    }

    /// True when this key is the private half of `certificate`'s public key.
    func matches(_ certificate: X509Certificate) -> Bool {
        let result = X509_check_private_key(certificate.raw, raw) == 1
        // A mismatch is an answer, not an error worth keeping on the queue.
        OpenSSLErrorQueue.clear()
        return result
    }

    deinit { EVP_PKEY_free(raw) }
}

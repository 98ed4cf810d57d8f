/// A leaf certificate and its private key as issued by a `CertificateAuthority`.
public struct IssuedCertificate: Sendable {
    public let certificatePEM: String
    /// PKCS#8, unencrypted; write it with `PEMFile.write(_:to:privateKey: true)`.
    public let privateKeyPEM: String

    /// TLS credentials presenting this certificate and trusting `ca`, so that a service issued by
    /// a CA accepts exactly the peers that CA issued.
    public func credentials(trusting ca: CertificateAuthority) -> TLSCredentials {
        TLSCredentials(certificateChainPEM: certificatePEM, privateKeyPEM: privateKeyPEM, trustRootsPEM: ca.certificatePEM)
    }
}

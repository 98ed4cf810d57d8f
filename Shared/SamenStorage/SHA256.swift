import COpenSSL

/// SHA-256 through OpenSSL, which the mesh links for TLS anyway: request fingerprints for the idempotency ledger,
/// and idempotency keys a service derives from its caller's for the calls it makes on.
public enum SHA256 {
    /// The 32-byte digest of `message`.
    public static func hash(_ message: [UInt8]) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        let succeeded = message.withUnsafeBytes { input in
            digest.withUnsafeMutableBufferPointer { output in
                EVP_Digest(input.baseAddress, input.count, output.baseAddress, &length, EVP_sha256(), nil)
            }
        }
        // EVP_Digest with SHA-256 fails only if OpenSSL itself is broken; a fingerprint must never be guessed.
        precondition(succeeded == 1 && length == 32, "OpenSSL could not compute SHA-256")
        return digest
    }
}

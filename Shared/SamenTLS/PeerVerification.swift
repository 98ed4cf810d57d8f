import COpenSSL

/// Turns a finished (or failed) handshake into a mesh identity or an explanation.
///
/// OpenSSL verifies the chain and names during the handshake; what it cannot know is the mesh
/// identity, which lives in a URI SAN, so callers ask here before trusting a peer.
public enum PeerVerification {
    /// The peer certificate's samen:// URI SAN after a completed handshake.
    ///
    /// Throws if the handshake's verification did not pass, there is no peer certificate, or the
    /// certificate has no, a malformed, or more than one samen:// identity.
    public static func peerIdentity(of ssl: OpaquePointer) throws -> ServiceIdentity {
        let result = SSL_get_verify_result(ssl)
        guard result == X509_V_OK else {
            throw TLSError("peer certificate failed verification: \(verifyErrorString(result))")
        }
        guard let certificate = SSL_get0_peer_certificate(ssl) else {
            throw TLSError("peer presented no certificate")
        }
        guard let identity = try ServiceIdentity.fromCertificate(certificate) else {
            throw TLSError("peer certificate has no samen:// URI subject alternative name")
        }
        return identity
    }

    /// True when the peer's last word was a TLS alert refusing this side's certificate (bad, unsupported,
    /// revoked, expired, unknown, unknown CA, access denied, or TLS 1.3's certificate required).
    ///
    /// In TLS 1.3 a client's handshake is complete before the server has checked the client's certificate, so a
    /// client learns of its refusal only on its first read, as such an alert. Call it before
    /// `describeHandshakeFailure`, which drains the error queue this reads.
    public static func peerRefusedCertificate(_ ssl: OpaquePointer) -> Bool {
        let certificateAlerts: Set<Int32> = [42, 43, 44, 45, 46, 48, 49, 116]
        return [ERR_peek_error(), ERR_peek_last_error()].contains { code in
            code != 0 && certificateAlerts.contains(ERR_GET_REASON(code) - Int32(SSL_AD_REASON_OFFSET))
        }
    }

    /// Why a handshake failed, for logs: the certificate verification result if it failed, and
    /// the calling thread's OpenSSL error queue (drained). Call it on the thread that ran the
    /// handshake step, since the queue is per thread.
    public static func describeHandshakeFailure(_ ssl: OpaquePointer) -> String {
        var parts: [String] = []
        let result = SSL_get_verify_result(ssl)
        if result != X509_V_OK {
            parts.append("certificate verification failed: \(verifyErrorString(result))")
        }
        let errors = OpenSSLErrorQueue.drain()
        if !errors.isEmpty {
            parts.append(errors.joined(separator: "; "))
        }
        return parts.isEmpty ? "handshake failed without an OpenSSL error (connection closed by peer?)" : parts.joined(separator: "; ")
    }

    static func verifyErrorString(_ result: Int) -> String {
        guard let text = X509_verify_cert_error_string(result) else { return "verify error \(result)" }
        return String(cString: text)
    }
}

extension ServiceIdentity {
    /// The samen:// identity in a certificate's URI SANs; nil if it names none.
    ///
    /// Other URI SANs (e.g. SPIFFE IDs) are ignored, but two samen:// URIs are an error: a
    /// certificate must not be able to act as either of two services.
    static func fromCertificate(_ certificate: OpaquePointer) throws -> ServiceIdentity? {
        let uris = SubjectAlternativeNames(certificate: certificate).uris
            .filter { $0.lowercased().hasPrefix(ServiceIdentity.scheme) }
        guard let first = uris.first else { return nil }
        guard uris.count == 1 else {
            throw TLSError("certificate has \(uris.count) samen:// URI SANs (\(uris.joined(separator: ", "))); expected one")
        }
        do {
            return try ServiceIdentity(uri: first)
        } catch let error as IdentityError {
            throw TLSError("certificate has an invalid samen:// URI SAN: \(error.message)")
        }
    }
}

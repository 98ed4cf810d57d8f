import COpenSSL
import Foundation

/// A configured OpenSSL `SSL_CTX` for one side of the mesh's mutual TLS.
///
/// Immutable after `init` and safe to share: OpenSSL allows `SSL_new` on one context from many
/// threads, which is why this is `@unchecked Sendable`. The I/O layer drives the `SSL` objects
/// from `makeSSL` itself (non-blocking `SSL_do_handshake`/`SSL_read`/`SSL_write`).
public final class TLSContext: @unchecked Sendable {
    public let role: TLSRole
    /// Our identity, from the samen:// URI SAN of our leaf certificate; nil when the certificate
    /// has none (e.g. an operator's client certificate) or there is no certificate.
    public let localIdentity: ServiceIdentity?
    private let context: OpaquePointer

    /// The underlying `SSL_CTX*`, owned by this object; do not free it.
    public var rawContext: OpaquePointer { context }

    public init(role: TLSRole, credentials: TLSCredentials, options: TLSOptions = TLSOptions()) throws {
        OpenSSLErrorQueue.clear()
        let method = role == .server ? TLS_server_method() : TLS_client_method()
        guard let context = SSL_CTX_new(method) else {
            throw TLSError.drainingErrorQueue("could not create an SSL_CTX")
        }
        // From here on any throw must free the context; deinit does not run for a failed init.
        var succeeded = false
        defer { if !succeeded { SSL_CTX_free(context) } }

        localIdentity = try Self.configure(context, role: role, credentials: credentials, options: options)
        self.role = role
        self.context = context
        succeeded = true
    }

    /// Convenience for services: reads the three PEM files and builds the context.
    public static func load(role: TLSRole, certificateFile: String, privateKeyFile: String, trustRootsFile: String,
                            options: TLSOptions = TLSOptions()) throws -> TLSContext {
        let credentials = try TLSCredentials.load(certificateFile: certificateFile, privateKeyFile: privateKeyFile,
                                                  trustRootsFile: trustRootsFile)
        return try TLSContext(role: role, credentials: credentials, options: options)
    }

    deinit { SSL_CTX_free(context) }

    /// Creates an `SSL*` for a connected socket, in connect or accept state according to `role`.
    ///
    /// For a client, `serverName` is what the server's certificate must name: an IP literal is
    /// checked against IP SANs; anything else is sent as SNI and checked against DNS SANs. Pass nil
    /// to check only the chain (mesh peers are then identified by `PeerVerification.peerIdentity`).
    /// The caller owns the result and frees it with `SSL_free`; the fd stays the caller's.
    public func makeSSL(fd: Int32, serverName: String?) throws -> OpaquePointer {
        OpenSSLErrorQueue.clear()
        guard let ssl = SSL_new(context) else {
            throw TLSError.drainingErrorQueue("could not create an SSL object")
        }
        var succeeded = false
        defer { if !succeeded { SSL_free(ssl) } }

        guard SSL_set_fd(ssl, fd) == 1 else {
            throw TLSError.drainingErrorQueue("could not attach socket \(fd) to the SSL object")
        }
        switch role {
        case .server:
            SSL_set_accept_state(ssl)
        case .client:
            SSL_set_connect_state(ssl)
            if let serverName {
                try Self.requireServerName(serverName, on: ssl)
            }
        }
        succeeded = true
        return ssl
    }

    private static func requireServerName(_ name: String, on ssl: OpaquePointer) throws {
        guard !name.isEmpty else { throw TLSError("server name is empty") }
        if IPAddressText.isIPAddress(name) {
            // RFC 6066 forbids IP literals in SNI, so only the verification parameter is set.
            guard X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), name) == 1 else {
                throw TLSError.drainingErrorQueue("could not require server IP address '\(name)'")
            }
        } else {
            guard samen_SSL_set_tlsext_host_name(ssl, name) == 1 else {
                throw TLSError.drainingErrorQueue("could not set SNI server name '\(name)'")
            }
            // Partial wildcards ("ab*.example") are a classic source of over-broad matches.
            SSL_set_hostflags(ssl, UInt32(X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS))
            guard SSL_set1_host(ssl, name) == 1 else {
                throw TLSError.drainingErrorQueue("could not require server host name '\(name)'")
            }
        }
    }

    /// Applies options and credentials; returns the local identity.
    private static func configure(_ context: OpaquePointer, role: TLSRole, credentials: TLSCredentials,
                                  options: TLSOptions) throws -> ServiceIdentity? {
        // OpenSSL would accept an empty range and then fail every handshake with a vaguer error.
        if options.minimumVersion == .tls13 && options.maximumVersion == .tls12 {
            throw TLSError("minimum TLS version (1.3) is above the maximum (1.2)")
        }
        guard samen_SSL_CTX_set_min_proto_version(context, options.minimumVersion.openSSLValue) == 1,
              samen_SSL_CTX_set_max_proto_version(context, options.maximumVersion.openSSLValue) == 1 else {
            throw TLSError.drainingErrorQueue("could not set TLS versions \(options.minimumVersion)...\(options.maximumVersion)")
        }

        // Partial writes and moving buffers suit a non-blocking writer that retries with whatever
        // is left in its own buffer; releasing buffers keeps thousands of idle connections cheap.
        let modes = SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER | SSL_MODE_RELEASE_BUFFERS
        _ = samen_SSL_CTX_set_mode(context, Int(modes))

        var verifyMode = SSL_VERIFY_PEER
        if role == .server {
            if options.requireClientCertificate { verifyMode |= SSL_VERIFY_FAIL_IF_NO_PEER_CERT }
            // Resumption would skip certificate checks on reconnect and tickets cost a round of
            // writes per handshake; mesh connections are long-lived, so neither pays off.
            _ = SSL_CTX_set_num_tickets(context, 0)
            _ = samen_SSL_CTX_set_session_cache_mode(context, Int(SSL_SESS_CACHE_OFF))
        }
        SSL_CTX_set_verify(context, verifyMode, nil)

        try loadTrustRoots(credentials.trustRootsPEM, into: context)

        guard credentials.hasCertificate else {
            if role == .server { throw TLSError("a TLS server needs a certificate chain and private key") }
            return nil
        }
        return try loadCertificate(credentials, into: context)
    }

    private static func loadTrustRoots(_ pem: String, into context: OpaquePointer) throws {
        guard !pem.isEmpty else {
            throw TLSError("no trust roots given; peers could not be verified")
        }
        let roots = try X509Certificate.readAll(pem: pem, what: "trust roots")
        guard let store = SSL_CTX_get_cert_store(context) else {
            throw TLSError.drainingErrorQueue("SSL_CTX has no certificate store")
        }
        for (index, root) in roots.enumerated() where X509_STORE_add_cert(store, root.raw) != 1 {
            throw TLSError.drainingErrorQueue("could not add trust root #\(index + 1) to the certificate store")
        }
    }

    private static func loadCertificate(_ credentials: TLSCredentials, into context: OpaquePointer) throws -> ServiceIdentity? {
        guard !credentials.certificateChainPEM.isEmpty else {
            throw TLSError("a private key was given without a certificate chain")
        }
        guard !credentials.privateKeyPEM.isEmpty else {
            throw TLSError("a certificate chain was given without a private key")
        }
        let chain = try X509Certificate.readAll(pem: credentials.certificateChainPEM, what: "certificate chain")
        let leaf = chain[0]
        guard SSL_CTX_use_certificate(context, leaf.raw) == 1 else {
            throw TLSError.drainingErrorQueue("could not use the leaf certificate")
        }
        for (index, intermediate) in chain.dropFirst().enumerated()
        where samen_SSL_CTX_add1_chain_cert(context, intermediate.raw) != 1 {
            throw TLSError.drainingErrorQueue("could not add intermediate certificate #\(index + 1) to the chain")
        }
        let key = try PrivateKey(pem: credentials.privateKeyPEM, what: "private key")
        guard SSL_CTX_use_PrivateKey(context, key.raw) == 1 else {
            // OpenSSL already compares the key with the certificate here and fails on a mismatch.
            if !key.matches(leaf) {
                throw TLSError("the private key does not belong to the leaf certificate")
            }
            throw TLSError.drainingErrorQueue("could not use the private key")
        }
        guard SSL_CTX_check_private_key(context) == 1 else {
            OpenSSLErrorQueue.clear()
            throw TLSError("the private key does not belong to the leaf certificate")
        }
        return try ServiceIdentity.fromCertificate(leaf.raw)
    }
}

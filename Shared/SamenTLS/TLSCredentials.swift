import Foundation

/// The PEM material a TLS context needs: our certificate chain and key, and the CA roots we trust.
///
/// A client may have no certificate of its own (see `trustOnly(trustRootsPEM:)`): the admin CLI
/// and tests use that to talk to, or probe, a server. A server always needs one, and a mesh server
/// refuses such clients unless `TLSOptions.requireClientCertificate` is off.
public struct TLSCredentials: Sendable {
    /// Leaf certificate first, then any intermediates; empty for a certificate-less client.
    public var certificateChainPEM: String
    /// The leaf's private key; empty exactly when `certificateChainPEM` is.
    public var privateKeyPEM: String
    /// One or more CA certificates that peers' chains must lead to.
    public var trustRootsPEM: String

    public init(certificateChainPEM: String, privateKeyPEM: String, trustRootsPEM: String) {
        self.certificateChainPEM = certificateChainPEM
        self.privateKeyPEM = privateKeyPEM
        self.trustRootsPEM = trustRootsPEM
    }

    /// Credentials with trust roots but no certificate, for clients that only verify the server.
    public static func trustOnly(trustRootsPEM: String) -> TLSCredentials {
        TLSCredentials(certificateChainPEM: "", privateKeyPEM: "", trustRootsPEM: trustRootsPEM)
    }

    /// Whether these credentials include a certificate to present.
    public var hasCertificate: Bool {
        !certificateChainPEM.isEmpty || !privateKeyPEM.isEmpty
    }

    /// Reads the three PEM files; the error names the file that could not be read.
    public static func load(certificateFile: String, privateKeyFile: String, trustRootsFile: String) throws -> TLSCredentials {
        TLSCredentials(certificateChainPEM: try readPEMFile(certificateFile, what: "certificate chain"),
                       privateKeyPEM: try readPEMFile(privateKeyFile, what: "private key"),
                       trustRootsPEM: try readPEMFile(trustRootsFile, what: "trust roots"))
    }

    static func readPEMFile(_ path: String, what: String) throws -> String {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            let reason = (error as NSError).localizedFailureReason ?? error.localizedDescription
            throw TLSError("cannot read \(what) file '\(path)': \(reason)")
        }
        guard let text = String(data: data, encoding: .utf8), text.contains("-----BEGIN ") else {
            throw TLSError("\(what) file '\(path)' does not contain PEM data")
        }
        return text
    }
}

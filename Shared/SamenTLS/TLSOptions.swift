import COpenSSL

/// A TLS protocol version.
///
/// Only 1.2 and 1.3 exist here: the mesh speaks 1.3, and 1.2 is kept so tests can play an
/// outdated client and prove it is refused.
public enum TLSVersion: Sendable {
    case tls12, tls13

    var openSSLValue: Int32 {
        switch self {
        case .tls12: return TLS1_2_VERSION
        case .tls13: return TLS1_3_VERSION
        }
    }
}

/// Policy knobs for a `TLSContext`; the defaults are the mesh's policy.
public struct TLSOptions: Sendable {
    /// Defaults to TLS 1.3: it encrypts certificates in the handshake and has no weak suites to disable.
    public var minimumVersion: TLSVersion = .tls13
    public var maximumVersion: TLSVersion = .tls13
    /// Server side only: refuse clients that present no certificate (mutual TLS).
    public var requireClientCertificate = true

    public init() {}
}

/// Which side of the handshake a context is for.
public enum TLSRole: Sendable {
    case server, client
}

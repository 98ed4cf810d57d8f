/// A service identity or samen:// URI that does not follow the mesh's naming rules.
///
/// Kept separate from `TLSError` because identities are also parsed from configuration and
/// command lines, where there is no TLS involved and no OpenSSL queue to report.
public struct IdentityError: Error, CustomStringConvertible, Sendable, Equatable {
    /// Names the offending part and the rule it breaks.
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}

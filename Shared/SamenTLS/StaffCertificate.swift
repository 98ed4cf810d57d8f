import COpenSSL

/// How a staff member's certificate differs from a service's: its identity is `samen://<region>/staff/<user>`, and
/// each of its roles is a URI SAN `samen-role:<role>`.
///
/// Roles are read from the certificate the mesh CA signed, never from a message. Only a staff identity may carry
/// roles: a service certificate that names one is refused at the handshake, so no service can pose as a desk worker.
public enum StaffCertificate {
    /// The service part of every staff identity; no mesh service may take this name.
    public static let service = "staff"
    /// The URI SAN prefix of a role.
    public static let roleScheme = "samen-role:"
    /// A role is 1...32 characters of `[a-z0-9-]`.
    public static let maximumRoleLength = 32
    /// More roles than this is a mistake in issuing, not a job description.
    public static let maximumRoles = 16

    /// The role URIs to put into a staff certificate; throws for a role that is not a valid name.
    public static func roleURIs(_ roles: [String]) throws -> [String] {
        guard roles.count <= maximumRoles else { throw TLSError("a staff certificate carries at most \(maximumRoles) roles, not \(roles.count)") }
        return try roles.map { role in
            try validate(role: role)
            return roleScheme + role
        }
    }

    /// The roles a certificate names, sorted and without repeats, after checking that only a staff identity has any.
    static func roles(in certificate: OpaquePointer, identity: ServiceIdentity?) throws -> [String] {
        let uris = SubjectAlternativeNames(certificate: certificate).uris.filter { $0.lowercased().hasPrefix(roleScheme) }
        var roles = Set<String>()
        for uri in uris {
            let role = String(uri.dropFirst(roleScheme.count))
            try validate(role: role)
            roles.insert(role)
        }
        if !roles.isEmpty, identity?.service != service {
            throw TLSError("certificate for \(identity?.uri ?? "no identity") carries staff roles but is not a staff identity "
                               + "(samen://<region>/\(service)/<user>)")
        }
        if identity?.service == service, roles.isEmpty {
            throw TLSError("staff certificate \(identity!.uri) carries no samen-role: URI; a staff member acts in at least one role")
        }
        return roles.sorted()
    }

    static func validate(role: String) throws {
        guard (1...maximumRoleLength).contains(role.utf8.count),
              role.utf8.allSatisfy({ ($0 >= 0x61 && $0 <= 0x7a) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2d }) else {
            throw TLSError("staff role '\(role.prefix(40))' is not 1...\(maximumRoleLength) characters of [a-z0-9-]")
        }
    }
}

extension PeerVerification {
    /// The staff roles of the peer's certificate after a completed handshake: empty for a service, the sorted roles
    /// for a staff member. Throws for a certificate whose roles are malformed or that names roles without being a
    /// staff identity, which the connection then refuses.
    public static func peerRoles(of ssl: OpaquePointer, identity: ServiceIdentity) throws -> [String] {
        guard let certificate = SSL_get0_peer_certificate(ssl) else { throw TLSError("peer presented no certificate") }
        return try StaffCertificate.roles(in: certificate, identity: identity)
    }
}

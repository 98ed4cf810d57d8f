import SamenTLS

/// A person acting in the mesh, with the roles their certificate names: the staff member a call is made by or for.
///
/// A call has a staff member in two ways only: the caller holds a staff certificate (`samen://<region>/staff/<user>`
/// with `samen-role:` SANs), or a mesh service calls on behalf of one and says so in the call's metadata
/// (`ActingUser`). Handlers read it from `CallContext.staff`; audit records it.
public struct StaffMember: Sendable, Hashable, Codable, CustomStringConvertible {
    /// `samen://<region>/staff/<user>`.
    public let identity: ServiceIdentity
    /// Sorted, without repeats.
    public let roles: [String]

    /// Throws `RPCError(.invalidArgument)` unless `identity` is a staff identity and every role is a valid name.
    public init(identity: ServiceIdentity, roles: [String]) throws(RPCError) {
        guard identity.service == StaffCertificate.service else {
            throw RPCError(.invalidArgument, "\(identity) is not a staff identity (samen://<region>/staff/<user>)")
        }
        do {
            _ = try StaffCertificate.roleURIs(roles)
        } catch {
            throw RPCError(.invalidArgument, "staff roles of \(identity): \(error)")
        }
        guard !roles.isEmpty else { throw RPCError(.invalidArgument, "staff member \(identity) has no role") }
        self.identity = identity
        self.roles = Array(Set(roles)).sorted()
    }

    public var region: String { identity.region }
    /// The staff member's user id, as in the certificate.
    public var user: String { identity.instance }

    public func hasAnyRole(of roles: Set<String>) -> Bool { self.roles.contains { roles.contains($0) } }

    public var description: String { "\(identity.uri) (\(roles.joined(separator: ",")))" }
}

/// The metadata that carries the staff member a service acts for, and the rules for trusting it.
///
/// A mesh service forwards the staff member of the call it is serving; `RPCClient` adds these entries on its own
/// when a handler calls another service. The server believes them only from a service certificate: a staff
/// certificate that sends them is refused (`permission_denied`), since a person cannot claim to act for another.
public enum ActingUser {
    /// `samen://<region>/staff/<user>`.
    public static let userKey = "samen-acting-user"
    /// The roles, comma-separated, as the forwarding service learnt them.
    public static let rolesKey = "samen-acting-roles"

    /// The staff member behind a call: the caller itself for a staff certificate, the forwarded one for a service
    /// that names one, else nil. Throws `permission_denied` for a staff certificate naming an acting user and
    /// `invalid_argument` for a malformed one.
    public static func resolve(peer: ServiceIdentity, peerRoles: [String], metadata: [(String, String)]) throws(RPCError) -> StaffMember? {
        let user = metadata.first { $0.0 == userKey }?.1
        let roles = metadata.first { $0.0 == rolesKey }?.1
        if peer.service == StaffCertificate.service {
            guard user == nil, roles == nil else {
                throw RPCError(.permissionDenied, "\(peer) is a staff certificate and cannot act for someone else "
                                   + "(metadata '\(userKey)' is only believed from mesh services)")
            }
            return try StaffMember(identity: peer, roles: peerRoles)
        }
        guard let user else {
            guard roles == nil else {
                throw RPCError(.invalidArgument, "metadata '\(rolesKey)' without '\(userKey)'", details: ["field": rolesKey])
            }
            return nil
        }
        let identity: ServiceIdentity
        do {
            identity = try ServiceIdentity(uri: user)
        } catch {
            throw RPCError(.invalidArgument, "metadata '\(userKey)' is not a staff identity: \(error)", details: ["field": userKey])
        }
        // Empty items are kept, so that `desk,,dpo` is refused: one spelling per list, as for identities.
        let roleList = roles.map { $0.isEmpty ? [] : $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) } ?? []
        do {
            return try StaffMember(identity: identity, roles: roleList)
        } catch {
            throw RPCError(.invalidArgument, "metadata '\(userKey)'/'\(rolesKey)': \(error.message)", details: ["field": userKey])
        }
    }

    /// The entries that forward `staff` on an outgoing call.
    public static func metadata(for staff: StaffMember) -> [(String, String)] {
        [(userKey, staff.identity.uri), (rolesKey, staff.roles.joined(separator: ","))]
    }
}

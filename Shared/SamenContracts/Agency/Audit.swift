import Foundation
import SamenRPC

/// One access to a person's file, as an agency service records it: when, who (service and staff member), which
/// method, which person (the service's own person id, never a name or an INSZ), whether it was a read or a change,
/// and the outcome.
public struct AuditEvent: Codable, Sendable, Equatable {
    /// Increasing within one service's file; the cursor for paging.
    public var id: Int64
    /// Milliseconds since 1970 (UTC).
    public var atMilliseconds: Int64
    /// The service that keeps the file (`intake`, ...), and the region it serves.
    public var service: String
    public var region: String
    /// The caller's certificate identity: a service, or the staff member's own certificate.
    public var caller: String
    /// The staff member the call was made by or for (`samen://<region>/staff/<user>`); nil for a service on its own.
    public var staff: String?
    public var staffRoles: [String]
    public var method: String
    public var personID: String
    public var access: AuditAccess
    /// `ok`, or the status name of the refusal (`aborted`, `not_found`, ...).
    public var outcome: String
    public var requestID: String

    public init(id: Int64, atMilliseconds: Int64, service: String, region: String, caller: String, staff: String?,
                staffRoles: [String], method: String, personID: String, access: AuditAccess, outcome: String, requestID: String) {
        self.id = id
        self.atMilliseconds = atMilliseconds
        self.service = service
        self.region = region
        self.caller = caller
        self.staff = staff
        self.staffRoles = staffRoles
        self.method = method
        self.personID = personID
        self.access = access
        self.outcome = outcome
        self.requestID = requestID
    }
}

/// Whether a call read a person's file or changed it.
public enum AuditAccess: String, Codable, Sendable, CaseIterable {
    case read
    case change
}

/// Which events to return: one person's, or one staff member's; newest first, `limit` at a time after `before`.
public struct AuditQuery: Codable, Sendable, Equatable {
    /// Exactly one of `personID` and `staff` is set.
    public var personID: String?
    /// A staff identity `samen://<region>/staff/<user>`, or just the user id (then of the server's region).
    public var staff: String?
    /// Only events at or after / before these instants (milliseconds since 1970), when set.
    public var fromMilliseconds: Int64?
    public var untilMilliseconds: Int64?
    /// 1...1000; default 100.
    public var limit: Int?
    /// The `next` cursor of the previous page.
    public var before: Int64?

    public init(personID: String? = nil, staff: String? = nil, fromMilliseconds: Int64? = nil, untilMilliseconds: Int64? = nil,
                limit: Int? = nil, before: Int64? = nil) {
        self.personID = personID
        self.staff = staff
        self.fromMilliseconds = fromMilliseconds
        self.untilMilliseconds = untilMilliseconds
        self.limit = limit
        self.before = before
    }
}

/// A page of audit events, newest first; `next` asks for the following page (nil: no more).
public struct AuditPage: Codable, Sendable, Equatable {
    public var events: [AuditEvent]
    public var next: Int64?
    public init(events: [AuditEvent], next: Int64?) {
        self.events = events
        self.next = next
    }
}

/// Everything a service holds about one person, for the GDPR's right of access: the file as the service keeps it
/// (JSON, the service's own shape) and every recorded access to it.
public struct PersonExport: Codable, Sendable, Equatable {
    public var service: String
    public var region: String
    public var personID: String
    public var exportedAtMilliseconds: Int64
    /// The service's file of the person, as JSON text.
    public var fileJSON: String
    /// The newest accesses (at most 5,000), oldest first.
    public var audit: [AuditEvent]
    /// True when there were older accesses than `audit` holds: read them with `audit.query` and `before`.
    public var auditTruncated: Bool

    public init(service: String, region: String, personID: String, exportedAtMilliseconds: Int64, fileJSON: String, audit: [AuditEvent],
                auditTruncated: Bool = false) {
        self.service = service
        self.region = region
        self.personID = personID
        self.exportedAtMilliseconds = exportedAtMilliseconds
        self.fileJSON = fileJSON
        self.audit = audit
        self.auditTruncated = auditTruncated
    }
}

/// Asks for one person's export.
public struct PersonExportRequest: Codable, Sendable, Equatable {
    public var personID: String
    public init(personID: String) { self.personID = personID }
}

/// The audit methods every agency service offers under its own name (`intake/audit.query`, ...): for the data
/// protection officer and administrators only, of the service's region (and, for a service that says
/// `.servedRegions`, of the regions a central instance serves: their people's files are kept there).
public struct AuditAPI: Sendable {
    public let query: UnaryMethod<AuditQuery, AuditPage>
    public let exportPerson: UnaryMethod<PersonExportRequest, PersonExport>

    /// The staff roles that may read the audit trail.
    public static let roles: Set<StaffRole> = [.dpo, .admin]

    public init(service: String, staffRegions: CallerPolicy.RegionScope = .sameRegion) {
        query = UnaryMethod(
            "\(service)/audit.query",
            "Who read or changed a person's file, or what one staff member read or changed: newest first, paged.",
            policy: .agency(roles: Self.roles, staffRegions: staffRegions),
            errors: [.init(.invalidArgument, "neither or both of personID and staff, a malformed staff identity, or limit outside 1...1000; the message names the field")])
        exportPerson = UnaryMethod(
            "\(service)/audit.exportPerson",
            "Everything the service holds about one person and every recorded access to it (GDPR right of access).",
            policy: .agency(roles: Self.roles, staffRegions: staffRegions),
            errors: [.init(.notFound, "the service has no file with this person id")])
    }
}

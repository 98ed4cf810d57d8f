import Foundation
import SamenRPC
import SamenStorage
import SamenTLS

/// The audit trail of one service's person files, kept in the service's own SQLite file: one row per person per
/// call that read or changed their file. Rows of a change are written in the change's own transaction (see
/// `AgencyStore.change`), so a change and its record exist together or not at all.
///
/// Rows hold the service's own person id and identities, never a name, an INSZ or a search term.
public struct AuditTrail: Sendable {
    static let schemaSQL = """
        CREATE TABLE samen_audit (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            at_ms INTEGER NOT NULL,
            caller TEXT NOT NULL,
            staff TEXT,
            staff_roles TEXT NOT NULL,
            method TEXT NOT NULL,
            person_id TEXT NOT NULL,
            access TEXT NOT NULL CHECK (access IN ('read', 'change')),
            outcome TEXT NOT NULL,
            request_id TEXT NOT NULL
        );
        CREATE INDEX samen_audit_person ON samen_audit (person_id, id);
        CREATE INDEX samen_audit_staff ON samen_audit (staff, id);
        """

    public let service: String
    public let region: String

    public init(service: String, region: String) {
        self.service = service
        self.region = region
    }

    /// Records one access per person, in the transaction `connection` is in.
    func record(_ persons: [String], access: AuditAccess, outcome: String, context: CallContext, at time: Date,
                on connection: SQLiteConnection) throws {
        let milliseconds = time.millisecondsSince1970
        let staff: SQLValue = context.staff.map { .text($0.identity.uri) } ?? .null
        let roles = context.staff?.roles.joined(separator: ",") ?? ""
        var seen = Set<String>()
        for person in persons where seen.insert(person).inserted {
            try connection.run("""
                INSERT INTO samen_audit (at_ms, caller, staff, staff_roles, method, person_id, access, outcome, request_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, [.integer(milliseconds), .text(context.peer.uri), staff, .text(roles), .text(context.method),
                      .text(person), .text(access.rawValue), .text(outcome), .text(context.requestID)])
        }
    }

    /// The events a query asks for, newest first.
    func events(_ query: AuditQuery, on connection: SQLiteConnection) throws(RPCError) -> AuditPage {
        let limit = query.limit ?? 100
        guard (1...1000).contains(limit) else {
            throw RPCError.invalidField("limit", "must be 1...1000, not \(limit)")
        }
        var conditions: [String] = []
        var bindings: [SQLValue] = []
        switch (query.personID, query.staff) {
        case (let person?, nil):
            conditions.append("person_id = ?")
            bindings.append(.text(person))
        case (nil, let staff?):
            conditions.append("staff = ?")
            bindings.append(.text(try staffIdentity(staff)))
        default:
            throw RPCError(.invalidArgument, "give exactly one of 'personID' and 'staff'", details: ["field": "personID"])
        }
        if let from = query.fromMilliseconds { conditions.append("at_ms >= ?"); bindings.append(.integer(from)) }
        if let until = query.untilMilliseconds { conditions.append("at_ms < ?"); bindings.append(.integer(until)) }
        if let before = query.before { conditions.append("id < ?"); bindings.append(.integer(before)) }
        let sql = "SELECT * FROM samen_audit WHERE \(conditions.joined(separator: " AND ")) ORDER BY id DESC LIMIT \(limit + 1)"
        do {
            var events = try connection.query(sql, bindings).map(event)
            var next: Int64?
            if events.count > limit {
                events.removeLast()
                next = events.last?.id
            }
            return AuditPage(events: events, next: next)
        } catch {
            throw RPCError(.internal, "the audit trail could not be read: \(error)")
        }
    }

    /// At most this many events go into one export (a few MiB on the wire, under the frame limit); older ones are
    /// read with `audit.query`.
    static let maximumExportedEvents = 5_000

    /// The newest `maximumExportedEvents` events of one person, oldest first, and whether there were more.
    func exportedEvents(of personID: String, on connection: SQLiteConnection) throws -> (events: [AuditEvent], truncated: Bool) {
        var events = try connection.query("SELECT * FROM samen_audit WHERE person_id = ? ORDER BY id DESC LIMIT \(Self.maximumExportedEvents + 1)",
                                          [.text(personID)]).map(event)
        let truncated = events.count > Self.maximumExportedEvents
        if truncated { events.removeLast() }
        return (events.reversed(), truncated)
    }

    /// A user id alone means a staff member of this service's region.
    private func staffIdentity(_ text: String) throws(RPCError) -> String {
        let uri = text.hasPrefix(ServiceIdentity.scheme) ? text : "\(ServiceIdentity.scheme)\(region)/\(StaffCertificate.service)/\(text)"
        do {
            let identity = try ServiceIdentity(uri: uri)
            guard identity.service == StaffCertificate.service else { throw RPCError(.invalidArgument, "not a staff identity") }
            return identity.uri
        } catch {
            throw RPCError(.invalidArgument, "field 'staff' is not a staff user id or samen://<region>/staff/<user>: \(error)",
                           details: ["field": "staff"])
        }
    }

    private func event(_ row: Row) throws -> AuditEvent {
        let roles = try row.text("staff_roles")
        return AuditEvent(id: try row.int("id"), atMilliseconds: try row.int("at_ms"), service: service, region: region,
                          caller: try row.text("caller"), staff: try row.optionalText("staff"),
                          staffRoles: roles.isEmpty ? [] : roles.split(separator: ",").map(String.init),
                          method: try row.text("method"), personID: try row.text("person_id"),
                          access: AuditAccess(rawValue: try row.text("access")) ?? .read,
                          outcome: try row.text("outcome"), requestID: try row.text("request_id"))
    }
}

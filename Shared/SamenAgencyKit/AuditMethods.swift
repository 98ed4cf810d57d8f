import Foundation
import SamenRPC
import SamenStorage

extension AgencyStore {
    /// Serves the service's audit methods (`<service>/audit.query`, `<service>/audit.exportPerson`) for the data
    /// protection officer and administrators. `file` writes the service's own file of a person as JSON, or returns
    /// nil when it has none. Both methods are themselves recorded: reading a person's history is reading their file,
    /// so a query records the person it names and every person on the page it returns.
    public func registerAudit(on server: RPCServer, api: AuditAPI,
                              file: @escaping @Sendable (String, SQLiteConnection) throws -> String?) {
        let audit = audit
        server.register(api.query) { [self] query, context in
            try await read(context) { scope in
                let page = try audit.events(query, on: scope.connection)
                if let person = query.personID { scope.touched(person) }
                // A staff member's trail lists whose files they touched: a list records each person it returned.
                for event in page.events { scope.touched(event.personID) }
                return page
            }
        }
        server.register(api.exportPerson) { [self] request, context in
            let exportedAt = currentTime
            return try await read(context) { scope in
                guard let json = try file(request.personID, scope.connection) else {
                    throw RPCError(.notFound, "no file with person id '\(request.personID.prefix(64))'", details: ["field": "personID"])
                }
                scope.touched(request.personID)
                let (events, truncated) = try audit.exportedEvents(of: request.personID, on: scope.connection)
                return PersonExport(service: audit.service, region: audit.region, personID: request.personID,
                                    exportedAtMilliseconds: exportedAt.millisecondsSince1970,
                                    fileJSON: json, audit: events, auditTruncated: truncated)
            }
        }
    }
}

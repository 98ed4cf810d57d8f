import Foundation
import SamenRPC
import SamenStorage

/// Which records of a previous system a service has imported: (record type, external id) → the service's id and
/// a fingerprint of the record, so importing a record again answers the first result, and a different record
/// under an id already used is refused instead of overwriting.
struct ImportLedger {
    static let schemaSQL = """
        CREATE TABLE samen_import (
            record_type TEXT NOT NULL,
            external_id TEXT NOT NULL,
            internal_id TEXT NOT NULL,
            fingerprint BLOB NOT NULL,
            imported_at_ms INTEGER NOT NULL,
            PRIMARY KEY (record_type, external_id)
        ) WITHOUT ROWID;
        """

    static let maximumExternalIDBytes = 128

    func earlier(_ recordType: String, _ externalID: String, on connection: SQLiteConnection) throws -> (id: String, fingerprint: [UInt8])? {
        guard let row = try connection.queryFirst(
            "SELECT internal_id, fingerprint FROM samen_import WHERE record_type = ? AND external_id = ?",
            [.text(recordType), .text(externalID)]) else { return nil }
        return (try row.text("internal_id"), try row.blob("fingerprint"))
    }

    func record(_ recordType: String, _ externalID: String, id: String, fingerprint: [UInt8], at time: Date,
                on connection: SQLiteConnection) throws {
        try connection.run("INSERT INTO samen_import (record_type, external_id, internal_id, fingerprint, imported_at_ms) VALUES (?, ?, ?, ?, ?)",
                           [.text(recordType), .text(externalID), .text(id), .blob(fingerprint),
                            .integer(time.millisecondsSince1970)])
    }
}

extension AgencyStore {
    /// Imports a batch of historical records of one type: each validated and stored by `store` exactly as a live
    /// write would be (it throws the same `RPCError`s), idempotent per external id, answered per record. One
    /// record's refusal rolls back that record only. `store` returns the service's id for the record and marks the
    /// persons it created or changed in the scope, which the audit trail records as changes.
    public func importBatch<Record: Codable & Sendable>(
        _ context: CallContext, _ batch: ImportBatch<Record>, recordType: String,
        _ store: @escaping @Sendable (Record, inout AuditScope) throws -> String) async throws -> ImportReport {
        guard (1...ImportBatch<Record>.maximumRecords).contains(batch.records.count) else {
            throw RPCError(.invalidArgument, "field 'records' holds \(batch.records.count) records; a batch takes 1...\(ImportBatch<Record>.maximumRecords)",
                           details: ["field": "records"])
        }
        var fingerprints: [[UInt8]] = []
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        for record in batch.records {
            fingerprints.append(IdempotencyLedger.fingerprint(Array(try encoder.encode(record.record))))
        }
        let audit = audit
        let time = currentTime
        let prints = fingerprints
        return try await database.write { connection in
            let ledger = ImportLedger()
            var results: [ImportResult] = []
            var changed: [String] = []
            for (index, item) in batch.records.enumerated() {
                let externalID = item.externalID
                guard (1...ImportLedger.maximumExternalIDBytes).contains(externalID.utf8.count) else {
                    results.append(ImportResult(externalID: String(externalID.prefix(40)), status: .rejected, code: StatusCode.invalidArgument.name,
                                                field: "externalID", message: "externalID must be 1...\(ImportLedger.maximumExternalIDBytes) bytes"))
                    continue
                }
                if let earlier = try ledger.earlier(recordType, externalID, on: connection) {
                    if earlier.fingerprint == prints[index] {
                        results.append(ImportResult(externalID: externalID, status: .alreadyImported, id: earlier.id))
                    } else {
                        results.append(ImportResult(externalID: externalID, status: .rejected, id: earlier.id,
                                                    code: StatusCode.failedPrecondition.name, field: "externalID",
                                                    message: "external id \(externalID) was imported before with a different record (as \(earlier.id)); "
                                                        + "a correction is a live update, not a second import"))
                    }
                    continue
                }
                try connection.execute("SAVEPOINT samen_import_record")
                var scope = AuditScope(connection: connection, at: time)
                do {
                    let id = try store(item.record, &scope)
                    try ledger.record(recordType, externalID, id: id, fingerprint: prints[index], at: time, on: connection)
                    try connection.execute("RELEASE samen_import_record")
                    changed += scope.persons
                    results.append(ImportResult(externalID: externalID, status: .accepted, id: id))
                } catch let error as RPCError {
                    try connection.execute("ROLLBACK TO samen_import_record; RELEASE samen_import_record")
                    results.append(ImportResult(externalID: externalID, status: .rejected, code: error.status.name,
                                                field: error.details["field"], message: error.message))
                }
            }
            try audit.record(changed, access: .change, outcome: "ok", context: context, at: time, on: connection)
            return ImportReport(results: results)
        }
    }
}

/// Looking up what a historical import made of a record of the previous system, for records of another type that
/// refer to it (an NT2 record naming its person by the external id of their registration).
public enum HistoricalImport {
    /// The service's id for an imported record, or nil when that external id was never imported.
    public static func importedID(recordType: String, externalID: String, on connection: SQLiteConnection) throws -> String? {
        try ImportLedger().earlier(recordType, externalID, on: connection)?.id
    }
}

import Foundation

/// Remembers the responses of completed write calls by idempotency key, so a retried call is answered
/// with the original response instead of being applied twice.
///
/// RPC handlers use it through `IdempotentCall` (SamenHost), which maps a call to caller, method, key and request
/// and a conflict to `failed_precondition`; the example below is what that wrapper does.
///
/// Use it inside one ``Database/write(_:)`` transaction together with the service's own writes:
/// ```swift
/// try await database.write { connection in
///     if let earlier = try ledger.lookup(in: connection, key: key, caller: caller, method: method, request: requestBytes) {
///         return earlier                        // a retry: answer as before
///     }
///     let response = try applyTheWrite(connection)   // the service's own changes
///     try ledger.record(in: connection, key: key, caller: caller, method: method,
///                       request: requestBytes, response: response)
///     return response
/// }
/// ```
/// Because the lookup, the change and the record commit together, a crash leaves either all or none of them.
///
/// Schema: the service includes ``migration(version:)`` in its migration list (the table is never created
/// implicitly, so a read-only path never writes). Entries are keyed by (caller, method, key); each stores a
/// SHA-256 fingerprint of the request bytes. Reusing a key for a different request throws a ``StorageError``
/// of kind `.idempotencyConflict`, which services answer with "failed precondition".
public struct IdempotencyLedger: Sendable {
    /// The table the ledger uses.
    public static let tableName = "samen_idempotency"

    /// The schema, idempotent (`IF NOT EXISTS`) so it can be added to an existing database at any version.
    public static let schemaSQL = """
        CREATE TABLE IF NOT EXISTS samen_idempotency (
            caller TEXT NOT NULL,
            method TEXT NOT NULL,
            idempotency_key TEXT NOT NULL,
            request_fingerprint BLOB NOT NULL,
            response BLOB NOT NULL,
            created_at REAL NOT NULL,
            PRIMARY KEY (caller, method, idempotency_key)
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS samen_idempotency_created_at ON samen_idempotency (created_at);
        """

    /// The migration that creates the ledger's table, at the version the service chooses in its list.
    public static func migration(version: Int) -> Migration {
        Migration(version: version, sql: schemaSQL)
    }

    /// The fingerprint stored for a request: SHA-256 of its bytes.
    public static func fingerprint(_ request: [UInt8]) -> [UInt8] {
        SHA256.hash(request)
    }

    /// Creates a ledger (it holds no state; the table is the state).
    public init() {}

    /// The stored response of an earlier completed call with this key from the same caller and method, or `nil`.
    ///
    /// - Throws: `.idempotencyConflict` when the key was used by this caller and method for a different request;
    ///   `.misuse` for an empty key; SQLite errors.
    public func lookup(in connection: SQLiteConnection, key: String, caller: String, method: String,
                       request: [UInt8]) throws -> [UInt8]? {
        try Self.requireKey(key)
        guard let row = try connection.queryFirst(
            "SELECT request_fingerprint, response FROM samen_idempotency WHERE caller = ? AND method = ? AND idempotency_key = ?",
            [.text(caller), .text(method), .text(key)]
        ) else {
            return nil
        }
        guard try row.blob("request_fingerprint") == Self.fingerprint(request) else {
            throw Self.conflict(method: method)
        }
        return try row.blob("response")
    }

    /// Records the response of a completed call, in the same transaction as the call's changes.
    ///
    /// If an entry exists already for the same request, it is kept unchanged (the first response stands);
    /// for a different request this throws `.idempotencyConflict`.
    public func record(in connection: SQLiteConnection, key: String, caller: String, method: String,
                       request: [UInt8], response: [UInt8], at time: Date = Date()) throws {
        try Self.requireKey(key)
        let fingerprint = Self.fingerprint(request)
        let inserted = try connection.run(
            """
            INSERT INTO samen_idempotency (caller, method, idempotency_key, request_fingerprint, response, created_at)
            VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (caller, method, idempotency_key) DO NOTHING
            """,
            [.text(caller), .text(method), .text(key), .blob(fingerprint), .blob(response), time.sqlValue]
        )
        if inserted == 0 {
            let existing = try connection.queryFirst(
                "SELECT request_fingerprint FROM samen_idempotency WHERE caller = ? AND method = ? AND idempotency_key = ?",
                [.text(caller), .text(method), .text(key)]
            )
            guard try existing?.blob("request_fingerprint") == fingerprint else {
                throw Self.conflict(method: method)
            }
        }
    }

    /// Deletes entries recorded before `cutoff` (housekeeping; run it in a write transaction) and returns how many.
    @discardableResult
    public func purge(in connection: SQLiteConnection, olderThan cutoff: Date) throws -> Int {
        try connection.run("DELETE FROM samen_idempotency WHERE created_at < ?", [cutoff.sqlValue])
    }

    private static func requireKey(_ key: String) throws {
        guard !key.isEmpty else {
            throw StorageError(kind: .misuse, message: "an idempotency key must not be empty")
        }
    }

    /// The key itself is not included: it is chosen by the caller and is no help in the message.
    private static func conflict(method: String) -> StorageError {
        StorageError(kind: .idempotencyConflict,
                     message: "the idempotency key was already used by this caller for \(method) with a different request")
    }
}

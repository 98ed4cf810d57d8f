import CSQLite

/// A typed storage failure with context: what went wrong, SQLite's result code and message, and the SQL text.
///
/// Bound values are never included (they may be personal data); SQLite's own messages name
/// constraints and columns, not values.
public struct StorageError: Error, CustomStringConvertible, Sendable {
    /// The broad category, for callers that map storage failures to RPC statuses.
    public enum Kind: Sendable, Hashable {
        /// The file could not be opened or is not usable in WAL mode.
        case open
        /// A UNIQUE, PRIMARY KEY, FOREIGN KEY, CHECK or NOT NULL constraint failed ("already exists", "invalid").
        case constraint
        /// The database stayed locked past the busy timeout (another process holds it).
        case busy
        /// The file is damaged or not a database.
        case corrupt
        /// The file's schema version (`PRAGMA user_version`) is newer than this program's migrations.
        case schemaTooNew
        /// The migration list is invalid or a migration failed.
        case migration
        /// A row's column has a storage class that does not fit the requested Swift type.
        case typeMismatch
        /// A row has no column with the requested name.
        case missingColumn
        /// The ``Database`` was closed.
        case closed
        /// The API was used wrongly: wrong number of bindings, several statements given to `run`/`query`, empty key.
        case misuse
        /// An ``IdempotencyLedger`` key was reused by the same caller and method for a different request.
        case idempotencyConflict
        /// Any other SQLite error (see ``StorageError/code``).
        case other
    }

    /// The category.
    public var kind: Kind
    /// SQLite's extended result code, or 0 when the error did not come from SQLite.
    public var code: Int32
    /// SQLite's message or a description of the problem; never contains bound values.
    public var message: String
    /// The SQL being executed, if any.
    public var sql: String?

    /// Creates an error; `code` 0 means "not from SQLite".
    public init(kind: Kind, code: Int32 = 0, message: String, sql: String? = nil) {
        self.kind = kind
        self.code = code
        self.message = message
        self.sql = sql
    }

    public var description: String {
        var text = "StorageError.\(kind)"
        if code != 0 {
            text += " (SQLite \(code): \(String(cString: sqlite3_errstr(code))))"
        }
        text += ": \(message)"
        if let sql {
            text += " [SQL: \(sql)]"
        }
        return text
    }

    /// Maps an SQLite result code to a kind.
    static func kind(forSQLiteCode code: Int32) -> Kind {
        switch code & 0xFF {
        case SQLITE_CONSTRAINT: return .constraint
        case SQLITE_BUSY, SQLITE_LOCKED: return .busy
        case SQLITE_CORRUPT, SQLITE_NOTADB: return .corrupt
        case SQLITE_CANTOPEN: return .open
        case SQLITE_MISUSE, SQLITE_RANGE: return .misuse
        default: return .other
        }
    }

    /// The error SQLite last reported on `handle`, with `code` being the result of the failing call.
    static func sqlite(_ code: Int32, handle: OpaquePointer?, sql: String?) -> StorageError {
        let extended = handle.map { sqlite3_extended_errcode($0) } ?? code
        // Prefer the extended code when it refines the primary code of the failing call.
        let reported = (extended & 0xFF) == (code & 0xFF) ? extended : code
        let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(code))
        return StorageError(kind: kind(forSQLiteCode: reported), code: reported, message: message, sql: sql)
    }

    /// The error thrown by every operation on a closed ``Database``.
    static let closed = StorageError(kind: .closed, message: "the database is closed")

    /// SQLite ended a group's shared transaction by itself (it does after some I/O errors, a full disk or an
    /// interrupt): the writes of the group that ran before were not stored.
    static let transactionLost = StorageError(
        kind: .other, message: "SQLite rolled back the shared write transaction after a storage error; this write was not stored")
}

import CSQLite

/// One SQLite connection, handed to the closures of ``Database/write(_:)`` and ``Database/read(_:)``.
///
/// It is used only inside those closures, on the database's queue for that connection; do not keep it
/// or pass it elsewhere (it is deliberately not `Sendable`). Prepared statements are cached by SQL text,
/// so hot paths compile their SQL once; values are bound by position (`?`).
/// The surrounding transaction belongs to ``Database``: inside a write closure BEGIN, COMMIT, ROLLBACK and the
/// database's own savepoint are refused (`.misuse`), since the transaction is shared with other writes
/// (SAVEPOINT … RELEASE with a name of your own for nested atomic steps is fine).
public final class SQLiteConnection {
    /// Statements kept at most; past this the cache is emptied (services use a small, fixed set of SQL texts).
    static let statementCacheLimit = 256

    let handle: OpaquePointer
    private var statements: [String: PreparedStatement] = [:]
    private var isClosed = false
    /// While set, the authorizer refuses statements that would end or reach past the current write's savepoint.
    var guardsSharedTransaction = false
    /// What the authorizer last refused (for the error message), cleared when read.
    var refusedTransactionControl: String?

    /// Opens `path` with `flags`; the connection is used from one queue at a time (SQLITE_OPEN_NOMUTEX).
    init(path: String, flags: Int32) throws {
        var handle: OpaquePointer?
        let result = sqlite3_open_v2(path, &handle, flags | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE, nil)
        guard result == SQLITE_OK, let handle else {
            let error = StorageError.sqlite(result, handle: handle, sql: nil)
            sqlite3_close_v2(handle)
            throw StorageError(kind: .open, code: error.code, message: "cannot open database: \(error.message)")
        }
        self.handle = handle
        installTransactionGuard()
    }

    deinit {
        close()
    }

    /// Finalizes the cached statements and closes the handle; later calls do nothing.
    func close() {
        guard !isClosed else { return }
        isClosed = true
        sqlite3_set_authorizer(handle, nil, nil)  // its context is this object
        for statement in statements.values {
            statement.finalize()
        }
        statements.removeAll()
        sqlite3_close_v2(handle)
    }

    /// Runs one or more statements without bindings (schema scripts, pragmas, transaction control).
    public func execute(_ sql: String) throws {
        var errorMessage: UnsafeMutablePointer<CChar>?
        let result = sqlite3_exec(handle, sql, nil, nil, &errorMessage)
        sqlite3_free(errorMessage)  // the handle keeps the same message for sqlite3_errmsg
        guard result == SQLITE_OK else {
            throw failure(result, sql: sql)
        }
    }

    /// Runs one statement with positional bindings and returns the number of rows it changed.
    @discardableResult
    public func run(_ sql: String, _ bindings: [SQLValue] = []) throws -> Int {
        let statement = try cachedStatement(sql)
        defer { statement.reset() }
        try statement.bind(bindings)
        while try statement.step() {}
        return Int(sqlite3_changes64(handle))
    }

    /// Runs one statement with positional bindings and returns all its rows.
    public func query(_ sql: String, _ bindings: [SQLValue] = []) throws -> [Row] {
        let statement = try cachedStatement(sql)
        defer { statement.reset() }
        try statement.bind(bindings)
        var rows: [Row] = []
        while try statement.step() {
            rows.append(statement.row())
        }
        return rows
    }

    /// The first row of a query, or `nil` when it returns none.
    public func queryFirst(_ sql: String, _ bindings: [SQLValue] = []) throws -> Row? {
        let statement = try cachedStatement(sql)
        defer { statement.reset() }
        try statement.bind(bindings)
        return try statement.step() ? statement.row() : nil
    }

    /// The rowid of the last successful INSERT on this connection.
    public var lastInsertRowID: Int64 {
        sqlite3_last_insert_rowid(handle)
    }

    /// True while a transaction is open on this connection.
    public var isInTransaction: Bool {
        sqlite3_get_autocommit(handle) == 0
    }

    /// Number of statements in the cache (for tests and diagnostics).
    var cachedStatementCount: Int { statements.count }

    private func cachedStatement(_ sql: String) throws -> PreparedStatement {
        guard !isClosed else { throw StorageError.closed }
        if let statement = statements[sql] {
            return statement
        }
        let statement = try PreparedStatement.prepare(sql, on: self)
        if statements.count >= Self.statementCacheLimit {
            for cached in statements.values {
                cached.finalize()
            }
            statements.removeAll()
        }
        statements[sql] = statement
        return statement
    }
}

/// The connection is confined to its database queue.
@available(*, unavailable)
extension SQLiteConnection: Sendable {}

extension SQLiteConnection {
    /// Runs one transaction-control statement (BEGIN, COMMIT, SAVEPOINT, RELEASE) through the statement cache: these
    /// run around every read and write, and parsing them each time was a measurable share of a lookup.
    func control(_ sql: String) throws {
        _ = try run(sql)
    }

    /// How a transaction takes its locks.
    enum TransactionKind: String {
        /// Takes the write lock at BEGIN, so the transaction cannot fail later with SQLITE_BUSY on upgrade.
        case immediate = "BEGIN IMMEDIATE"
        /// Takes a read snapshot at the first read.
        case deferred = "BEGIN DEFERRED"
    }

    /// Runs `body` in a transaction: COMMIT when it returns, ROLLBACK and rethrow when it (or COMMIT) throws.
    func inTransaction<T>(_ kind: TransactionKind, _ body: (SQLiteConnection) throws -> T) throws -> T {
        try control(kind.rawValue)
        do {
            let result = try body(self)
            try control("COMMIT")
            return result
        } catch {
            if isInTransaction {
                try? execute("ROLLBACK")
            }
            throw error
        }
    }
}

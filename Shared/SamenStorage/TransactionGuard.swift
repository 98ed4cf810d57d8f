import CSQLite

/// One write's share of a group transaction: its own savepoint, and the checks that keep one write from changing
/// another's outcome (see ``WriteGroups``).
extension SQLiteConnection {
    /// The savepoint each write runs in; writes may not name it themselves.
    static let writeSavepoint = "samen_write"

    /// Runs `body` inside its own savepoint of the open transaction: released when it succeeds, rolled back to
    /// (leaving no trace) when it throws. Never throws itself, so one write's failure stays that write's.
    ///
    /// Beyond the body's own errors, the write fails when it leaves a deferred foreign key unresolved (alone it
    /// would fail at COMMIT with the same constraint; in a group it must not fail the others' COMMIT) and when
    /// SQLite ended the whole transaction during the body (``StorageError/transactionLost``).
    func inWriteSavepoint<T>(_ body: (SQLiteConnection) throws -> T) -> Result<T, any Error> {
        do {
            // defer_foreign_keys lasts until the transaction ends; reset so an earlier write's setting does not
            // defer this one's violations.
            try control("SAVEPOINT \(Self.writeSavepoint)")
            try control("PRAGMA defer_foreign_keys = OFF")
        } catch {
            return .failure(error)
        }
        guardsSharedTransaction = true
        var result = Result { try body(self) }
        guardsSharedTransaction = false
        refusedTransactionControl = nil
        if case .success = result {
            if !isInTransaction {
                result = .failure(StorageError.transactionLost)
            } else if hasUnresolvedForeignKeys {
                result = .failure(StorageError(kind: .constraint, code: Self.constraintForeignKey,
                                               message: "FOREIGN KEY constraint failed: the write left a deferred foreign key unresolved"))
            } else {
                do {
                    try control("RELEASE \(Self.writeSavepoint)")
                    return result
                } catch {
                    result = .failure(error)
                }
            }
        }
        if isInTransaction {
            do {
                try execute("ROLLBACK TO \(Self.writeSavepoint); RELEASE \(Self.writeSavepoint)")
            } catch {
                // The write's changes cannot be undone alone: give up the whole transaction rather than commit them.
                try? execute("ROLLBACK")
            }
        }
        return result
    }

    /// SQLITE_CONSTRAINT_FOREIGNKEY, the code COMMIT reports for the same violation (a macro Swift cannot import).
    static let constraintForeignKey = SQLITE_CONSTRAINT | (3 << 8)

    /// True while a foreign key violation, deferred or immediate, waits for resolution in this transaction.
    private var hasUnresolvedForeignKeys: Bool {
        var current: Int32 = 0
        var highest: Int32 = 0
        return sqlite3_db_status(handle, SQLITE_DBSTATUS_DEFERRED_FKS, &current, &highest, 0) == SQLITE_OK && current != 0
    }

    /// Refuses, while ``guardsSharedTransaction`` is set, BEGIN, COMMIT, ROLLBACK and any use of the write's own
    /// savepoint: each would end or undo other writes' work in the shared transaction. SQLite asks at prepare time.
    func installTransactionGuard() {
        sqlite3_set_authorizer(handle, { context, action, operation, name, _, _ in
            guard let context else { return SQLITE_OK }
            let connection = Unmanaged<SQLiteConnection>.fromOpaque(context).takeUnretainedValue()
            guard connection.guardsSharedTransaction else { return SQLITE_OK }
            let verb = operation.map { String(cString: $0) } ?? "transaction control"
            switch action {
            case SQLITE_TRANSACTION:
                connection.refusedTransactionControl = verb
                return SQLITE_DENY
            case SQLITE_SAVEPOINT where name.map({ String(cString: $0).lowercased() }) == SQLiteConnection.writeSavepoint:
                connection.refusedTransactionControl = "\(verb) of the savepoint '\(SQLiteConnection.writeSavepoint)'"
                return SQLITE_DENY
            default:
                return SQLITE_OK
            }
        }, Unmanaged.passUnretained(self).toOpaque())
    }

    /// The error for a failed SQLite call on this connection, naming a refused transaction statement as misuse.
    func failure(_ result: Int32, sql: String?) -> StorageError {
        if result & 0xFF == SQLITE_AUTH, let refused = refusedTransactionControl {
            refusedTransactionControl = nil
            return StorageError(kind: .misuse, code: result,
                                message: "a write must not run \(refused): its transaction is shared with other writes and "
                                    + "committed by Database; use SAVEPOINT … RELEASE with a name of your own for a nested step",
                                sql: sql)
        }
        return StorageError.sqlite(result, handle: handle, sql: sql)
    }
}

import CSQLite

/// A compiled statement owned by one ``SQLiteConnection``'s cache: binding by position, stepping, reading columns.
///
/// Not thread-safe; used only on the owning connection's queue.
final class PreparedStatement {
    let handle: OpaquePointer
    let sql: String
    private unowned let connection: SQLiteConnection
    private var columns: Row.Columns?

    private init(handle: OpaquePointer, sql: String, connection: SQLiteConnection) {
        self.handle = handle
        self.sql = sql
        self.connection = connection
    }

    /// Compiles exactly one statement; refuses SQL with a second statement after the first.
    static func prepare(_ sql: String, on connection: SQLiteConnection) throws -> PreparedStatement {
        var statement: OpaquePointer?
        var trailingStatement = false
        let result = sql.withCString { text -> Int32 in
            var tail: UnsafePointer<CChar>?
            let result = sqlite3_prepare_v3(connection.handle, text, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, &tail)
            if result == SQLITE_OK, let tail {
                trailingStatement = String(cString: tail).contains { !$0.isWhitespace && $0 != ";" }
            }
            return result
        }
        guard result == SQLITE_OK else {
            sqlite3_finalize(statement)
            throw connection.failure(result, sql: sql)
        }
        guard let statement else {
            throw StorageError(kind: .misuse, message: "the SQL contains no statement", sql: sql)
        }
        if trailingStatement {
            sqlite3_finalize(statement)
            throw StorageError(kind: .misuse,
                               message: "run/query take one statement; use execute for several", sql: sql)
        }
        return PreparedStatement(handle: statement, sql: sql, connection: connection)
    }

    func finalize() {
        sqlite3_finalize(handle)
    }

    /// Binds all parameters by position (1-based in SQLite, 0-based in `values`).
    func bind(_ values: [SQLValue]) throws {
        let expected = Int(sqlite3_bind_parameter_count(handle))
        guard expected == values.count else {
            throw StorageError(kind: .misuse,
                               message: "the statement has \(expected) parameters but \(values.count) values were bound",
                               sql: sql)
        }
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            let result: Int32
            switch value {
            case .null:
                result = sqlite3_bind_null(handle, index)
            case .integer(let integer):
                result = sqlite3_bind_int64(handle, index, integer)
            case .real(let real):
                result = sqlite3_bind_double(handle, index, real)
            case .text(let text):
                var text = text
                result = text.withUTF8 { bytes in
                    // A nil pointer would bind NULL, so an empty string gets a real (empty) pointer.
                    guard let base = bytes.baseAddress, bytes.count > 0 else {
                        return sqlite3_bind_text(handle, index, "", 0, samen_sqlite_transient())
                    }
                    return base.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                        sqlite3_bind_text64(handle, index, $0, sqlite3_uint64(bytes.count),
                                            samen_sqlite_transient(), UInt8(SQLITE_UTF8))
                    }
                }
            case .blob(let blob):
                result = blob.withUnsafeBytes { bytes in
                    guard let base = bytes.baseAddress, bytes.count > 0 else {
                        return sqlite3_bind_zeroblob(handle, index, 0)  // empty, not NULL
                    }
                    return sqlite3_bind_blob64(handle, index, base, sqlite3_uint64(bytes.count), samen_sqlite_transient())
                }
            }
            guard result == SQLITE_OK else {
                throw StorageError.sqlite(result, handle: connection.handle, sql: sql)
            }
        }
    }

    /// Steps once; true when a row is available, false when done.
    func step() throws -> Bool {
        let result = sqlite3_step(handle)
        switch result {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw StorageError.sqlite(result, handle: connection.handle, sql: sql)
        }
    }

    /// Resets for reuse and drops the bound values (so they are not kept in memory).
    func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        columns = nil  // a schema change may re-prepare the statement with other columns (SELECT *)
    }

    /// The current row; column names are read once per execution and shared by its rows.
    func row() -> Row {
        let columns = columnNames()
        var values: [SQLValue] = []
        values.reserveCapacity(columns.names.count)
        for index in 0..<Int32(columns.names.count) {
            values.append(value(at: index))
        }
        return Row(columns: columns, values: values)
    }

    private func columnNames() -> Row.Columns {
        if let columns { return columns }
        let count = sqlite3_column_count(handle)
        let names = (0..<count).map { index in
            sqlite3_column_name(handle, index).map { String(cString: $0) } ?? ""
        }
        let built = Row.Columns(names: names)
        columns = built
        return built
    }

    private func value(at index: Int32) -> SQLValue {
        switch sqlite3_column_type(handle, index) {
        case SQLITE_INTEGER:
            return .integer(sqlite3_column_int64(handle, index))
        case SQLITE_FLOAT:
            return .real(sqlite3_column_double(handle, index))
        case SQLITE_TEXT:
            guard let text = sqlite3_column_text(handle, index) else { return .text("") }
            let count = Int(sqlite3_column_bytes(handle, index))
            return .text(String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self))
        case SQLITE_BLOB:
            guard let bytes = sqlite3_column_blob(handle, index) else { return .blob([]) }
            let count = Int(sqlite3_column_bytes(handle, index))
            return .blob([UInt8](UnsafeRawBufferPointer(start: bytes, count: count)))
        default:
            return .null
        }
    }
}

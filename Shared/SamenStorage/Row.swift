import Foundation

/// One result row: column names (shared by all rows of a query) and their values.
///
/// Typed accessors throw ``StorageError`` with kind `.missingColumn` or `.typeMismatch`, naming the column,
/// so a schema drift surfaces as a clear error instead of a silently wrong value.
public struct Row: Sendable {
    /// Column names and their positions, built once per query and shared by its rows.
    final class Columns: Sendable {
        let names: [String]
        let positions: [String: Int]

        init(names: [String]) {
            self.names = names
            var positions: [String: Int] = [:]
            for (index, name) in names.enumerated() where positions[name] == nil {
                positions[name] = index  // the first of duplicated names wins, as in SQLite's own lookup order
            }
            self.positions = positions
        }
    }

    let columnIndex: Columns
    /// The values in column order.
    public let values: [SQLValue]

    init(columns: Columns, values: [SQLValue]) {
        self.columnIndex = columns
        self.values = values
    }

    /// The column names in result order.
    public var columns: [String] { columnIndex.names }

    /// The value of the named column, or `nil` if the row has no such column (a NULL value is `.null`).
    public subscript(_ column: String) -> SQLValue? {
        columnIndex.positions[column].map { values[$0] }
    }

    /// The value at a column position (0-based); traps when out of range, like an array.
    public subscript(_ index: Int) -> SQLValue {
        values[index]
    }

    /// The value of the named column; throws `.missingColumn` when absent.
    public func value(_ column: String) throws -> SQLValue {
        guard let position = columnIndex.positions[column] else {
            throw StorageError(kind: .missingColumn,
                               message: "no column named '\(column)' in row (columns: \(columns.joined(separator: ", ")))")
        }
        return values[position]
    }

    /// The named column decoded as `T` (use an Optional type to accept NULL).
    public func get<T: SQLValueConvertible>(_ column: String, as type: T.Type = T.self) throws -> T {
        let value = try value(column)
        guard let decoded = T(sqlValue: value) else {
            throw StorageError(kind: .typeMismatch,
                               message: "column '\(column)' holds \(value.typeName), expected \(T.self)")
        }
        return decoded
    }

    /// An INTEGER column.
    public func int(_ column: String) throws -> Int64 { try get(column) }
    /// A REAL (or INTEGER) column.
    public func double(_ column: String) throws -> Double { try get(column) }
    /// A TEXT column.
    public func text(_ column: String) throws -> String { try get(column) }
    /// A BLOB column.
    public func blob(_ column: String) throws -> [UInt8] { try get(column) }
    /// An INTEGER column read as a boolean (non-zero is true).
    public func bool(_ column: String) throws -> Bool { try get(column) }
    /// A REAL column of seconds since 1970.
    public func date(_ column: String) throws -> Date { try get(column) }
    /// A TEXT column holding a UUID.
    public func uuid(_ column: String) throws -> UUID { try get(column) }

    /// An INTEGER column that may be NULL.
    public func optionalInt(_ column: String) throws -> Int64? { try get(column) }
    /// A REAL column that may be NULL.
    public func optionalDouble(_ column: String) throws -> Double? { try get(column) }
    /// A TEXT column that may be NULL.
    public func optionalText(_ column: String) throws -> String? { try get(column) }
    /// A BLOB column that may be NULL.
    public func optionalBlob(_ column: String) throws -> [UInt8]? { try get(column) }
    /// A date column that may be NULL.
    public func optionalDate(_ column: String) throws -> Date? { try get(column) }
}

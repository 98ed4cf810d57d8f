/// One SQLite value: the five storage classes SQLite knows.
///
/// Bindings are passed as `[SQLValue]` and rows hold `SQLValue`s. Literals work directly
/// (`["Ada", 36, 1.5, true, nil]`); other Swift types convert through ``SQLValueConvertible``
/// (`date.sqlValue`, `SQLValue(uuid)`).
public enum SQLValue: Sendable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])

    /// Wraps any convertible Swift value, e.g. `SQLValue(Date())` or `SQLValue(Optional<String>.none)`.
    public init<T: SQLValueConvertible>(_ value: T) {
        self = value.sqlValue
    }

    /// The storage class name as SQLite spells it (`NULL`, `INTEGER`, `REAL`, `TEXT`, `BLOB`), for error messages.
    public var typeName: String {
        switch self {
        case .null: return "NULL"
        case .integer: return "INTEGER"
        case .real: return "REAL"
        case .text: return "TEXT"
        case .blob: return "BLOB"
        }
    }

    /// True for `.null`.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }
}

extension SQLValue: ExpressibleByNilLiteral {
    public init(nilLiteral: ()) { self = .null }
}

extension SQLValue: ExpressibleByIntegerLiteral {
    public init(integerLiteral value: Int64) { self = .integer(value) }
}

extension SQLValue: ExpressibleByFloatLiteral {
    public init(floatLiteral value: Double) { self = .real(value) }
}

extension SQLValue: ExpressibleByStringLiteral {
    public init(stringLiteral value: String) { self = .text(value) }
}

extension SQLValue: ExpressibleByBooleanLiteral {
    /// Booleans are stored as the integers 0 and 1, as SQLite does.
    public init(booleanLiteral value: Bool) { self = .integer(value ? 1 : 0) }
}

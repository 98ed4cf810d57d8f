/// The shape of a `Codable` type as it travels on the wire (PROTOCOL.md §11): what `SchemaRecorder` learns by
/// decoding the type, for references that must not drift from the Swift contracts.
public indirect enum Schema: Sendable, Equatable {
    /// A value with its own wire tag.
    case scalar(Scalar)
    /// A `CaseIterable` enum with a raw value, encoded as that raw value; `cases` are the raw values in order.
    case enumeration(name: String, raw: Scalar, cases: [String])
    /// A type that encodes itself as one value of another shape (e.g. `Endpoint` as a `host:port` string).
    case alias(name: String, Schema)
    /// Absent (omitted from its keyed container) or the wrapped value.
    case optional(Schema)
    /// An array or set: an unkeyed container of elements.
    case array(Schema)
    /// A dictionary: a keyed container when the keys are `String` or `Int`, else alternating keys and values.
    case dictionary(key: Schema, value: Schema)
    /// A struct or class: a keyed container of its fields by name, in declaration order.
    case structure(name: String, fields: [Field])

    /// The tag byte a value of this shape starts with (PROTOCOL.md §11.1).
    public var tag: UInt8 {
        switch self {
        case .scalar(let scalar), .enumeration(_, let scalar, _): scalar.tag
        case .alias(_, let inner), .optional(let inner): inner.tag
        case .array: 0x0C
        case .dictionary(let key, _): key.isKeyedDictionaryKey ? 0x0B : 0x0C
        case .structure: 0x0B
        }
    }

    private var isKeyedDictionaryKey: Bool {
        switch self {
        case .scalar(.string), .scalar(.int): true
        default: false
        }
    }
}

/// One field of a structure: its key on the wire and its shape (`.optional` when it may be absent).
public struct Field: Sendable, Equatable {
    public let name: String
    public let schema: Schema
    public init(name: String, schema: Schema) {
        self.name = name
        self.schema = schema
    }
}

/// The values that have a wire tag of their own.
public enum Scalar: String, Sendable, Equatable, CaseIterable {
    case bool = "Bool"
    /// Every signed width (Int, Int8 ... Int64): zigzag varint.
    case int = "Int"
    /// Every unsigned width (UInt, UInt8 ... UInt64): varint.
    case uint = "UInt"
    case double = "Double"
    case float = "Float"
    case string = "String"
    case bytes = "Data"
    case date = "Date"
    case uuid = "UUID"

    /// The tag byte (PROTOCOL.md §11.1); Bool's is 0x01 for false and 0x02 for true, given here as 0x01.
    public var tag: UInt8 {
        switch self {
        case .bool: 0x01
        case .int: 0x03
        case .uint: 0x04
        case .double: 0x05
        case .float: 0x06
        case .string: 0x07
        case .bytes: 0x08
        case .date: 0x09
        case .uuid: 0x0A
        }
    }
}

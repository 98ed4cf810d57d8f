// Errors and limits shared by the encoder and the decoder.

/// An error thrown by `BinaryEncoder` or `BinaryDecoder`.
///
/// Every error carries a `kind` (what went wrong), the `codingPath` where it went wrong, written as
/// a dotted path with array indices in brackets (`"person.languages[2]"`, empty for the top-level value),
/// and a human-readable `message`. Callers typically map any `CodecError` from decoding to an
/// "invalid argument" status and pass `description` on.
public struct CodecError: Error, CustomStringConvertible, Sendable {
    /// The category of a codec error.
    public enum Kind: Sendable {
        /// The input ended before a value, a length or a varint was complete.
        case truncated
        /// The input is not valid in this format: unknown tag, overlong varint, invalid UTF-8, trailing bytes,
        /// or a container body that does not parse exactly into entries.
        case malformed
        /// The value found has a different type than the one the decoding type expects.
        case typeMismatch
        /// A number was found but does not fit the requested numeric type.
        case valueOutOfRange
        /// A keyed container has no entry for a required key, or an unkeyed container has no more values.
        case keyNotFound
        /// A decoding limit (such as `DecodingLimits.maximumDepth`) was exceeded.
        case limitExceeded
        /// The value is structurally fine but not acceptable (for example a raw value no enum case has,
        /// an error thrown by a type's own `init(from:)`, or an encoder used in an unsupported way).
        case invalidValue
    }

    /// What went wrong.
    public var kind: Kind
    /// Where it went wrong, e.g. `"person.languages[2]"`; empty for the top-level value.
    public var codingPath: String
    /// A human-readable explanation.
    public var message: String

    /// Creates an error.
    public init(_ kind: Kind, codingPath: String = "", message: String) {
        self.kind = kind
        self.codingPath = codingPath
        self.message = message
    }

    /// `"<kind> at <path>: <message>"`, or `"<kind> at top level: <message>"`.
    public var description: String {
        let location = codingPath.isEmpty ? "top level" : codingPath
        return "\(kind) at \(location): \(message)"
    }
}

/// Limits a `BinaryDecoder` enforces on untrusted input.
public struct DecodingLimits: Sendable {
    /// The maximum number of nested containers (keyed or unkeyed) a decoded value may have.
    /// Deeper input throws `CodecError.Kind.limitExceeded`. The default is 64.
    public var maximumDepth: Int

    /// Creates limits.
    public init(maximumDepth: Int = 64) {
        self.maximumDepth = maximumDepth
    }

    /// The default limits: a maximum depth of 64.
    public static let `default` = DecodingLimits()
}

/// The wire tags (see docs/PROTOCOL.md §11).
enum Tag {
    static let null: UInt8 = 0x00
    static let `false`: UInt8 = 0x01
    static let `true`: UInt8 = 0x02
    static let signed: UInt8 = 0x03
    static let unsigned: UInt8 = 0x04
    static let double: UInt8 = 0x05
    static let float: UInt8 = 0x06
    static let string: UInt8 = 0x07
    static let bytes: UInt8 = 0x08
    static let date: UInt8 = 0x09
    static let uuid: UInt8 = 0x0A
    static let keyed: UInt8 = 0x0B
    static let unkeyed: UInt8 = 0x0C

    static func name(_ tag: UInt8) -> String {
        switch tag {
        case 0x00: return "nil"
        case 0x01, 0x02: return "Bool"
        case 0x03: return "signed integer"
        case 0x04: return "unsigned integer"
        case 0x05: return "Double"
        case 0x06: return "Float"
        case 0x07: return "String"
        case 0x08: return "bytes"
        case 0x09: return "Date"
        case 0x0A: return "UUID"
        case 0x0B: return "keyed container"
        case 0x0C: return "unkeyed container"
        default: return "unknown tag"
        }
    }

    static func hex(_ tag: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return "0x" + String(digits[Int(tag >> 4)]) + String(digits[Int(tag & 0xF)])
    }
}

/// One step of a coding path, resolved to a string only when an error or `codingPath` needs it.
enum PathComponent {
    case none
    case key(any CodingKey)
    case index(Int)
}

/// A coding key for array positions and other synthesized keys.
struct IndexKey: CodingKey {
    var stringValue: String
    var intValue: Int?
    init(stringValue: String) { self.stringValue = stringValue; self.intValue = nil }
    init(intValue: Int) { self.stringValue = "Index \(intValue)"; self.intValue = intValue }
    init(index: Int) { self.init(intValue: index) }
}

/// A plain string key (used for "super").
struct StringKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { return nil }
    static let `super` = StringKey(stringValue: "super")
}

/// Renders coding keys as `a.b[2].c`.
func renderPath(_ keys: [any CodingKey]) -> String {
    var out = ""
    for key in keys {
        if let index = key as? IndexKey, let i = index.intValue {
            out += "[\(i)]"
        } else {
            if !out.isEmpty { out += "." }
            out += key.stringValue
        }
    }
    return out
}

/// Varint helpers shared by both directions.
@inline(__always)
func varintSize(_ value: UInt64) -> Int {
    var v = value
    var n = 1
    while v >= 0x80 { v >>= 7; n += 1 }
    return n
}

/// Cached identities of generic collection types that get fast paths (comparing `T.self == [String].self`
/// directly would look the generic metadata up on every call).
let stringArrayTypeID = ObjectIdentifier([String].self)
let stringDictionaryTypeID = ObjectIdentifier([String: String].self)

/// The `Decoder` behind `SchemaRecorder`: records what a type's `init(from:)` asks for.
final class RecordingDecoder: Decoder {
    enum Shape {
        case nothing
        case keyed([Field])
        case single(Schema)
        case unkeyed(Schema?)
    }

    let codingPath: [any CodingKey] = []
    let userInfo: [CodingUserInfoKey: Any] = [:]
    /// What every String request gets, for types that validate their text.
    let string: String
    var shape = Shape.nothing

    init(string: String) { self.string = string }

    func schema(named name: String) throws -> Schema {
        switch shape {
        case .nothing: return .structure(name: name, fields: [])
        case .keyed(let fields): return .structure(name: name, fields: fields)
        case .single(let inner): return .alias(name: name, inner)
        case .unkeyed(let element?): return .alias(name: name, .array(element))
        case .unkeyed(nil): throw SchemaError("\(name) decodes an unkeyed container without reading an element")
        }
    }

    func sample<T: Decodable>(_ type: T.Type) throws -> (schema: Schema, value: T) {
        if T.self == String.self { return (.scalar(.string), string as! T) }
        return try SchemaRecorder.describe(type)
    }

    func add(_ field: Field) {
        if case .keyed(let fields) = shape { shape = .keyed(fields + [field]) } else { shape = .keyed([field]) }
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        if case .nothing = shape { shape = .keyed([]) }
        return KeyedDecodingContainer(KeyedRecorder<Key>(decoder: self))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        shape = .unkeyed(nil)
        return UnkeyedRecorder(decoder: self)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        SingleRecorder(decoder: self)
    }
}

private struct KeyedRecorder<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let decoder: RecordingDecoder
    var codingPath: [any CodingKey] { [] }
    var allKeys: [Key] { [] }

    func contains(_ key: Key) -> Bool { true }
    func decodeNil(forKey key: Key) throws -> Bool { false }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        let (schema, value) = try decoder.sample(type)
        decoder.add(Field(name: key.stringValue, schema: schema))
        return value
    }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? { try optional(type, key) }

    // The standard library's defaults for these would read the key as present (`decodeNil` then `decode`).
    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? { try optional(type, key) }
    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? { try optional(type, key) }
    func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? { try optional(type, key) }
    func decodeIfPresent(_ type: Float.Type, forKey key: Key) throws -> Float? { try optional(type, key) }
    func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? { try optional(type, key) }
    func decodeIfPresent(_ type: Int8.Type, forKey key: Key) throws -> Int8? { try optional(type, key) }
    func decodeIfPresent(_ type: Int16.Type, forKey key: Key) throws -> Int16? { try optional(type, key) }
    func decodeIfPresent(_ type: Int32.Type, forKey key: Key) throws -> Int32? { try optional(type, key) }
    func decodeIfPresent(_ type: Int64.Type, forKey key: Key) throws -> Int64? { try optional(type, key) }
    func decodeIfPresent(_ type: UInt.Type, forKey key: Key) throws -> UInt? { try optional(type, key) }
    func decodeIfPresent(_ type: UInt8.Type, forKey key: Key) throws -> UInt8? { try optional(type, key) }
    func decodeIfPresent(_ type: UInt16.Type, forKey key: Key) throws -> UInt16? { try optional(type, key) }
    func decodeIfPresent(_ type: UInt32.Type, forKey key: Key) throws -> UInt32? { try optional(type, key) }
    func decodeIfPresent(_ type: UInt64.Type, forKey key: Key) throws -> UInt64? { try optional(type, key) }

    private func optional<T: Decodable>(_ type: T.Type, _ key: Key) throws -> T? {
        let (schema, _) = try decoder.sample(type)
        decoder.add(Field(name: key.stringValue, schema: .optional(schema)))
        return nil
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        throw SchemaError("nested containers (key '\(key.stringValue)') are not described; decode a nested type instead")
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        throw SchemaError("nested containers (key '\(key.stringValue)') are not described; decode an array instead")
    }

    func superDecoder() throws -> any Decoder { throw SchemaError("superDecoder is not described") }
    func superDecoder(forKey key: Key) throws -> any Decoder { throw SchemaError("superDecoder is not described") }
}

private struct SingleRecorder: SingleValueDecodingContainer {
    let decoder: RecordingDecoder
    var codingPath: [any CodingKey] { [] }

    func decodeNil() -> Bool { false }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let (schema, value) = try decoder.sample(type)
        decoder.shape = .single(schema)
        return value
    }
}

/// Hands out one element, so a type that loops until `isAtEnd` reveals its element type.
private final class UnkeyedRecorder: UnkeyedDecodingContainer {
    let decoder: RecordingDecoder
    var codingPath: [any CodingKey] { [] }
    var count: Int? { nil }
    var currentIndex = 0
    var isAtEnd: Bool { currentIndex > 0 }

    init(decoder: RecordingDecoder) { self.decoder = decoder }

    func decodeNil() throws -> Bool { false }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let (schema, value) = try decoder.sample(type)
        decoder.shape = .unkeyed(schema)
        currentIndex += 1
        return value
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        throw SchemaError("nested containers in an unkeyed container are not described")
    }

    func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        throw SchemaError("nested containers in an unkeyed container are not described")
    }

    func superDecoder() throws -> any Decoder { throw SchemaError("superDecoder is not described") }
}

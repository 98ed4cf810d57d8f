import Foundation

/// Learns a `Decodable` type's wire shape by decoding it from nothing: a `Decoder` that answers every request with
/// a placeholder and records each key and the type asked for. Field lists therefore come from the types themselves
/// (synthesized or hand-written `init(from:)`), never from a table that could drift.
///
/// Enums need `CaseIterable` so their cases can be listed; a type whose `init(from:)` rejects every placeholder
/// (say, a string that must parse) is retried with a few typical strings before giving up with `SchemaError`.
public enum SchemaRecorder {
    /// The shape of `type`.
    public static func schema<T: Decodable>(of type: T.Type) throws(SchemaError) -> Schema {
        do {
            return try describe(type).schema
        } catch let error as SchemaError {
            throw error
        } catch {
            throw SchemaError("cannot describe \(T.self): \(error)")
        }
    }

    /// Strings offered to single-value types that validate their text: empty, an identity URI, an endpoint, a word,
    /// a date (`CivilDate`).
    static let stringCandidates = ["", "samen://a/b/c", "localhost:1", "a", "2000-01-01"]

    /// The shape of `type` and a value of it to hand back to the type that asked.
    static func describe<T: Decodable>(_ type: T.Type) throws -> (schema: Schema, value: T) {
        if let scalar = scalarSample(type) { return scalar }
        if let special = type as? any SchemaContainerType.Type {
            let (schema, value) = try special.describeContainer()
            return (schema, value as! T)
        }
        if let iterable = type as? any CaseIterable.Type, let enumeration = try enumeration(iterable, as: type) {
            return enumeration
        }
        var failures: [String] = []
        for candidate in stringCandidates {
            let decoder = RecordingDecoder(string: candidate)
            do {
                let value = try T(from: decoder)
                return (try decoder.schema(named: "\(T.self)"), value)
            } catch let error as SchemaError {
                throw error
            } catch {
                failures.append("\(error)")
            }
        }
        throw SchemaError("cannot describe \(T.self): its init(from:) rejected every placeholder (\(failures.first ?? "")); "
                              + "an enum needs CaseIterable")
    }

    private static func scalarSample<T>(_ type: T.Type) -> (schema: Schema, value: T)? {
        let samples: [(Any.Type, Scalar, Any)] = [
            (String.self, .string, ""), (Bool.self, .bool, false), (Double.self, .double, 0.0), (Float.self, .float, Float(0)),
            (Int.self, .int, 0), (Int8.self, .int, Int8(0)), (Int16.self, .int, Int16(0)), (Int32.self, .int, Int32(0)),
            (Int64.self, .int, Int64(0)), (UInt.self, .uint, UInt(0)), (UInt8.self, .uint, UInt8(0)),
            (UInt16.self, .uint, UInt16(0)), (UInt32.self, .uint, UInt32(0)), (UInt64.self, .uint, UInt64(0)),
            (Data.self, .bytes, Data()), (Date.self, .date, Date(timeIntervalSince1970: 0)),
            (UUID.self, .uuid, UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))),
        ]
        guard let match = samples.first(where: { $0.0 == type }) else { return nil }
        return (.scalar(match.1), match.2 as! T)
    }

    private static func enumeration<T, E: CaseIterable>(_ iterable: E.Type, as type: T.Type) throws -> (schema: Schema, value: T)? {
        let cases = Array(iterable.allCases)
        guard let first = cases.first as? T, let sample = cases.first as? any RawRepresentable else { return nil }
        let raws: [Any] = cases.compactMap { element in
            guard let raw = element as? any RawRepresentable else { return nil }
            return rawValue(raw)
        }
        let scalar: Scalar
        switch rawValue(sample) {
        case is String: scalar = .string
        case is Int: scalar = .int
        default: throw SchemaError("\(T.self) is an enum whose raw values are neither String nor Int")
        }
        return (.enumeration(name: "\(T.self)", raw: scalar, cases: raws.map { "\($0)" }), first)
    }

    private static func rawValue<R: RawRepresentable>(_ value: R) -> Any { value.rawValue }
}

/// Why a type could not be described.
public struct SchemaError: Error, CustomStringConvertible, Sendable {
    public let message: String
    init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Optionals, arrays, sets and dictionaries: their shape comes from their element types, which an empty value
/// would never ask for.
protocol SchemaContainerType {
    static func describeContainer() throws -> (Schema, Any)
}

extension Optional: SchemaContainerType where Wrapped: Decodable {
    static func describeContainer() throws -> (Schema, Any) {
        (.optional(try SchemaRecorder.describe(Wrapped.self).schema), Wrapped?.none as Any)
    }
}

extension Array: SchemaContainerType where Element: Decodable {
    static func describeContainer() throws -> (Schema, Any) {
        (.array(try SchemaRecorder.describe(Element.self).schema), [Element]())
    }
}

extension Set: SchemaContainerType where Element: Decodable {
    static func describeContainer() throws -> (Schema, Any) {
        (.array(try SchemaRecorder.describe(Element.self).schema), Set<Element>())
    }
}

extension Dictionary: SchemaContainerType where Key: Decodable, Value: Decodable {
    static func describeContainer() throws -> (Schema, Any) {
        (.dictionary(key: try SchemaRecorder.describe(Key.self).schema, value: try SchemaRecorder.describe(Value.self).schema),
         [Key: Value]())
    }
}

import Foundation
import SamenCodec

/// How an agency service keeps a file (intake's persons and settlements, trajectory's trajectories) in its table: in
/// the mesh's binary codec (PROTOCOL.md §11), which encodes and decodes several times faster than JSON on the
/// registration and lookup paths, and round-trips every value exactly. JSON is made only where a person reads it: the export for the right of access.
public enum StoredFile {
    public static func encode<Value: Encodable>(_ value: Value) throws -> [UInt8] {
        try BinaryEncoder().encode(value)
    }

    public static func decode<Value: Decodable>(_ type: Value.Type, from bytes: [UInt8]) throws -> Value {
        try BinaryDecoder().decode(type, from: bytes[...])
    }

    /// Pretty, sorted JSON for people to read.
    public static func readableJSON<Value: Encodable>(_ value: Value) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}

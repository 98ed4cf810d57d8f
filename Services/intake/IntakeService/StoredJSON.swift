import Foundation

/// How intake keeps a file (a person's, a settlement's) in its table: JSON with sorted keys, through one encoder
/// and one decoder for the whole service, since building them per call showed up on the registration path.
enum StoredJSON {
    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()
    private static let decoder = JSONDecoder()

    static func encode<Value: Encodable>(_ value: Value) throws -> String {
        String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func decode<Value: Decodable>(_ type: Value.Type, from json: String) throws -> Value {
        try decoder.decode(type, from: Data(json.utf8))
    }
}

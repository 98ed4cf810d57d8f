import Foundation
import SamenCodec
import SamenSchema
import XCTest

private enum Colour: String, Codable, CaseIterable { case red, dark = "dark-blue" }
private enum Level: Int, Codable, CaseIterable { case low = 1, high = 5 }
private enum Uncountable: String, Codable { case only }

/// Like `Endpoint`: one string that must parse, so an empty placeholder is refused.
private struct Address: Codable, Equatable {
    var host: String
    var port: Int
    init(host: String, port: Int) { self.host = host; self.port = port }
    init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]) else {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "not host:port"))
        }
        self.init(host: String(text[..<colon]), port: port)
    }
    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode("\(host):\(port)")
    }
}

private struct Inner: Codable, Equatable { var id: UUID; var at: Date }

private struct Everything: Codable, Equatable {
    var text: String
    var flag: Bool
    var count: Int
    var small: Int8
    var size: UInt64
    var ratio: Double
    var approximate: Float
    var blob: Data
    var when: Date
    var id: UUID
    var maybe: String?
    var colour: Colour
    var level: Level
    var address: Address
    var inner: Inner
    var optionalInner: Inner?
    var list: [Inner]
    var labels: [String: String]
    var byID: [UUID: Int]
    var renamed: Int

    enum CodingKeys: String, CodingKey {
        case text, flag, count, small, size, ratio, approximate, blob, when, id, maybe, colour, level, address, inner,
             optionalInner, list, labels, byID, renamed = "wire_name"
    }
}

private struct Wrapper: Codable { var colour: Uncountable }

final class SchemaRecorderTests: XCTestCase {
    func testRecordsEveryFieldWithItsTypeInDeclarationOrder() throws {
        let inner = Schema.structure(name: "Inner", fields: [Field(name: "id", schema: .scalar(.uuid)),
                                                              Field(name: "at", schema: .scalar(.date))])
        let expected = Schema.structure(name: "Everything", fields: [
            Field(name: "text", schema: .scalar(.string)), Field(name: "flag", schema: .scalar(.bool)),
            Field(name: "count", schema: .scalar(.int)), Field(name: "small", schema: .scalar(.int)),
            Field(name: "size", schema: .scalar(.uint)), Field(name: "ratio", schema: .scalar(.double)),
            Field(name: "approximate", schema: .scalar(.float)), Field(name: "blob", schema: .scalar(.bytes)),
            Field(name: "when", schema: .scalar(.date)), Field(name: "id", schema: .scalar(.uuid)),
            Field(name: "maybe", schema: .optional(.scalar(.string))),
            Field(name: "colour", schema: .enumeration(name: "Colour", raw: .string, cases: ["red", "dark-blue"])),
            Field(name: "level", schema: .enumeration(name: "Level", raw: .int, cases: ["1", "5"])),
            Field(name: "address", schema: .alias(name: "Address", .scalar(.string))),
            Field(name: "inner", schema: inner), Field(name: "optionalInner", schema: .optional(inner)),
            Field(name: "list", schema: .array(inner)),
            Field(name: "labels", schema: .dictionary(key: .scalar(.string), value: .scalar(.string))),
            Field(name: "byID", schema: .dictionary(key: .scalar(.uuid), value: .scalar(.int))),
            Field(name: "wire_name", schema: .scalar(.int)),
        ])
        XCTAssertEqual(try SchemaRecorder.schema(of: Everything.self), expected)
    }

    /// The tags the schema names are the ones the codec writes: each field's first byte in an encoded value.
    func testTagsMatchTheCodec() throws {
        let inner = Inner(id: UUID(), at: Date(timeIntervalSince1970: 5))
        let value = Everything(text: "t", flag: true, count: -3, small: 2, size: 9, ratio: 1.5, approximate: 2.5, blob: Data([1]),
                               when: Date(timeIntervalSince1970: 1), id: UUID(), maybe: "m", colour: .dark, level: .high,
                               address: Address(host: "h", port: 1), inner: inner, optionalInner: inner, list: [inner],
                               labels: ["a": "b"], byID: [UUID(): 1], renamed: 4)
        guard case .structure(_, let fields) = try SchemaRecorder.schema(of: Everything.self) else { return XCTFail("not a structure") }
        for field in fields {
            let bytes = try BinaryEncoder().encode(value)
            let key = Array(field.name.utf8)
            // Find the entry: key length, key bytes, then the value's tag.
            let entry = [UInt8(key.count)] + key
            let start = try XCTUnwrap(bytes.indices.first { bytes[$0...].starts(with: entry) }, field.name)
            var tag = bytes[start + entry.count]
            if tag == 0x02 { tag = 0x01 }  // true; the schema names Bool by false's tag
            XCTAssertEqual(tag, field.schema.tag, field.name)
        }
        XCTAssertEqual(Schema.scalar(.string).tag, 0x07)
        XCTAssertEqual(Schema.dictionary(key: .scalar(.uuid), value: .scalar(.int)).tag, 0x0C)
    }

    func testAnEnumWithoutCaseIterableIsRefusedWithAHint() {
        XCTAssertThrowsError(try SchemaRecorder.schema(of: Wrapper.self)) { error in
            XCTAssertTrue("\(error)".contains("CaseIterable"), "\(error)")
        }
    }
}

import Foundation
import XCTest
import SamenCodec

// MARK: Fixtures

enum Color: String, Codable, Equatable { case red, green, blue }
enum Level: Int, Codable, Equatable { case low = 1, mid = 5, high = 1_000 }
enum Shape: Codable, Equatable {
    case circle(radius: Double)
    case rect(width: Int, height: Int)
    case point
    case named(String, tags: [String])
}

struct Language: Codable, Equatable { var code: String; var level: Level? }
struct Person: Codable, Equatable {
    var name: String
    var age: Int
    var nickname: String?
    var languages: [String]
}
struct Inner: Codable, Equatable { var value: Int; var label: String? }
struct Middle: Codable, Equatable { var inner: Inner; var list: [Inner] }
struct Outer: Codable, Equatable { var middle: Middle; var flag: Bool }

/// Uses nestedContainer, nestedUnkeyedContainer and superEncoder/superDecoder explicitly.
class Base: Codable, Equatable {
    var id: Int
    init(id: Int) { self.id = id }
    static func == (a: Base, b: Base) -> Bool { a.id == b.id }
}
final class Derived: Base {
    var point: (x: Int, y: Int)
    var tags: [String]
    init(id: Int, point: (x: Int, y: Int), tags: [String]) {
        self.point = point
        self.tags = tags
        super.init(id: id)
    }
    enum Keys: String, CodingKey { case position, tags, base }
    enum PointKeys: String, CodingKey { case x, y }
    required init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        let p = try c.nestedContainer(keyedBy: PointKeys.self, forKey: .position)
        point = (try p.decode(Int.self, forKey: .x), try p.decode(Int.self, forKey: .y))
        var u = try c.nestedUnkeyedContainer(forKey: .tags)
        var t: [String] = []
        while !u.isAtEnd { t.append(try u.decode(String.self)) }
        tags = t
        try super.init(from: c.superDecoder())
    }
    override func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        var p = c.nestedContainer(keyedBy: PointKeys.self, forKey: .position)
        try p.encode(point.x, forKey: .x)
        try p.encode(point.y, forKey: .y)
        var u = c.nestedUnkeyedContainer(forKey: .tags)
        for tag in tags { try u.encode(tag) }
        try super.encode(to: c.superEncoder())
    }
    static func == (a: Derived, b: Derived) -> Bool {
        a.id == b.id && a.point == b.point && a.tags == b.tags
    }
}

func roundTrip<T: Codable>(_ value: T, file: StaticString = #filePath, line: UInt = #line) throws -> T {
    let bytes = try BinaryEncoder().encode(value)
    return try BinaryDecoder().decode(T.self, from: bytes)
}

func assertRoundTrip<T: Codable & Equatable>(_ value: T, file: StaticString = #filePath, line: UInt = #line) throws {
    let decoded = try roundTrip(value)
    XCTAssertEqual(decoded, value, file: file, line: line)
}

final class RoundTripTests: XCTestCase {
    func testIntegerExtremes() throws {
        try assertRoundTrip(Int.min)
        try assertRoundTrip(Int.max)
        try assertRoundTrip(0)
        try assertRoundTrip(-1)
        try assertRoundTrip(Int8.min); try assertRoundTrip(Int8.max)
        try assertRoundTrip(Int16.min); try assertRoundTrip(Int16.max)
        try assertRoundTrip(Int32.min); try assertRoundTrip(Int32.max)
        try assertRoundTrip(Int64.min); try assertRoundTrip(Int64.max)
        try assertRoundTrip(UInt.min); try assertRoundTrip(UInt.max)
        try assertRoundTrip(UInt8.min); try assertRoundTrip(UInt8.max)
        try assertRoundTrip(UInt16.min); try assertRoundTrip(UInt16.max)
        try assertRoundTrip(UInt32.min); try assertRoundTrip(UInt32.max)
        try assertRoundTrip(UInt64.min); try assertRoundTrip(UInt64.max)
        // Inside containers too (keyed and unkeyed paths differ from the top-level path).
        try assertRoundTrip([Int.min, Int.max, 0, -1])
        try assertRoundTrip([Int8.min, Int8.max])
        try assertRoundTrip(["a": UInt64.max, "b": 0])
        // UInt64.max takes the full 10-byte varint.
        XCTAssertEqual(try BinaryEncoder().encode(UInt64.max).count, 11)
    }

    func testFloatingPoint() throws {
        try assertRoundTrip(Double.infinity)
        try assertRoundTrip(-Double.infinity)
        try assertRoundTrip(Double.greatestFiniteMagnitude)
        try assertRoundTrip(Double.leastNonzeroMagnitude)
        try assertRoundTrip(3.141592653589793)
        let negativeZero = try roundTrip(-0.0)
        XCTAssertEqual(negativeZero, 0)
        XCTAssertEqual(negativeZero.sign, .minus)
        XCTAssertTrue(try roundTrip(Double.nan).isNaN)
        try assertRoundTrip(Float(1.5))
        try assertRoundTrip(Float.infinity)
        try assertRoundTrip(Float.greatestFiniteMagnitude)
        XCTAssertTrue(try roundTrip(Float.nan).isNaN)
        try assertRoundTrip([1.25, -2.5])
    }

    func testStringsDataDatesUUIDs() throws {
        try assertRoundTrip("")
        try assertRoundTrip("Schaerbeek – Brussel 🇧🇪")
        try assertRoundTrip(String(repeating: "x", count: 100_000))
        try assertRoundTrip(Data())
        try assertRoundTrip(Data((0..<100_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }))
        try assertRoundTrip(Date(timeIntervalSince1970: 1_700_000_000.125))
        try assertRoundTrip(Date(timeIntervalSince1970: -12_345.5))
        try assertRoundTrip(UUID())
        try assertRoundTrip(UUID(uuidString: "00000000-0000-0000-0000-000000000000")!)
        try assertRoundTrip(true)
        try assertRoundTrip(false)
    }

    func testEnums() throws {
        try assertRoundTrip(Color.green)
        try assertRoundTrip(Level.high)
        try assertRoundTrip([Shape.circle(radius: 2.5), .rect(width: 3, height: 4), .point, .named("n", tags: ["a", "b"])])
    }

    func testOptionalsAndCollections() throws {
        try assertRoundTrip(Person(name: "Amina", age: 34, nickname: nil, languages: ["ar", "fr", "nl"]))
        try assertRoundTrip(Person(name: "Jan", age: 71, nickname: "Janneke", languages: []))
        try assertRoundTrip([1, nil, 3, nil] as [Int?])
        try assertRoundTrip([nil, nil] as [String?])
        try assertRoundTrip([Inner(value: 1, label: nil), Inner(value: 2, label: "two")])
        try assertRoundTrip(["one": 1, "two": 2, "": 0])
        try assertRoundTrip([1: "one", -5: "minus five"])
        try assertRoundTrip([UUID(): "a", UUID(): "b"])
        try assertRoundTrip(Set(["x", "y", "z"]))
        try assertRoundTrip([[1, 2], [], [3]])
        try assertRoundTrip(["k": ["v": [1, 2]]])
        try assertRoundTrip(Optional<Int>.none)
        try assertRoundTrip(Optional<Int>.some(5))
        try assertRoundTrip(["a": "b", "c": "d"] as [String: String])
        try assertRoundTrip([String](repeating: "long string value", count: 50))
        try assertRoundTrip(Language(code: "nl", level: .mid))
    }

    func testUUIDKeyedDictionaryIsUnkeyed() throws {
        let bytes = try BinaryEncoder().encode([UUID(): "a"])
        XCTAssertEqual(bytes.first, 0x0C)
        let intKeyed = try BinaryEncoder().encode([7: "a"])
        XCTAssertEqual(intKeyed.first, 0x0B)
    }

    func testNestedThreeDeep() throws {
        let value = Outer(middle: Middle(inner: Inner(value: 1, label: "x"),
                                         list: (0..<40).map { Inner(value: $0, label: String(repeating: "l", count: $0)) }),
                          flag: true)
        try assertRoundTrip(value)
    }

    func testCustomNestedAndSuper() throws {
        let value = Derived(id: 9, point: (x: -3, y: 4), tags: ["t1", "t2"])
        let decoded = try roundTrip(value)
        XCTAssertTrue(decoded == value)
        // The super value is stored under the key "super".
        let bytes = try BinaryEncoder().encode(value)
        XCTAssertNotNil(bytes.firstRange(of: [0x05] + Array("super".utf8)))
    }

    func testEncodeIntoAppends() throws {
        var buffer: [UInt8] = [0xFF]
        try BinaryEncoder().encode(42, into: &buffer)
        XCTAssertEqual(buffer, [0xFF, 0x03, 0x54])
        XCTAssertEqual(try BinaryDecoder().decode(Int.self, from: buffer[1...]), 42)
        let viaPointer = try buffer.withUnsafeBytes { try BinaryDecoder().decode(Int.self, from: UnsafeRawBufferPointer(rebasing: $0[1...])) }
        XCTAssertEqual(viaPointer, 42)
    }
}

// MARK: Exact bytes

struct Point: Codable { var x: Int; var name: String }

final class GoldenBytesTests: XCTestCase {
    func encode<T: Encodable>(_ v: T) throws -> [UInt8] { try BinaryEncoder().encode(v) }

    func testScalars() throws {
        XCTAssertEqual(try encode(42), [0x03, 0x54])
        XCTAssertEqual(try encode(-1), [0x03, 0x01])
        XCTAssertEqual(try encode(-64), [0x03, 0x7F])
        XCTAssertEqual(try encode(64), [0x03, 0x80, 0x01])
        XCTAssertEqual(try encode(UInt(300)), [0x04, 0xAC, 0x02])
        XCTAssertEqual(try encode(UInt8(7)), [0x04, 0x07])
        XCTAssertEqual(try encode(true), [0x02])
        XCTAssertEqual(try encode(false), [0x01])
        XCTAssertEqual(try encode(Int?.none), [0x00])
        XCTAssertEqual(try encode("hé"), [0x07, 0x03, 0x68, 0xC3, 0xA9])
        XCTAssertEqual(try encode(1.0), [0x05, 0x3F, 0xF0, 0, 0, 0, 0, 0, 0])
        XCTAssertEqual(try encode(Float(1.0)), [0x06, 0x3F, 0x80, 0, 0])
        XCTAssertEqual(try encode(Data([1, 2])), [0x08, 0x02, 0x01, 0x02])
        XCTAssertEqual(try encode(Date(timeIntervalSince1970: 1)), [0x09, 0x3F, 0xF0, 0, 0, 0, 0, 0, 0])
        XCTAssertEqual(try encode(UUID(uuidString: "00112233-4455-6677-8899-AABBCCDDEEFF")!),
                       [0x0A, 0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xAA, 0xBB, 0xCC, 0xDD, 0xEE, 0xFF])
        XCTAssertEqual(try encode([1, 2]), [0x0C, 0x04, 0x03, 0x02, 0x03, 0x04])
        XCTAssertEqual(try encode(Color.red), [0x07, 0x03, 0x72, 0x65, 0x64])
    }

    func testSmallStruct() throws {
        XCTAssertEqual(try encode(Point(x: 1, name: "a")),
                       [0x0B, 0x0C,
                        0x01, 0x78, 0x03, 0x02,
                        0x04, 0x6E, 0x61, 0x6D, 0x65, 0x07, 0x01, 0x61])
        // A struct whose encode(to:) asks for no container is an empty keyed container.
        struct Empty: Codable { func encode(to encoder: Encoder) throws {} ; init() {} }
        XCTAssertEqual(try encode(Empty()), [0x0B, 0x00])
        XCTAssertEqual(try encode([Empty()]), [0x0C, 0x02, 0x0B, 0x00])
    }

    func testLongBodyGetsMultiByteLength() throws {
        let s = String(repeating: "a", count: 200)
        let bytes = try encode([s])
        // body = 0x07, varint 200 (0xC8 0x01), 200 bytes = 203 = 0xCB 0x01
        XCTAssertEqual(Array(bytes.prefix(6)), [0x0C, 0xCB, 0x01, 0x07, 0xC8, 0x01])
        XCTAssertEqual(bytes.count, 206)
        // Nested long bodies are shifted correctly at every level.
        let nested = Middle(inner: Inner(value: 1, label: s), list: [Inner(value: 2, label: s)])
        try assertRoundTrip(nested)
    }
}

// MARK: Encoder container semantics

final class EncoderSemanticsTests: XCTestCase {
    struct SameContainerTwice: Encodable {
        enum K: String, CodingKey { case a, b }
        func encode(to encoder: Encoder) throws {
            var c1 = encoder.container(keyedBy: K.self)
            try c1.encode(1, forKey: .a)
            var c2 = encoder.container(keyedBy: K.self)
            try c2.encode(2, forKey: .b)
        }
    }
    struct Both: Decodable, Equatable { var a: Int; var b: Int }

    func testSameContainerTwice() throws {
        let bytes = try BinaryEncoder().encode(SameContainerTwice())
        XCTAssertEqual(try BinaryDecoder().decode(Both.self, from: bytes), Both(a: 1, b: 2))
    }

    struct Interleaved: Encodable {
        enum K: String, CodingKey { case a, b, c }
        func encode(to encoder: Encoder) throws {
            var outer = encoder.container(keyedBy: K.self)
            var nested = outer.nestedContainer(keyedBy: K.self, forKey: .a)
            try nested.encode(1, forKey: .a)
            try outer.encode(2, forKey: .b)      // closes `nested`
            try nested.encode(3, forKey: .c)     // must throw, not corrupt
        }
    }

    func testInterleavedWritesThrow() {
        XCTAssertThrowsError(try BinaryEncoder().encode(Interleaved())) { error in
            guard let e = error as? CodecError else { return XCTFail("\(error)") }
            XCTAssertEqual(e.kind, .invalidValue)
            XCTAssertTrue(e.message.contains("interleaved container writes are not supported"))
            XCTAssertEqual(e.codingPath, "a.c")
        }
        var buffer: [UInt8] = [1, 2, 3]
        XCTAssertThrowsError(try BinaryEncoder().encode(Interleaved(), into: &buffer))
        XCTAssertEqual(buffer, [1, 2, 3], "a failed encode leaves the buffer as it was")
    }

    struct NilsAndSingles: Encodable {
        enum K: String, CodingKey { case n, s }
        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: K.self)
            try c.encodeNil(forKey: .n)
            try c.encode(Wrapper(v: 5), forKey: .s)
        }
    }
    struct Wrapper: Codable, Equatable {
        var v: Int
        init(v: Int) { self.v = v }
        init(from decoder: Decoder) throws { v = try decoder.singleValueContainer().decode(Int.self) }
        func encode(to encoder: Encoder) throws { var c = encoder.singleValueContainer(); try c.encode(v) }
    }
    struct NilsAndSinglesDecoded: Decodable { var n: Int?; var s: Wrapper }

    func testEncodeNilAndSingleValue() throws {
        let bytes = try BinaryEncoder().encode(NilsAndSingles())
        XCTAssertEqual(bytes, [0x0B, 0x07, 0x01, 0x6E, 0x00, 0x01, 0x73, 0x03, 0x0A])
        let d = try BinaryDecoder().decode(NilsAndSinglesDecoded.self, from: bytes)
        XCTAssertNil(d.n)
        XCTAssertEqual(d.s, Wrapper(v: 5))
        try assertRoundTrip([Wrapper(v: 1), Wrapper(v: -1)])
    }

    func testDecoderContainerAPIs() throws {
        struct Probe: Decodable {
            enum K: String, CodingKey { case a, b, zzz }
            var keys: [String]
            var containsB: Bool
            var containsZ: Bool
            var nilA: Bool
            var count: Int?
            var indices: [Int]
            init(from decoder: Decoder) throws {
                let c = try decoder.container(keyedBy: K.self)
                keys = c.allKeys.map(\.stringValue)
                containsB = c.contains(.b)
                containsZ = c.contains(.zzz)
                nilA = try c.decodeNil(forKey: .a)
                var u = try c.nestedUnkeyedContainer(forKey: .b)
                count = u.count
                indices = []
                while !u.isAtEnd {
                    indices.append(u.currentIndex)
                    if try u.decodeNil() { continue }
                    _ = try u.decode(Int.self)
                }
            }
        }
        struct Source: Encodable { var a: Int?; var b: [Int?] 
            enum CodingKeys: String, CodingKey { case a, b }
            func encode(to encoder: Encoder) throws {
                var c = encoder.container(keyedBy: CodingKeys.self)
                try c.encode(a, forKey: .a)
                try c.encode(b, forKey: .b)
            }
        }
        let bytes = try BinaryEncoder().encode(Source(a: nil, b: [1, nil, 3]))
        let p = try BinaryDecoder().decode(Probe.self, from: bytes)
        XCTAssertEqual(p.keys, ["a", "b"])
        XCTAssertTrue(p.containsB)
        XCTAssertFalse(p.containsZ)
        XCTAssertTrue(p.nilA)
        XCTAssertEqual(p.count, 3)
        XCTAssertEqual(p.indices, [0, 1, 2])
    }
}

// MARK: Unkeyed nesting and super

struct Matrix: Codable, Equatable {
    var rows: [[Int]]
    var note: Inner
    init(rows: [[Int]], note: Inner) { self.rows = rows; self.note = note }
    enum K: String, CodingKey { case v }
    init(from decoder: Decoder) throws {
        var top = try decoder.unkeyedContainer()
        let n = try top.decode(Int.self)
        var rows: [[Int]] = []
        for _ in 0..<n {
            var row = try top.nestedUnkeyedContainer()
            var r: [Int] = []
            while !row.isAtEnd { r.append(try row.decode(Int.self)) }
            rows.append(r)
        }
        let keyed = try top.nestedContainer(keyedBy: K.self)
        XCTAssertEqual(try keyed.decode(Int.self, forKey: .v), 99)
        note = try Inner(from: top.superDecoder())
        XCTAssertTrue(top.isAtEnd)
        XCTAssertEqual(top.currentIndex, n + 3)
        self.rows = rows
    }
    func encode(to encoder: Encoder) throws {
        var top = encoder.unkeyedContainer()
        try top.encode(rows.count)
        for r in rows {
            var row = top.nestedUnkeyedContainer()
            for x in r { try row.encode(x) }
        }
        var keyed = top.nestedContainer(keyedBy: K.self)
        try keyed.encode(99, forKey: .v)
        try note.encode(to: top.superEncoder())
    }
}

final class UnkeyedNestingTests: XCTestCase {
    func testUnkeyedNestedContainersAndSuper() throws {
        try assertRoundTrip(Matrix(rows: [[1, 2], [], [3]], note: Inner(value: 4, label: "n")))
        let bytes = try BinaryEncoder().encode(Matrix(rows: [[7]], note: Inner(value: 1, label: nil)))
        // count, [7], {v: 99}, {value: 1}
        XCTAssertEqual(bytes, [0x0C, 0x17,
                               0x03, 0x02,
                               0x0C, 0x02, 0x03, 0x0E,
                               0x0B, 0x05, 0x01, 0x76, 0x03, 0xC6, 0x01,
                               0x0B, 0x08, 0x05, 0x76, 0x61, 0x6C, 0x75, 0x65, 0x03, 0x02])
    }
}

import XCTest
import SamenCodec

/// An array of arrays of arrays…: decodes nested unkeyed containers to any depth the decoder allows.
private struct Nest: Decodable {
    var items: [Nest]
    init(from decoder: any Decoder) throws {
        items = try decoder.singleValueContainer().decode([Nest].self)
    }
}

private struct PersonWithNest: Decodable {
    var name: String
    var age: Int
    var extra: Nest
}

/// The depth limit (docs/PROTOCOL.md §11.6) guards the decoder's recursion, so it applies to the containers the
/// decoder opens; a value it skips (an unknown field) is stepped over by its length without being looked into.
final class SkippedValueTests: XCTestCase {
    /// `levels` unkeyed containers, each holding the next; the innermost is empty. Built from the sizes inward,
    /// so that 100,000 levels cost linear time.
    private func nestedArrays(levels: Int) -> [UInt8] {
        func varint(_ n: Int) -> [UInt8] {
            var v = UInt64(n)
            var out: [UInt8] = []
            while v >= 0x80 { out.append(UInt8(truncatingIfNeeded: v) | 0x80); v >>= 7 }
            out.append(UInt8(v))
            return out
        }
        var bodySizes = [Int](repeating: 0, count: levels)  // bodySizes[i]: body length of container i (0 = outermost)
        for level in stride(from: levels - 2, through: 0, by: -1) {
            bodySizes[level] = 1 + varint(bodySizes[level + 1]).count + bodySizes[level + 1]
        }
        var bytes: [UInt8] = []
        for size in bodySizes { bytes.append(0x0C); bytes += varint(size) }
        return bytes
    }

    /// `PersonV1(name: "Ann", age: 7)` with one more entry, `key: value`, after its fields.
    private func personWith(_ key: String, _ value: [UInt8]) throws -> [UInt8] {
        let person = try BinaryEncoder().encode(PersonV1(name: "Ann", age: 7))
        XCTAssertEqual(person[0], 0x0B)
        XCTAssertLessThan(person[1], 0x80, "a one-byte body length")
        var body = Array(person[2...])
        body.append(UInt8(key.utf8.count))
        body += Array(key.utf8)
        body += value
        var length = UInt64(body.count)
        var bytes: [UInt8] = [0x0B]
        while length >= 0x80 { bytes.append(UInt8(truncatingIfNeeded: length) | 0x80); length >>= 7 }
        bytes.append(UInt8(length))
        return bytes + body
    }

    func testUnknownFieldNestedFarBeyondTheLimitIsSkipped() throws {
        let bytes = try personWith("extra", nestedArrays(levels: 100_000))
        XCTAssertGreaterThan(bytes.count, 200_000)
        XCTAssertEqual(try BinaryDecoder().decode(PersonV1.self, from: bytes), PersonV1(name: "Ann", age: 7))
    }

    func testKnownFieldNestedBeyondTheLimitIsRefused() throws {
        let bytes = try personWith("extra", nestedArrays(levels: 100_000))
        let error = codecError { try BinaryDecoder().decode(PersonWithNest.self, from: bytes) }
        XCTAssertEqual(error?.kind, .limitExceeded)
        XCTAssertTrue(error?.codingPath.hasPrefix("extra[0][0]") ?? false, error?.codingPath ?? "")
        // Within the limit the same field decodes: the person is level 1, so 63 more levels fit the default 64.
        let shallow = try personWith("extra", nestedArrays(levels: 63))
        XCTAssertNoThrow(try BinaryDecoder().decode(PersonWithNest.self, from: shallow))
        let tooDeep = try personWith("extra", nestedArrays(levels: 64))
        XCTAssertEqual(codecError { try BinaryDecoder().decode(PersonWithNest.self, from: tooDeep) }?.kind, .limitExceeded)
    }

    func testInsideOfASkippedValueIsNotInspected() throws {
        // An unknown container whose body is a reserved tag: refused where it is decoded, stepped over where skipped.
        let junk: [UInt8] = [0x0C, 0x02, 0x0D, 0xFF]
        XCTAssertEqual(try BinaryDecoder().decode(PersonV1.self, from: personWith("extra", junk)), PersonV1(name: "Ann", age: 7))
        XCTAssertEqual(codecError { try BinaryDecoder().decode([Int].self, from: junk) }?.kind, .malformed)
        // The skipped value's length still has to fit its container: that is checked.
        let overrun: [UInt8] = [0x0C, 0x7F]
        XCTAssertEqual(codecError { try BinaryDecoder().decode(PersonV1.self, from: self.personWith("extra", overrun)) }?.kind,
                       .truncated)
    }
}

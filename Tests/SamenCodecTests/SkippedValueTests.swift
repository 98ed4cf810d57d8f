import SamenCodec
import XCTest

/// docs/PROTOCOL.md §11.6: the depth limit counts the containers the decoder opens (64 decode, 65 do not), and a
/// value it skips is not looked inside, however deep or odd its contents.
final class SkippedValueTests: XCTestCase {
    private struct Node: Codable { var children: [Node] }
    private struct Known: Codable, Equatable { var name: String }

    /// `levels` Nodes, each inside the previous one's `children`: 2 containers per level.
    private func nested(_ levels: Int) -> Node {
        (1..<levels).reduce(Node(children: [])) { inner, _ in Node(children: [inner]) }
    }

    private func varint(_ value: Int) -> [UInt8] {
        var value = UInt64(value)
        var out: [UInt8] = []
        while value >= 0x80 {
            out.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        return out + [UInt8(value)]
    }

    /// A keyed container with `name` = "kept" and, first, an unknown key `extra` whose value is `extra`.
    private func message(withUnknown extra: [UInt8]) -> [UInt8] {
        let body: [UInt8] = [0x05] + Array("extra".utf8) + extra + [0x04] + Array("name".utf8) + [0x07, 0x04] + Array("kept".utf8)
        return [0x0B] + varint(body.count) + body
    }

    func testSixtyFourContainersDecodeAndSixtyFiveDoNot() throws {
        let decoder = BinaryDecoder()
        XCTAssertEqual(DecodingLimits.default.maximumDepth, 64)
        XCTAssertNoThrow(try decoder.decode(Node.self, from: BinaryEncoder().encode(nested(32))))
        XCTAssertThrowsError(try decoder.decode([Node].self, from: BinaryEncoder().encode([nested(32)]))) { error in
            XCTAssertEqual((error as? CodecError)?.kind, .limitExceeded, "\(error)")
        }
    }

    func testDeepValueUnderAnUnknownKeyIsSkipped() throws {
        // 100,000 nested empty arrays, built inside out: far beyond the depth limit, but never opened.
        var headers: [[UInt8]] = []
        var size = 2
        for _ in 0..<100_000 {
            headers.append([0x0C] + varint(size))
            size += headers[headers.count - 1].count
        }
        var deep: [UInt8] = []
        deep.reserveCapacity(size)
        for header in headers.reversed() { deep += header }
        deep += [0x0C, 0x00]
        XCTAssertEqual(deep.count, size)
        XCTAssertEqual(try BinaryDecoder().decode(Known.self, from: message(withUnknown: deep)), Known(name: "kept"))
    }

    func testContentsOfASkippedValueAreNotChecked() throws {
        // A container holding invalid UTF-8 and a reserved tag: only its tag and length are read.
        let odd: [UInt8] = [0x0C, 0x05, 0x07, 0x02, 0xC3, 0x28, 0xEE]
        XCTAssertEqual(try BinaryDecoder().decode(Known.self, from: message(withUnknown: odd)), Known(name: "kept"))
        // The same value where a field is expected is opened, and refused.
        XCTAssertThrowsError(try BinaryDecoder().decode([String].self, from: odd))
        // The skipped value's length must still fit its container.
        let overrun: [UInt8] = [0x0C, 0x7F, 0x00]
        XCTAssertThrowsError(try BinaryDecoder().decode(Known.self, from: message(withUnknown: overrun)))
    }
}

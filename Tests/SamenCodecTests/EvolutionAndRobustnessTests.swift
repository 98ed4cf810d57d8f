import Foundation
import XCTest
import SamenCodec

// MARK: Deterministic generator

struct SplitMix64 {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func int(_ range: ClosedRange<Int>) -> Int {
        let span = UInt64(range.upperBound - range.lowerBound) + 1
        return range.lowerBound + Int(next() % span)
    }
    mutating func bool() -> Bool { next() & 1 == 1 }
    mutating func string() -> String {
        let alphabet: [String] = ["a", "b", "z", "0", " ", "é", "ß", "–", "🇧🇪", "中", "\u{0}", "\""]
        let n = int(0...(bool() ? 5 : 200))
        return (0..<n).map { _ in alphabet[int(0...alphabet.count - 1)] }.joined()
    }
}

struct RandomLeaf: Codable, Equatable {
    var text: String
    var number: Int64
    var flag: Bool?
    var bytes: Data?
}

struct RandomTree: Codable, Equatable {
    var id: UUID
    var label: String?
    var value: Double
    var small: Int8
    var big: UInt64?
    var when: Date?
    var color: Color?
    var shape: Shape?
    var leaves: [RandomLeaf]
    var children: [RandomTree]
    var map: [String: Int]?
    var optionals: [Int?]
}

extension SplitMix64 {
    mutating func leaf() -> RandomLeaf {
        RandomLeaf(text: string(), number: Int64(bitPattern: next()),
                   flag: bool() ? bool() : nil,
                   bytes: bool() ? Data((0..<int(0...300)).map { _ in UInt8(truncatingIfNeeded: next()) }) : nil)
    }

    mutating func tree(depth: Int) -> RandomTree {
        var value = Double(bitPattern: next())
        if value.isNaN { value = 0 }
        let shapes: [Shape] = [.point, .circle(radius: 1.5), .rect(width: int(-9...9), height: 2), .named(string(), tags: [string()])]
        return RandomTree(
            id: UUID(),
            label: bool() ? string() : nil,
            value: value,
            small: Int8(truncatingIfNeeded: next()),
            big: bool() ? next() >> UInt64(int(0...63)) : nil,
            // multiples of 1/1024 s are exact in both reference frames
            when: bool() ? Date(timeIntervalSince1970: Double(int(-2_000_000_000...4_000_000_000)) + Double(int(0...1023)) / 1024) : nil,
            color: bool() ? [Color.red, .green, .blue][int(0...2)] : nil,
            shape: bool() ? shapes[int(0...3)] : nil,
            leaves: (0..<int(0...4)).map { _ in leaf() },
            children: depth > 0 ? (0..<int(0...3)).map { _ in tree(depth: depth - 1) } : [],
            map: bool() ? Dictionary(uniqueKeysWithValues: (0..<int(0...5)).map { i in ("k\(i)" + string(), int(-1000...1000)) }) : nil,
            optionals: (0..<int(0...6)).map { _ in bool() ? Int(truncatingIfNeeded: next()) : nil })
    }
}

// MARK: Evolution fixtures

struct PersonV1: Codable, Equatable { var name: String; var age: Int }
struct AddressV2: Codable, Equatable { var street: String; var city: String }
struct PersonV2: Codable, Equatable {
    var name: String
    var age: Int
    var email: String?
    var address: AddressV2?
    var tags: [String]?
    var scores: [String: Int]?
    var history: [Inner]?
    var ratio: Double?
}
struct UnknownFirst: Codable { var extraA: Outer; var extraB: [String: [Int]]; var extraC: Data; var name: String; var age: Int }
struct UnknownMiddle: Codable { var name: String; var extra: [Inner]; var extra2: UUID; var extra3: Shape; var age: Int }
struct UnknownLast: Codable {
    var name: String; var age: Int
    var extra: Outer; var extra2: String; var extra3: Double; var extra4: Date; var extra5: [Int: String]; var extra6: Bool
}
struct ExplicitNil: Encodable {
    enum CodingKeys: String, CodingKey { case name, age, email }
    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeNil(forKey: .email)
        try c.encode(30, forKey: .age)
        try c.encode("Reordered", forKey: .name)
    }
}

struct Node: Codable { var children: [Node] }

struct Team: Codable { var name: String; var members: [Member] }
struct Member: Codable { var name: String; var age: Int }
struct Wrapper2: Codable { var person: Person }

func codecError(_ body: () throws -> Any, file: StaticString = #filePath, line: UInt = #line) -> CodecError? {
    do {
        _ = try body()
        XCTFail("expected an error", file: file, line: line)
        return nil
    } catch let e as CodecError {
        return e
    } catch {
        XCTFail("expected CodecError, got \(error)", file: file, line: line)
        return nil
    }
}

final class EvolutionTests: XCTestCase {
    let encoder = BinaryEncoder()
    let decoder = BinaryDecoder()

    func testOldToNew() throws {
        let v1 = PersonV1(name: "Amina", age: 34)
        let v2 = try decoder.decode(PersonV2.self, from: encoder.encode(v1))
        XCTAssertEqual(v2, PersonV2(name: "Amina", age: 34))
        let nilEmail = try decoder.decode(PersonV2.self, from: encoder.encode(ExplicitNil()))
        XCTAssertEqual(nilEmail.name, "Reordered")
        XCTAssertEqual(nilEmail.age, 30)
        XCTAssertNil(nilEmail.email)
    }

    func testNewToOld() throws {
        let full = PersonV2(name: "Jan", age: 70, email: "jan@example.be",
                            address: AddressV2(street: "Kerkstraat 1", city: "Gent"),
                            tags: ["a", "b"], scores: ["x": 1, "y": -2],
                            history: [Inner(value: 1, label: "l")], ratio: 0.5)
        XCTAssertEqual(try decoder.decode(PersonV1.self, from: encoder.encode(full)), PersonV1(name: "Jan", age: 70))
        XCTAssertEqual(try decoder.decode(PersonV2.self, from: encoder.encode(full)), full)

        let outer = Outer(middle: Middle(inner: Inner(value: 5, label: nil), list: [Inner(value: 6, label: "six")]), flag: false)
        let first = UnknownFirst(extraA: outer, extraB: ["k": [1, 2, 3]], extraC: Data([9, 9]), name: "F", age: 1)
        XCTAssertEqual(try decoder.decode(PersonV1.self, from: encoder.encode(first)), PersonV1(name: "F", age: 1))
        let middle = UnknownMiddle(name: "M", extra: [Inner(value: 1, label: nil)], extra2: UUID(),
                                   extra3: .named("n", tags: []), age: 2)
        XCTAssertEqual(try decoder.decode(PersonV1.self, from: encoder.encode(middle)), PersonV1(name: "M", age: 2))
        let last = UnknownLast(name: "L", age: 3, extra: outer, extra2: String(repeating: "long ", count: 100),
                               extra3: -1, extra4: Date(timeIntervalSince1970: 5), extra5: [1: "a"], extra6: true)
        XCTAssertEqual(try decoder.decode(PersonV1.self, from: encoder.encode(last)), PersonV1(name: "L", age: 3))
        // And into V2: the unknown ones are skipped, known optional ones absent.
        XCTAssertEqual(try decoder.decode(PersonV2.self, from: encoder.encode(last)), PersonV2(name: "L", age: 3))
    }

    func testMissingRequiredKey() throws {
        let bytes = try encoder.encode(["name": "x"])
        let e = codecError { try self.decoder.decode(PersonV1.self, from: bytes) }
        XCTAssertEqual(e?.kind, .keyNotFound)
        XCTAssertEqual(e?.codingPath, "age")
    }

    func testRandomRecordsRoundTrip() throws {
        var rng = SplitMix64(state: 20_240_601)
        var totalBytes = 0
        for i in 0..<2_000 {
            let record = rng.tree(depth: i % 4)
            let bytes = try encoder.encode(record)
            totalBytes += bytes.count
            let decoded = try decoder.decode(RandomTree.self, from: bytes)
            XCTAssertEqual(decoded, record, "record \(i)")
            if decoded != record { break }
        }
        XCTAssertGreaterThan(totalBytes, 100_000)
    }
}

final class RobustnessTests: XCTestCase {
    let encoder = BinaryEncoder()
    let decoder = BinaryDecoder()

    func samples() throws -> [([UInt8], (BinaryDecoder, [UInt8]) throws -> Any)] {
        let outer = Outer(middle: Middle(inner: Inner(value: 300, label: "x"),
                                         list: [Inner(value: -1, label: String(repeating: "y", count: 150))]), flag: true)
        return [
            (try encoder.encode(outer), { try $0.decode(Outer.self, from: $1) }),
            (try encoder.encode(Person(name: "Zoë", age: 40, nickname: "Z", languages: ["nl", "fr"])), { try $0.decode(Person.self, from: $1) }),
            (try encoder.encode([Shape.circle(radius: 1), .named("a", tags: ["b"])]), { try $0.decode([Shape].self, from: $1) }),
            (try encoder.encode(Derived(id: 1, point: (x: 1, y: 2), tags: ["t"])), { try $0.decode(Derived.self, from: $1) }),
            (try encoder.encode(["a": "b", "c": "d"]), { try $0.decode([String: String].self, from: $1) }),
            (try encoder.encode([1: [UUID()]]), { try $0.decode([Int: [UUID]].self, from: $1) }),
            (try encoder.encode(Data(repeating: 7, count: 200)), { try $0.decode(Data.self, from: $1) }),
            (try encoder.encode([1, nil, 3] as [Int?]), { try $0.decode([Int?].self, from: $1) }),
            (try encoder.encode(UInt64.max), { try $0.decode(UInt64.self, from: $1) }),
        ]
    }

    func testEveryStrictPrefixThrows() throws {
        for (bytes, decode) in try samples() {
            XCTAssertNoThrow(try decode(decoder, bytes))
            for n in 0..<bytes.count {
                let prefix = Array(bytes.prefix(n))
                let e = codecError { try decode(self.decoder, prefix) }
                XCTAssertNotNil(e, "prefix of length \(n) of \(bytes.count)")
            }
        }
    }

    func testRandomMutationsAndJunkNeverCrash() throws {
        var rng = SplitMix64(state: 7)
        let samples = try samples()
        var thrown = 0
        var decoded = 0
        for i in 0..<20_000 {
            let (original, decode) = samples[i % samples.count]
            var bytes = original
            bytes[rng.int(0...bytes.count - 1)] = UInt8(truncatingIfNeeded: rng.next())
            do {
                _ = try decode(decoder, bytes)
                decoded += 1
            } catch is CodecError {
                thrown += 1
            } catch {
                XCTFail("non-CodecError: \(error)")
            }
        }
        XCTAssertGreaterThan(thrown, 0)
        XCTAssertGreaterThan(decoded, 0)
        for i in 0..<5_000 {
            let junk = (0..<rng.int(0...64)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            let (_, decode) = samples[i % samples.count]
            do { _ = try decode(decoder, junk) } catch is CodecError {} catch { XCTFail("non-CodecError: \(error)") }
            do { _ = try decoder.decode(RandomTree.self, from: junk) } catch is CodecError {} catch { XCTFail("\(error)") }
        }
    }

    func testHugeLengthsAreRefusedWithoutAllocating() throws {
        var huge: [UInt8] = []
        var v: UInt64 = 1 << 60
        while v >= 0x80 { huge.append(UInt8(truncatingIfNeeded: v) | 0x80); v >>= 7 }
        huge.append(UInt8(v))
        let start = Date()
        for (tag, decode) in [(UInt8(0x07), { (b: [UInt8]) in try self.decoder.decode(String.self, from: b) as Any }),
                              (0x08, { try self.decoder.decode(Data.self, from: $0) }),
                              (0x0B, { try self.decoder.decode(PersonV1.self, from: $0) }),
                              (0x0C, { try self.decoder.decode([Int].self, from: $0) })] {
            let e = codecError { try decode([tag] + huge + [1, 2, 3]) }
            XCTAssertEqual(e?.kind, .truncated)
            XCTAssertTrue(e?.message.contains("1152921504606846976") ?? false, e?.message ?? "")
        }
        XCTAssertLessThan(Date().timeIntervalSince(start), 1)
    }

    func testDeepNestingThrowsLimitExceeded() throws {
        // Node { children: [Node { children: [ ... ] }] }, 100,000 levels, built inside out by sizes.
        let levels = 100_000
        let key: [UInt8] = [0x08] + Array("children".utf8)
        func varint(_ n: Int) -> [UInt8] {
            var v = UInt64(n); var out: [UInt8] = []
            while v >= 0x80 { out.append(UInt8(truncatingIfNeeded: v) | 0x80); v >>= 7 }
            out.append(UInt8(v)); return out
        }
        var nodeSizes = [Int](repeating: 0, count: levels + 1)
        nodeSizes[levels] = 2 // innermost: [0x0B, 0x00]
        var headers: [([UInt8], [UInt8])] = Array(repeating: ([], []), count: levels)
        for level in stride(from: levels - 1, through: 0, by: -1) {
            let array = [UInt8(0x0C)] + varint(nodeSizes[level + 1])
            let bodySize = key.count + array.count + nodeSizes[level + 1]
            let node = [UInt8(0x0B)] + varint(bodySize)
            headers[level] = (node, array)
            nodeSizes[level] = node.count + bodySize
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(nodeSizes[0])
        for (node, array) in headers { bytes += node; bytes += key; bytes += array }
        bytes += [0x0B, 0x00]
        XCTAssertEqual(bytes.count, nodeSizes[0])
        let e = codecError { try self.decoder.decode(Node.self, from: bytes) }
        XCTAssertEqual(e?.kind, .limitExceeded)
        XCTAssertTrue(e?.codingPath.hasPrefix("children[0].children[0]") ?? false)
        // A lower limit applies too; a shallow tree is fine.
        let small = try encoder.encode(Node(children: [Node(children: [Node(children: [])])]))
        XCTAssertNoThrow(try decoder.decode(Node.self, from: small))
        let limited = BinaryDecoder(limits: DecodingLimits(maximumDepth: 3))
        XCTAssertEqual(codecError { try limited.decode(Node.self, from: small) }?.kind, .limitExceeded)
        XCTAssertNoThrow(try BinaryDecoder(limits: DecodingLimits(maximumDepth: 6)).decode(Node.self, from: small))
    }

    func testTypeMismatch() throws {
        let e1 = codecError { try self.decoder.decode(Int.self, from: self.encoder.encode("42")) }
        XCTAssertEqual(e1?.kind, .typeMismatch)
        XCTAssertTrue(e1?.message.contains("found String") ?? false, e1?.message ?? "")
        let e2 = codecError { try self.decoder.decode(PersonV1.self, from: self.encoder.encode([1, 2])) }
        XCTAssertEqual(e2?.kind, .typeMismatch)
        XCTAssertTrue(e2?.message.contains("expected keyed container, found unkeyed container") ?? false, e2?.message ?? "")
        XCTAssertEqual(codecError { try self.decoder.decode(Double.self, from: self.encoder.encode(1)) }?.kind, .typeMismatch)
        XCTAssertEqual(codecError { try self.decoder.decode(Bool.self, from: [0x00]) }?.kind, .typeMismatch)
        XCTAssertEqual(codecError { try self.decoder.decode(Date.self, from: self.encoder.encode(1.0)) }?.kind, .typeMismatch)
        XCTAssertEqual(codecError { try self.decoder.decode(Color.self, from: self.encoder.encode("purple")) }?.kind, .invalidValue)
        // Cross-width numeric decoding that is allowed.
        XCTAssertEqual(try decoder.decode(Int.self, from: encoder.encode(UInt8(5))), 5)
        XCTAssertEqual(try decoder.decode(UInt8.self, from: encoder.encode(5)), 5)
        XCTAssertEqual(try decoder.decode(Double.self, from: encoder.encode(Float(1.5))), 1.5)
        XCTAssertEqual(try decoder.decode(Float.self, from: encoder.encode(2.25)), 2.25)
    }

    func testValueOutOfRange() throws {
        let e = codecError { try self.decoder.decode(Int8.self, from: self.encoder.encode(300)) }
        XCTAssertEqual(e?.kind, .valueOutOfRange)
        XCTAssertEqual(codecError { try self.decoder.decode(UInt.self, from: self.encoder.encode(-1)) }?.kind, .valueOutOfRange)
        XCTAssertEqual(codecError { try self.decoder.decode(Int64.self, from: self.encoder.encode(UInt64.max)) }?.kind, .valueOutOfRange)
        XCTAssertEqual(codecError { try self.decoder.decode(Float.self, from: self.encoder.encode(1e300)) }?.kind, .valueOutOfRange)
        struct Small: Codable { var v: Int8 }
        let e2 = codecError { try self.decoder.decode(Small.self, from: self.encoder.encode(["v": 128])) }
        XCTAssertEqual(e2?.kind, .valueOutOfRange)
        XCTAssertEqual(e2?.codingPath, "v")
    }

    func testMalformed() throws {
        XCTAssertEqual(codecError { try self.decoder.decode(String.self, from: [0x07, 0x02, 0xC3, 0x28]) }?.kind, .malformed)
        XCTAssertEqual(codecError { try self.decoder.decode(String.self, from: [0x07, 0x01, 0xFF]) }?.kind, .malformed)
        XCTAssertEqual(codecError { try self.decoder.decode(Int.self, from: [0x0D]) }?.kind, .malformed)
        XCTAssertEqual(codecError { try self.decoder.decode(Int.self, from: [0x03, 0x02, 0x00]) }?.kind, .malformed) // trailing
        let overlong: [UInt8] = [0x04] + [UInt8](repeating: 0xFF, count: 10) + [0x01]
        XCTAssertEqual(codecError { try self.decoder.decode(UInt64.self, from: overlong) }?.kind, .malformed)
        let overflow: [UInt8] = [0x04] + [UInt8](repeating: 0xFF, count: 9) + [0x02]
        XCTAssertEqual(codecError { try self.decoder.decode(UInt64.self, from: overflow) }?.kind, .malformed)
        let max: [UInt8] = [0x04] + [UInt8](repeating: 0xFF, count: 9) + [0x01]
        XCTAssertEqual(try decoder.decode(UInt64.self, from: max), UInt64.max)
        // A keyed body whose last key has no value.
        XCTAssertEqual(codecError { try self.decoder.decode(PersonV1.self, from: [0x0B, 0x02, 0x01, 0x61]) }?.kind, .malformed)
        XCTAssertEqual(codecError { try self.decoder.decode(Int.self, from: []) }?.kind, .truncated)
    }

    func testErrorPathsAreReported() throws {
        // person.languages[2] is an Int where a String belongs ([String] fast path).
        struct LooseWrapper: Encodable { var person: LoosePerson }
        struct LoosePerson: Encodable { var name: String; var age: Int; var languages: [AnyEncodable] }
        struct AnyEncodable: Encodable {
            let encodeBody: (Encoder) throws -> Void
            func encode(to encoder: Encoder) throws { try encodeBody(encoder) }
        }
        func string(_ s: String) -> AnyEncodable { AnyEncodable { var c = $0.singleValueContainer(); try c.encode(s) } }
        let bad = LooseWrapper(person: LoosePerson(name: "A", age: 1, languages: [
            string("nl"), string("fr"), AnyEncodable { var c = $0.singleValueContainer(); try c.encode(7) }]))
        let e = codecError { try self.decoder.decode(Wrapper2.self, from: self.encoder.encode(bad)) }
        XCTAssertEqual(e?.kind, .typeMismatch)
        XCTAssertEqual(e?.codingPath, "person.languages[2]")
        XCTAssertTrue(e?.description.contains("person.languages[2]") ?? false)

        // Generic path: members[1].age holds a String.
        struct LooseTeam: Encodable { var name: String; var members: [[String: String]] }
        let team = LooseTeam(name: "t", members: [["name": "a", "age": "x"], ["name": "b", "age": "old"]])
        let bytes = try encoder.encode(team)
        let e2 = codecError { try self.decoder.decode(Team.self, from: bytes) }
        XCTAssertEqual(e2?.kind, .typeMismatch)
        XCTAssertEqual(e2?.codingPath, "members[0].age")

        let e3 = codecError { try self.decoder.decode(Team.self, from: self.encoder.encode(["name": "t"])) }
        XCTAssertEqual(e3?.kind, .keyNotFound)
        XCTAssertEqual(e3?.codingPath, "members")

        let e4 = codecError { try self.decoder.decode([Color].self, from: self.encoder.encode(["red", "mauve"])) }
        XCTAssertEqual(e4?.kind, .invalidValue)
        XCTAssertEqual(e4?.codingPath, "[1]")
    }

    func testATypesOwnErrorGetsThePathOfTheValueItRefused() throws {
        // Found by fuzz-codec: an Endpoint refusing its text was reported "at top level", not at the field.
        struct PortOutOfRange: Error, CustomStringConvertible { var description: String { "port out of range" } }
        struct Port: Codable {
            var number: Int
            init(number: Int) { self.number = number }
            init(from decoder: Decoder) throws {
                number = try decoder.singleValueContainer().decode(Int.self)
                guard (0...65535).contains(number) else { throw PortOutOfRange() }
            }
            func encode(to encoder: Encoder) throws {
                var c = encoder.singleValueContainer()
                try c.encode(number)
            }
        }
        struct Listener: Codable { var name: String; var ports: [Port] }
        let bytes = try encoder.encode(Listener(name: "l", ports: [Port(number: 80), Port(number: 70_000)]))
        let e = codecError { try self.decoder.decode(Listener.self, from: bytes) }
        XCTAssertEqual(e?.kind, .invalidValue)
        XCTAssertEqual(e?.codingPath, "ports[1]")
        XCTAssertEqual(e?.message, "port out of range")
        // At the top level the path is empty, as for every other error there.
        let top = codecError { try self.decoder.decode(Port.self, from: self.encoder.encode(-1)) }
        XCTAssertEqual(top?.kind, .invalidValue)
        XCTAssertEqual(top?.codingPath, "")
    }
}

// MARK: Concurrency and re-entrancy (the decoder keeps per-thread reusable state)

struct Envelope: Codable, Equatable {
    var header: String
    var payload: Person
    init(header: String, payload: Person) { self.header = header; self.payload = payload }
    enum CodingKeys: String, CodingKey { case header, blob }
    init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        header = try c.decode(String.self, forKey: .header)
        // A nested decode call from inside init(from:).
        payload = try BinaryDecoder().decode(Person.self, from: [UInt8](c.decode(Data.self, forKey: .blob)))
        XCTAssertEqual(try c.decode(String.self, forKey: .header), header, "outer state intact after the inner call")
    }
    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(header, forKey: .header)
        try c.encode(Data(BinaryEncoder().encode(payload)), forKey: .blob)
    }
}

final class ConcurrencyTests: XCTestCase {
    func testReentrantDecode() throws {
        let value = Envelope(header: "h", payload: Person(name: "Zoë", age: 3, nickname: nil, languages: ["nl"]))
        for _ in 0..<3 { try assertRoundTrip(value) }
    }

    func testConcurrentDecodes() throws {
        let records = (0..<8).map { i in
            Outer(middle: Middle(inner: Inner(value: i, label: "\(i)"), list: (0..<i).map { Inner(value: $0, label: nil) }),
                  flag: i % 2 == 0)
        }
        let encoded = try records.map { try BinaryEncoder().encode($0) }
        let failures = LockedCounter()
        DispatchQueue.concurrentPerform(iterations: 8) { worker in
            for n in 0..<2_000 {
                let i = (worker + n) % records.count
                let decoded = try? BinaryDecoder().decode(Outer.self, from: encoded[i])
                if decoded != records[i] { failures.increment() }
                if n % 500 == 0, (try? BinaryDecoder().decode(Outer.self, from: Array(encoded[i].dropLast()))) != nil {
                    failures.increment()
                }
            }
        }
        XCTAssertEqual(failures.value, 0)
    }
}

final class LockedCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func increment() { lock.lock(); count += 1; lock.unlock() }
    var value: Int { lock.lock(); defer { lock.unlock() }; return count }
}

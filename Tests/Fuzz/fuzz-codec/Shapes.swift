import Foundation

// Codable shapes the registry contracts do not have: every scalar, optionals, nested and recursive values,
// arrays of optionals, dictionaries of each key kind, sets, enums of each kind, and hand-written coding.

enum Color: String, Codable { case red, green, blue }
enum Level: Int, Codable { case low = 1, high = 1_000 }
enum Shape: Codable {
    case point
    case circle(radius: Double)
    case named(String, tags: [String])
}

struct Inner: Codable {
    var value: Int
    var label: String?
}

struct Shapes: Codable {
    var int8: Int8
    var uint64: UInt64
    var int: Int?
    var float: Float
    var double: Double
    var flag: Bool?
    var when: Date
    var id: UUID
    var blob: Data?
    var text: String
    var color: Color?
    var level: Level
    var shape: Shape
    var optionals: [Int?]
    var matrix: [[Int16]]
    var byName: [String: [Int?]]
    var byNumber: [Int: String]
    var byID: [UUID: String]
    var tags: Set<String>
    var nested: Inner?
    var strings: [String]
    var pairs: [String: String]
}

/// Recursive through arrays and optionals.
indirect enum Node: Codable {
    case leaf(Int64)
    case branch(name: String, children: [Node])
    case link(Node?)
}

/// Written by hand with nested containers and a super encoder, like a class hierarchy would be.
struct Handwritten: Codable {
    var x: Int32
    var y: UInt16
    var tags: [String]
    var base: Inner

    enum Keys: String, CodingKey { case position, tags }
    enum PositionKeys: String, CodingKey { case x, y }

    init(x: Int32, y: UInt16, tags: [String], base: Inner) {
        self.x = x
        self.y = y
        self.tags = tags
        self.base = base
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        let position = try container.nestedContainer(keyedBy: PositionKeys.self, forKey: .position)
        x = try position.decode(Int32.self, forKey: .x)
        y = try position.decode(UInt16.self, forKey: .y)
        var list = try container.nestedUnkeyedContainer(forKey: .tags)
        var tags: [String] = []
        while !list.isAtEnd { tags.append(try list.decode(String.self)) }
        self.tags = tags
        base = try Inner(from: container.superDecoder())
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        var position = container.nestedContainer(keyedBy: PositionKeys.self, forKey: .position)
        try position.encode(x, forKey: .x)
        try position.encode(y, forKey: .y)
        var list = container.nestedUnkeyedContainer(forKey: .tags)
        for tag in tags { try list.encode(tag) }
        try base.encode(to: container.superEncoder())
    }
}

import Foundation
import SamenCodec
import SamenContracts
import SamenRPC

/// Real messages of each type from the real encoder, plus a few near-misses the decoder must refuse.
func codecSeeds() throws -> [(name: String, bytes: [UInt8])] {
    var seeds: [(name: String, bytes: [UInt8])] = []
    func add<T: Codable>(_ name: String, _ value: T, depthByte: UInt8 = 0xFF) throws {
        guard let selector = codecTypes.firstIndex(where: { ObjectIdentifier($0) == ObjectIdentifier(T.self) }) else {
            fatalError("\(T.self) is not in codecTypes")
        }
        seeds.append((name, [UInt8(selector), depthByte] + (try BinaryEncoder().encode(value))))
    }
    let when = Date(timeIntervalSince1970: 1_790_000_000.5)
    let instance = ServiceInstance(service: "intake", region: "gent", instance: "intake-1",
                                   address: Endpoint(host: "::1", port: 7100), version: "1.4.0",
                                   metadata: ["zone": "a", "build": "42"], health: .critical, ttlSeconds: 15,
                                   registeredAt: when, lastHeartbeatAt: when.addingTimeInterval(3))
    try add("register", RegisterRequest(service: "intake", region: "gent", instance: "intake-1",
                                        address: Endpoint(host: "10.0.0.7", port: 7100), version: "1.4.0",
                                        metadata: ["zone": "a"], ttlSeconds: 15))
    try add("register-minimal", RegisterRequest(service: "a", region: "b", instance: "c",
                                                address: Endpoint(host: "intake.gent.internal", port: 1), version: ""))
    try add("register-response", RegisterResponse(ttlSeconds: 30))
    try add("heartbeat", HeartbeatRequest(service: "intake", region: "gent", instance: "intake-1"))
    try add("deregister", DeregisterRequest(service: "intake", region: "gent", instance: "intake-1"))
    try add("lookup", LookupRequest(service: "intake", region: "antwerpen"))
    try add("lookup-response", LookupResponse(instances: [instance, instance], stale: true))
    try add("catalog", CatalogRequest(region: nil, allRegions: true))
    try add("catalog-response", CatalogResponse(instances: [instance], unreachableRegions: ["brugge"]))
    try add("watch", WatchRequest(service: "intake"))
    try add("instance", instance)
    try add("echo", EchoMessage(data: Data([0, 1, 2, 0xFF])))
    let shapes = Shapes(
        int8: -128, uint64: UInt64.max, int: 300, float: 1.5, double: -0.0, flag: false, when: when,
        id: UUID(uuid: (0, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xAA, 0xBB, 0xCC, 0xDD, 0xEE, 0xFF)),
        blob: Data([9, 8, 7]), text: "hé 🇧🇪", color: .blue, level: .high, shape: .named("x", tags: ["a", "b"]),
        optionals: [1, nil, -3], matrix: [[1, 2], [], [Int16.min]], byName: ["k": [nil, 5]], byNumber: [-5: "minus", 7: "seven"],
        byID: [UUID(uuid: (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16)): "one"], tags: ["x", "y"],
        nested: Inner(value: 42, label: nil), strings: ["a", "", "ü"], pairs: ["from": "gent", "to": "brugge"])
    try add("shapes", shapes)
    var sparse = shapes
    (sparse.int, sparse.flag, sparse.blob, sparse.color, sparse.nested) = (nil, nil, nil, nil, nil)
    (sparse.double, sparse.shape) = (Double.nan, .point)
    try add("shapes-sparse", sparse)
    let tree = Node.branch(name: "root", children: [.leaf(1), .link(.link(nil)), .branch(name: "b", children: [.leaf(-9)])])
    try add("tree", tree)
    try add("tree-depth-limit-3", tree, depthByte: 3)
    try add("handwritten", Handwritten(x: -7, y: 65535, tags: ["t"], base: Inner(value: 1, label: "base")))
    try add("strings", ["a", "bc", ""])
    try add("string-pairs", ["a": "1", "b": "2"])
    try add("optional-ints", [1, nil, Int.min])
    try add("int64", Int64.min)
    try add("optional-string", String?.some("x"))

    // Near-misses: an unknown field (skipped), a reserved tag, a length past the end, and trailing bytes.
    var unknownField = try BinaryEncoder().encode(WatchRequest(service: "intake"))
    let extra: [UInt8] = [0x05] + Array("extra".utf8) + [0x0C, 0x04, 0x0C, 0x02, 0x0C, 0x00]
    unknownField[1] += UInt8(extra.count)
    unknownField += extra
    let watch = UInt8(codecTypes.firstIndex { ObjectIdentifier($0) == ObjectIdentifier(WatchRequest.self) }!)
    seeds.append(("watch-unknown-field", [watch, 0xFF] + unknownField))
    seeds.append(("reserved-tag", [watch, 0xFF, 0x0D]))
    seeds.append(("length-past-end", [watch, 0xFF, 0x0B, 0x7F, 0x01]))
    seeds.append(("trailing-bytes", [watch, 0xFF] + (try BinaryEncoder().encode(WatchRequest(service: "x"))) + [0x00]))
    return seeds
}

import FuzzSupport
import SamenWire

/// Each sample head with a plain and a compressed payload, a compression bomb, and heads cut short.
func requestHeadSeeds() -> [(name: String, bytes: [UInt8])] {
    let plain: UInt8 = 0
    let compressed = FrameFlags.compressed.rawValue
    var seeds: [(name: String, bytes: [UInt8])] = []
    for (i, head) in WireSamples.requestHeads.enumerated() {
        seeds.append(("head-\(i)", [plain] + WireSamples.requestBody(head, payload: WireSamples.payloads[0])))
        seeds.append(("head-\(i)-compressed",
                      [compressed] + WireSamples.requestBody(head, payload: WireSamples.compressed(WireSamples.payloads[1]))))
        let whole = WireSamples.requestBody(head)
        seeds.append(("head-\(i)-cut", [plain] + whole.prefix(whole.count - 1)))
    }
    // Inflates to twice the limit: must stop at the limit with decompressedTooLarge.
    let bomb = WireSamples.compressed([UInt8](repeating: 0, count: 2 * messageLimit))
    seeds.append(("compression-bomb", [compressed] + WireSamples.requestBody(WireSamples.requestHeads[0], payload: bomb)))
    seeds.append(("not-zlib", [compressed] + WireSamples.requestBody(WireSamples.requestHeads[0], payload: [1, 2, 3, 4])))
    return seeds
}

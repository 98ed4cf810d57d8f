import FuzzSupport
import SamenWire

/// Each sample HELLO against each version list, and the HELLOs a server must refuse.
func helloSeeds() -> [(name: String, bytes: [UInt8])] {
    let valid = WireSamples.hellos.enumerated().flatMap { i, hello in
        supportedLists.indices.map { s in (name: "hello-\(i)-supported-\(s)", bytes: [UInt8(s)] + hello.encode()) }
    }
    let refused: [(name: String, bytes: [UInt8])] = [
        ("no-versions", [0] + Hello(versions: [], maximumFrameSize: 1 << 20, maximumConcurrentRequests: 1).encode()),
        ("no-common-version", [0] + Hello(versions: [7, 9], maximumFrameSize: 1 << 20, maximumConcurrentRequests: 1).encode()),
        ("frame-limit-too-small", [0] + Hello(maximumFrameSize: 1024, maximumConcurrentRequests: 1).encode()),
        ("no-concurrency", [0] + Hello(maximumFrameSize: 1 << 20, maximumConcurrentRequests: 0).encode()),
        ("trailing-bytes", [0] + WireSamples.hellos[0].encode() + [0xAA]),
        ("cut-short", [0] + WireSamples.hellos[1].encode().dropLast(3)),
    ]
    return valid + refused
}

import Synchronization

/// Makes request ids: 16 hex digits, a random prefix per generator and a counter, so that ids are unique across
/// processes in practice and cost no system call per call (the random source is read once).
public final class RequestIDGenerator: Sendable {
    private let prefix: UInt32
    private let counter = Atomic<UInt32>(0)

    public init() {
        var random = SystemRandomNumberGenerator()
        prefix = random.next()
        counter.store(random.next(), ordering: .relaxed)
    }

    public func next() -> String {
        let value = UInt64(prefix) << 32 | UInt64(counter.add(1, ordering: .relaxed).newValue)
        return String(unsafeUninitializedCapacity: 16) { buffer in
            let digits: StaticString = "0123456789abcdef"
            for index in 0..<16 {
                let nibble = Int((value >> UInt64(60 - 4 * index)) & 0xF)
                buffer[index] = digits.utf8Start[nibble]
            }
            return 16
        }
    }
}

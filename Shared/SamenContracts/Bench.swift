import Foundation
import SamenRPC

/// The benchmark's echo service: the server returns the request's bytes unchanged.
public enum BenchAPI {
    public static let echo = UnaryMethod<EchoMessage, EchoMessage>(
        "samen.bench/echo", "Returns the request's bytes unchanged (samen-bench's server only).",
        policy: .anyServiceInSameRegion)
}

/// A payload of raw bytes, for measuring the runtime rather than the codec.
public struct EchoMessage: Codable, Sendable, Equatable {
    public var data: Data
    public init(data: Data) { self.data = data }
}

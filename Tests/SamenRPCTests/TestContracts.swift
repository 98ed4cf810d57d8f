import SamenRPC

/// Methods used only by the runtime's tests.
enum TestAPI {
    static let echo = UnaryMethod<TestMessage, TestMessage>("test.echo/echo")
    static let sleep = UnaryMethod<SleepRequest, TestMessage>("test.echo/sleep")
    static let waitForCancel = UnaryMethod<TestMessage, TestMessage>("test.echo/wait-for-cancel")
    static let fail = UnaryMethod<TestMessage, TestMessage>("test.echo/fail")
    static let restricted = UnaryMethod<TestMessage, TestMessage>("test.echo/restricted")
    static let count = ServerStreamingMethod<CountRequest, TestMessage>("test.echo/count")
    static let context = UnaryMethod<TestMessage, ContextEcho>("test.echo/context")
    /// Answers the staff member the call is made by or for (`CallContext.staff`).
    static let staff = UnaryMethod<TestMessage, StaffEcho>("test.echo/staff")
    /// Answers what `staff` of another server says, called from within the handler.
    static let relay = UnaryMethod<TestMessage, StaffEcho>("test.echo/relay")
    /// Streams `upTo` items of `size` random (incompressible) bytes each.
    static let bytes = ServerStreamingMethod<BytesRequest, TestMessage>("test.echo/bytes")
    /// Answers one message of `sizes[0]` random bytes.
    static let big = UnaryMethod<BytesRequest, TestMessage>("test.echo/big")
}

struct TestMessage: Codable, Sendable, Equatable {
    var text: String
    var bytes: [UInt8] = []
}

struct SleepRequest: Codable, Sendable {
    var milliseconds: Int
    var text: String
}

struct BytesRequest: Codable, Sendable {
    var sizes: [Int]
    /// Items of one repeated byte (they deflate well) instead of random bytes (they do not).
    var repeating = false
}

struct CountRequest: Codable, Sendable {
    var upTo: Int
}

struct ContextEcho: Codable, Sendable, Equatable {
    var peer: String
    var requestID: String
    var idempotencyKey: String?
    var metadata: [String: String]
    var hasDeadline: Bool
}

/// What a handler saw of the staff member behind a call; all nil when there was none.
struct StaffEcho: Codable, Sendable, Equatable {
    var peer: String
    var user: String?
    var region: String?
    var roles: [String]?
}

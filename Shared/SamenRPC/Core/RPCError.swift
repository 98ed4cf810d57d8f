import SamenWire

/// A failed call: the status and message the caller sees, with optional machine-readable details.
///
/// Handlers throw it to choose the status; any other error a handler throws reaches the caller as `internal`
/// with a message that points at the server log (never the error's own text, which might hold personal data).
public struct RPCError: Error, CustomStringConvertible, Sendable, Equatable {
    public var status: StatusCode
    public var message: String
    public var details: [String: String]

    public init(_ status: StatusCode, _ message: String, details: [String: String] = [:]) {
        self.status = status
        self.message = message
        self.details = details
    }

    public var description: String { "\(status.name): \(message)" }

    /// The details key that marks a failure as certain to have happened before the server processed the call
    /// (connect failure, client backoff, GOAWAY above the last accepted stream, a draining server's refusal).
    /// Such calls are safe to retry elsewhere even without an idempotency key.
    public static let notProcessedKey = "samen.not_processed"

    /// An `unavailable` error for a call the server certainly did not process.
    public static func notProcessed(_ message: String) -> RPCError {
        RPCError(.unavailable, message, details: [notProcessedKey: "true"])
    }

    /// True when the call certainly never reached a handler (see `notProcessedKey`).
    public var wasNotProcessed: Bool { details[RPCError.notProcessedKey] == "true" }

    init(_ head: ResponseHead) {
        self.init(head.status, head.message, details: Dictionary(head.details, uniquingKeysWith: { first, _ in first }))
    }

    var responseHead: ResponseHead {
        ResponseHead(status: status, message: message, details: details.sorted { $0.key < $1.key })
    }
}

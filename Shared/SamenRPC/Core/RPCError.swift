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

    /// The head sent for this error. Details go within what every client reads (`ResponseHead.Limits`): the first
    /// keys in order that fit, values cut at a character boundary, so a handler's excess never costs the caller its status.
    var responseHead: ResponseHead {
        let limits = ResponseHead.Limits.self
        let fitting = details.filter { (1...limits.maximumDetailKeyBytes).contains($0.key.utf8.count) }
            .sorted { $0.key < $1.key }
            .prefix(limits.maximumDetails)
            .map { ($0.key, RPCError.prefix($0.value, bytes: limits.maximumDetailValueBytes)) }
        return ResponseHead(status: status, message: message, details: fitting)
    }

    /// The longest prefix of `text` of at most `bytes` UTF-8 bytes that ends at a character boundary.
    private static func prefix(_ text: String, bytes: Int) -> String {
        guard text.utf8.count > bytes else { return text }
        var result = ""
        var used = 0
        for character in text {
            let size = character.utf8.count
            guard used + size <= bytes else { break }
            result.append(character)
            used += size
        }
        return result
    }

    /// `invalid_argument` for a field that breaks its rule: the one form of a field error (`field 'insz' has ...`,
    /// `details["field"]`), which clients show and tests check.
    public static func invalidField(_ field: String, _ problem: String) -> RPCError {
        RPCError(.invalidArgument, "field '\(field)' \(problem)", details: ["field": field])
    }
}

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

    init(_ head: ResponseHead) {
        self.init(head.status, head.message, details: Dictionary(head.details, uniquingKeysWith: { first, _ in first }))
    }

    var responseHead: ResponseHead {
        ResponseHead(status: status, message: message, details: details.sorted { $0.key < $1.key })
    }
}

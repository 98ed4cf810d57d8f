/// The outcome of a call, carried in RESPONSE and STREAM_END frames.
///
/// The numeric values are gRPC's, so operators who know gRPC read them without a table; Samen uses only this
/// subset. A peer that receives a code outside the set treats it as `internal`.
public enum StatusCode: UInt8, Sendable, CaseIterable, CustomStringConvertible {
    case ok = 0
    case cancelled = 1
    case invalidArgument = 3
    case deadlineExceeded = 4
    case notFound = 5
    case alreadyExists = 6
    case permissionDenied = 7
    case resourceExhausted = 8
    case failedPrecondition = 9
    case aborted = 10
    case unimplemented = 12
    case `internal` = 13
    case unavailable = 14
    case unauthenticated = 16

    /// Decodes a status byte; unknown values become `internal` rather than failing the frame.
    public init(wireValue: UInt8) {
        self = StatusCode(rawValue: wireValue) ?? .internal
    }

    /// The lower-case, underscore-separated name used in logs and in samenctl's output.
    public var name: String {
        switch self {
        case .ok: "ok"
        case .cancelled: "cancelled"
        case .invalidArgument: "invalid_argument"
        case .deadlineExceeded: "deadline_exceeded"
        case .notFound: "not_found"
        case .alreadyExists: "already_exists"
        case .permissionDenied: "permission_denied"
        case .resourceExhausted: "resource_exhausted"
        case .failedPrecondition: "failed_precondition"
        case .aborted: "aborted"
        case .unimplemented: "unimplemented"
        case .internal: "internal"
        case .unavailable: "unavailable"
        case .unauthenticated: "unauthenticated"
        }
    }

    public var description: String { name }
}

import Foundation
import SamenCodec
import SamenRPC
import SamenStorage
import SamenTLS
import SamenWire

/// One write call's idempotency key, applied through `IdempotencyLedger`: a retry under the same key gets the
/// first outcome without a second effect, and another request under the same key is `failed_precondition`.
///
/// A service makes one from the call and runs its write inside its own write transaction, so the ledger entry
/// and the change commit together:
/// ```swift
/// let call = try IdempotentCall(method: context.method, request: request, caller: context.peer,
///                               key: context.idempotencyKey)
/// let (outcome, replayed) = try await database.write { connection in
///     try call.run(on: connection) { try applyTheWrite(connection) }
/// }
/// ```
/// The database must include `IdempotencyLedger.migration(version:)`. Entries are per caller identity, method and
/// key; "the same request" means the same decoded value (fingerprinted in a canonical JSON form with sorted keys,
/// so dictionary order and encoder details do not matter). The outcome recorded is whatever the body returns,
/// which may stand for an error the service throws afterwards (say, `not_found`); a body that throws records
/// nothing, since its transaction rolls back and the call changed nothing.
public struct IdempotentCall: Sendable {
    /// Longer keys are refused: a key is an identifier (a UUID is 36 characters), not a place for data. The same
    /// bound as the request head's, for writes that reach a service without passing through the wire.
    public static let maximumKeyLength = RequestHead.Limits.maximumIdempotencyKeyBytes

    public let method: String
    /// The caller's identity URI; nil key means the call has no idempotency and the body always runs.
    public let caller: String
    public let key: String?
    private let fingerprintInput: [UInt8]

    /// `invalid_argument` (field `idempotency_key`) for a key longer than `maximumKeyLength` bytes.
    public init<Request: Encodable>(method: String, request: Request, caller: ServiceIdentity, key: String?) throws(RPCError) {
        if let key, key.utf8.count > Self.maximumKeyLength {
            throw RPCError(.invalidArgument, "field 'idempotency_key' is longer than \(Self.maximumKeyLength) bytes",
                           details: ["field": "idempotency_key"])
        }
        self.method = method
        self.caller = caller.uri
        self.key = key.flatMap { $0.isEmpty ? nil : $0 }
        do {
            fingerprintInput = Array(try Self.canonical.encode(request))
        } catch {
            throw RPCError(.invalidArgument, "the request to \(method) cannot be fingerprinted: \(error)")
        }
    }

    /// Runs `body` once per key, inside the caller's write transaction on `connection`. Returns its outcome and
    /// whether it was replayed from an earlier call (then `body` did not run).
    public func run<Outcome: Codable & Sendable>(on connection: SQLiteConnection, at time: Date = Date(),
                                                  _ body: () throws -> Outcome) throws -> (outcome: Outcome, replayed: Bool) {
        guard let key else { return (try body(), false) }
        let ledger = IdempotencyLedger()
        do {
            if let earlier = try ledger.lookup(in: connection, key: key, caller: caller, method: method, request: fingerprintInput) {
                return (try Self.decodeOutcome(Outcome.self, from: earlier), true)
            }
            let outcome = try body()
            try ledger.record(in: connection, key: key, caller: caller, method: method, request: fingerprintInput,
                              response: try Self.encodeOutcome(outcome), at: time)
            return (outcome, false)
        } catch let error as StorageError where error.kind == .idempotencyConflict {
            throw RPCError(.failedPrecondition,
                           "the idempotency key was already used by this caller for \(method) with a different request; "
                               + "use a new key for a new request", details: ["field": "idempotency_key"])
        }
    }

    /// The outcome an earlier call under the same key recorded, or nil: for a write whose work outside the
    /// database (asking other services) must not run again on a retry. Same conflict rule as `run`.
    public func earlier<Outcome: Codable & Sendable>(_ type: Outcome.Type, on connection: SQLiteConnection) throws -> Outcome? {
        guard let key else { return nil }
        do {
            guard let earlier = try IdempotencyLedger().lookup(in: connection, key: key, caller: caller, method: method,
                                                                request: fingerprintInput) else { return nil }
            return try Self.decodeOutcome(Outcome.self, from: earlier)
        } catch let error as StorageError where error.kind == .idempotencyConflict {
            throw RPCError(.failedPrecondition,
                           "the idempotency key was already used by this caller for \(method) with a different request; "
                               + "use a new key for a new request", details: ["field": "idempotency_key"])
        }
    }

    /// Marks an outcome stored in the binary codec. Outcomes are stored in it (exact, and several times cheaper
    /// than JSON for a person's whole file); a stored outcome without the mark is JSON, as written before.
    private static let binaryMark: UInt8 = 0xB1

    private static func encodeOutcome<Outcome: Encodable>(_ outcome: Outcome) throws -> [UInt8] {
        var bytes: [UInt8] = [binaryMark]
        bytes += try BinaryEncoder().encode(outcome)
        return bytes
    }

    private static func decodeOutcome<Outcome: Decodable>(_ type: Outcome.Type, from stored: [UInt8]) throws -> Outcome {
        if stored.first == binaryMark { return try BinaryDecoder().decode(type, from: stored[1...]) }
        return try decoder.decode(type, from: Data(stored))
    }

    // The request's fingerprint stays canonical JSON: sorted keys make a dictionary's order not count.
    private static let canonical: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .secondsSince1970
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return encoder
    }()
    /// Reads outcomes stored as JSON before the binary codec: the same date and non-finite number conventions
    /// `canonical` has, so a retry gets the first outcome as it was.
    private static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return decoder
    }()
}

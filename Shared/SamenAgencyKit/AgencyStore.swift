import Foundation
import SamenHost
import SamenRPC
import SamenStorage

/// An agency service's SQLite file with the kit's rules applied to every access of a person's file:
/// - a **change** runs in one write transaction with its idempotency record and its audit rows, so a retried
///   write returns the first result and a change is never without its record;
/// - a **read** records each person it returned before the answer leaves, so no read goes unrecorded;
/// - a refused change of a known person is recorded with its status.
///
///     let outcome = try await store.change(context, request: request, person: id) { scope in
///         try FileVersion.check(stated: request.version, current: stored, file: "person \(id)")
///         ...; return updated
///     }
public final class AgencyStore: Sendable {
    public let database: Database
    public let audit: AuditTrail
    /// The service instance the store belongs to: the caller its own background changes are recorded under.
    public let identity: ServiceIdentity
    private let now: @Sendable () -> Date

    /// Opens (or creates) the file with the kit's migrations and the service's (numbered from
    /// `AgencySchema.firstServiceVersion`).
    public init(path: String, service: ServiceIdentity, migrations: [Migration], now: @escaping @Sendable () -> Date = Date.init) throws {
        database = try Database(path: path, migrations: AgencySchema.all(with: migrations))
        audit = AuditTrail(service: service.service, region: service.region)
        identity = service
        self.now = now
    }

    /// The current time as the store records it (tests inject a clock).
    public var currentTime: Date { now() }

    /// Runs a change of persons' files: idempotent under the call's key, audited in the same transaction.
    /// `person` is the file the request names, if any; the body adds the persons it created or changed to `scope`.
    public func change<Request: Encodable & Sendable, Outcome: Codable & Sendable>(
        _ context: CallContext, request: Request, person: String? = nil,
        _ body: @escaping @Sendable (inout AuditScope) throws -> Outcome) async throws -> Outcome {
        try await change(context, call: try idempotentCall(context, request: request), person: person, body)
    }

    /// The call's idempotency key applied to `request`: made once by a write that checks `replay(_:as:)` first and
    /// then changes under the same call, since it encodes and hashes the whole request.
    public func idempotentCall<Request: Encodable & Sendable>(_ context: CallContext, request: Request) throws(RPCError) -> IdempotentCall {
        try IdempotentCall(method: context.method, request: request, caller: context.peer, key: context.idempotencyKey)
    }

    /// `change(_:request:person:_:)` for a call already made by `idempotentCall(_:request:)`.
    public func change<Outcome: Codable & Sendable>(
        _ context: CallContext, call: IdempotentCall, person: String? = nil,
        _ body: @escaping @Sendable (inout AuditScope) throws -> Outcome) async throws -> Outcome {
        let audit = audit
        let time = now()
        do {
            return try await database.write { connection in
                var scope = AuditScope(connection: connection, at: time)
                if let person { scope.touched(person) }
                let (recorded, replayed) = try call.run(on: connection, at: time) {
                    let outcome = try body(&scope)
                    return LedgerEntry(outcome: outcome, persons: scope.persons)
                }
                // A replay changes nothing, but it does hand the files of the first call's persons out again.
                try audit.record(replayed ? scope.persons + recorded.persons : scope.persons, access: replayed ? .read : .change,
                                 outcome: scope.note.map { "ok; \($0)" } ?? "ok", context: context, at: time, on: connection)
                return recorded.outcome
            }
        } catch let error as RPCError {
            if let person { await recordRefused(error, person: person, context: context, at: time) }
            throw error
        }
    }

    /// Records a change of `person` refused with `error`: what `change` does for a refusal in its transaction, for
    /// a write that checks (or asks another service) before its transaction and is refused there.
    public func recordRefused(_ error: RPCError, person: String, context: CallContext, at time: Date? = nil) async {
        try? await record([person], access: .change, outcome: error.status.name, context: context, at: time)
    }

    /// The outcome of an earlier call under the call's idempotency key, if there was one: a write that asks other
    /// services before its transaction checks this first, so a retry answers the first result without asking again.
    /// Like a replay inside `change`, it records the first call's persons as read before answering.
    public func replay<Request: Encodable & Sendable, Outcome: Codable & Sendable>(
        _ context: CallContext, request: Request, as type: Outcome.Type) async throws -> Outcome? {
        guard context.idempotencyKey != nil else { return nil }
        return try await replay(try idempotentCall(context, request: request), context, as: type)
    }

    /// `replay` for a call already made (a write that checks for a replay first fingerprints its request once).
    public func replay<Outcome: Codable & Sendable>(_ call: IdempotentCall, _ context: CallContext,
                                                    as type: Outcome.Type) async throws -> Outcome? {
        guard call.key != nil else { return nil }
        let time = now()
        guard let earlier = try await database.read({ connection in try call.earlier(LedgerEntry<Outcome>.self, on: connection) }) else {
            return nil
        }
        try await record(earlier.persons, access: .read, context: context, at: time)
        return earlier.outcome
    }

    /// Runs a change the service makes on its own (a background re-check), audited with the service as the caller.
    public func systemChange<Outcome: Sendable>(method: String, person: String,
                                                _ body: @escaping @Sendable (SQLiteConnection) throws -> Outcome) async throws -> Outcome {
        let audit = audit
        let time = now()
        let context = CallContext(peer: identity,
                                  method: method, requestID: "system", deadline: nil, idempotencyKey: nil, metadata: [],
                                  logger: Logger(service: audit.service))
        return try await database.write { connection in
            let outcome = try body(connection)
            try audit.record([person], access: .change, outcome: "ok", context: context, at: time, on: connection)
            return outcome
        }
    }

    /// Records an access the service answered without reading or changing a stored file through the store, e.g.
    /// reporting's reports (`report/<scope>/<year>`: who produced which report), with the call's caller and method,
    /// in a write transaction of its own; `time` defaults to now.
    public func record(_ subjects: [String], access: AuditAccess, outcome: String = "ok", context: CallContext, at time: Date? = nil) async throws {
        let (audit, time) = (audit, time ?? now())
        try await database.write { connection in
            try audit.record(subjects, access: access, outcome: outcome, context: context, at: time, on: connection)
        }
    }

    /// Runs a read and records every person the body marked as returned before handing the result out.
    public func read<Value: Sendable>(_ context: CallContext, _ body: @escaping @Sendable (inout AuditScope) throws -> Value) async throws -> Value {
        let time = now()
        let (value, persons) = try await database.read { connection in
            var scope = AuditScope(connection: connection, at: time)
            let value = try body(&scope)
            return (value, scope.persons)
        }
        if !persons.isEmpty { try await record(persons, access: .read, context: context, at: time) }
        return value
    }

    public func close() { database.close() }
}

/// What the idempotency ledger keeps of a change: its outcome and the persons it touched, so that a replay, which
/// hands the same files out again without running the body, records those persons as read.
private struct LedgerEntry<Outcome: Codable & Sendable>: Codable, Sendable {
    var outcome: Outcome
    var persons: [String]
}

/// What a read or change body works with: the connection, in its transaction, and the persons whose files it
/// returned or changed, which the store records in the audit trail.
public struct AuditScope {
    public let connection: SQLiteConnection
    /// The instant the call is recorded at (the same for the change and its audit rows).
    public let time: Date
    public private(set) var persons: [String] = []
    /// A qualification of a successful change the audit trail should show (`unverified: antwerpen`), appended to
    /// its outcome `ok`. Never personal data.
    public var note: String?

    init(connection: SQLiteConnection, at time: Date) {
        self.connection = connection
        self.time = time
    }

    /// Marks a person's file as read or changed by this call.
    public mutating func touched(_ personID: String) {
        persons.append(personID)
    }
}

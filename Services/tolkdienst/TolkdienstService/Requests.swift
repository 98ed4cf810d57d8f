import Foundation
import SamenAgencyKit
import SamenContracts
import SamenReferenceData
import SamenRPC
import SamenStorage

/// Which states allow which change (docs/TOLKDIENST.md, "Requests").
enum RequestStates {
    /// `failed_precondition` naming the state, unless the request is in one of `allowed`.
    static func require(_ request: InterpretingRequest, in allowed: [RequestState], to action: String) throws(RPCError) {
        guard allowed.contains(request.state) else {
            throw RPCError(.failedPrecondition, "request \(request.id) is \(request.state.rawValue); only a request that is "
                               + "\(allowed.map(\.rawValue).joined(separator: " or ")) can \(action)",
                           details: ["field": "requestID", "state": request.state.rawValue])
        }
    }
}

extension TolkdienstService {
    func createRequest(_ input: InterpretingRequestInput, _ context: CallContext) async throws -> InterpretingRequest {
        let checked = try TolkdienstRules.check(input, today: now.date)
        return try await store.change(context, request: input) { [records] scope in
            let organisation = try records.require(.organisations, checked.organisationID, as: Organisation.self, field: "organisationID",
                                                   on: scope.connection)
            guard organisation.agreementCovers(checked.date) else {
                let until = organisation.agreementUntil.map { "until \($0)" } ?? "open-ended"
                throw RPCError(.failedPrecondition, "field 'organisationID': organisation \(organisation.id) has no cooperation agreement on "
                                   + "\(checked.date) (its agreement runs from \(organisation.agreementFrom), \(until))",
                               details: ["field": "organisationID"])
            }
            let (seq, id) = try records.nextID(.requests, on: scope.connection)
            let request = InterpretingRequest(id: id, version: 1, region: organisation.region, input: checked)
            try records.insert(request, seq: seq, on: scope.connection)
            if let person = checked.personID { scope.touched(person) }
            return request
        }
    }

    func request(_ id: String, _ context: CallContext) async throws -> InterpretingRequest {
        try TolkdienstRules.id(id, kind: "r", field: "requestID")
        return try await store.read(context) { [records] scope in
            let request = try records.require(.requests, id, as: InterpretingRequest.self, field: "requestID", on: scope.connection)
            if let person = request.input.personID { scope.touched(person) }
            return request
        }
    }

    /// Runs a change of one request at the version the caller read and in a state that allows it: loads it, checks
    /// both, lets `change` modify it, raises the version and saves it, in one audited, idempotent transaction.
    func changeRequest<Request: Encodable & Sendable>(
        _ context: CallContext, request: Request, id: String, version: Int64, allowed: [RequestState], to action: String,
        _ change: @escaping @Sendable (inout InterpretingRequest, SQLiteConnection) throws -> Void) async throws -> InterpretingRequest {
        try TolkdienstRules.id(id, kind: "r", field: "requestID")
        return try await store.change(context, request: request) { [records] scope in
            var file = try records.require(.requests, id, as: InterpretingRequest.self, field: "requestID", on: scope.connection)
            if let person = file.input.personID { scope.touched(person) }
            try FileVersion.check(stated: version, current: file.version, file: "request \(id)")
            try RequestStates.require(file, in: allowed, to: action)
            try change(&file, scope.connection)
            file.version += 1
            try records.save(file, on: scope.connection)
            return file
        }
    }

    /// The organisation's cancellation. It is late when it comes less than
    /// `InterpretingRequest.lateCancellationMinutes` before the start; the interpreter's time is freed either way.
    func cancel(_ change: RequestChange, _ context: CallContext) async throws -> InterpretingRequest {
        let reason = try TolkdienstRules.reason(change.reason)
        let now = now
        let at = Int64((store.currentTime.timeIntervalSince1970 * 1000).rounded(.down))
        return try await changeRequest(context, request: change, id: change.requestID, version: change.version,
                                       allowed: [.open, .assigned, .confirmed], to: "be cancelled") { request, connection in
            let start = CalendarMinute(date: request.input.date, minute: request.input.startMinute)
            let late = now > start.adding(minutes: -InterpretingRequest.lateCancellationMinutes)
            request.cancellation = Cancellation(atMilliseconds: at, late: late, reason: reason)
            request.state = .cancelled
            try BookingCalendar.free(request.id, on: connection)
        }
    }
}

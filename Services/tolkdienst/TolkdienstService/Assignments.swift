import Foundation
import SamenAgencyKit
import SamenContracts
import SamenRPC
import SamenStorage

extension TolkdienstService {
    /// Assigns the interpreter: the matching rules are checked again in the transaction, and the booking is inserted
    /// into the calendar, whose trigger refuses it if the interpreter has another assignment too close. There is no
    /// look at the calendar before the insert: the insert is the check.
    func assign(_ assignment: AssignRequest, _ context: CallContext) async throws -> InterpretingRequest {
        try TolkdienstRules.id(assignment.interpreterID, kind: "i", field: "interpreterID")
        return try await self.change(InterpretingRequest.self, context, request: assignment, id: assignment.requestID, version: assignment.version,
                                       allowed: [.open], to: "be assigned") { [records] request, connection in
            let interpreter = try records.require(.interpreters, assignment.interpreterID, as: Interpreter.self, field: "interpreterID",
                                                  on: connection)
            if let exclusion = MatchingRules.exclusion(interpreter, for: request, bookings: []) {
                throw RPCError(.failedPrecondition, "field 'interpreterID': interpreter \(interpreter.id) cannot take request \(request.id): "
                                   + "\(exclusion.reason.rawValue): \(exclusion.detail)",
                               details: ["field": "interpreterID", "reason": exclusion.reason.rawValue])
            }
            try BookingCalendar.book(BookingCalendar.booking(of: request, for: interpreter.id), on: connection)
            request.interpreterID = interpreter.id
            request.state = .assigned
        }
    }

    func confirm(_ change: RequestChange, _ context: CallContext) async throws -> InterpretingRequest {
        try await self.change(InterpretingRequest.self, context, request: change, id: change.requestID, version: change.version,
                                allowed: [.assigned], to: "be confirmed") { request, _ in
            request.state = .confirmed
        }
    }

    /// The interpreter's no: the request is open again, the time freed, and matching leaves them out from now on.
    func decline(_ change: RequestChange, _ context: CallContext) async throws -> InterpretingRequest {
        _ = try TolkdienstRules.reason(change.reason)
        return try await self.change(InterpretingRequest.self, context, request: change, id: change.requestID, version: change.version,
                                       allowed: [.assigned], to: "be declined") { request, connection in
            if let interpreter = request.interpreterID { request.declinedBy.append(interpreter) }
            request.interpreterID = nil
            request.state = .open
            try BookingCalendar.free(request.id, on: connection)
        }
    }

    func complete(_ completion: CompletionRequest, _ context: CallContext) async throws -> InterpretingRequest {
        guard TolkdienstRules.minutesInterpreted.contains(completion.minutesInterpreted) else {
            throw TolkdienstRules.invalid("minutesInterpreted", "must be 1...720, not \(completion.minutesInterpreted)")
        }
        let now = now
        return try await self.change(InterpretingRequest.self, context, request: completion, id: completion.requestID, version: completion.version,
                                       allowed: [.confirmed], to: "be completed") { request, _ in
            try Self.requireStarted(request, now: now)
            request.minutesInterpreted = completion.minutesInterpreted
            request.state = .completed
        }
    }

    func noShow(_ noShow: NoShowRequest, _ context: CallContext) async throws -> InterpretingRequest {
        let now = now
        return try await self.change(InterpretingRequest.self, context, request: noShow, id: noShow.requestID, version: noShow.version,
                                       allowed: [.confirmed], to: "be recorded as a no-show") { request, _ in
            try Self.requireStarted(request, now: now)
            request.noShow = noShow.absent
            request.state = .noShow
        }
    }

    /// What happened at an assignment is known once it has started.
    static func requireStarted(_ request: InterpretingRequest, now: CalendarMinute) throws(RPCError) {
        guard now >= CalendarMinute(date: request.input.date, minute: request.input.startMinute) else {
            throw RPCError(.failedPrecondition, "request \(request.id) starts on \(request.input.date) at "
                               + "\(CalendarMinute.clock(request.input.startMinute)); its outcome is recorded once it has started",
                           details: ["field": "requestID", "state": request.state.rawValue])
        }
    }
}

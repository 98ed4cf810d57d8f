import Foundation
import SamenAgencyKit
import SamenContracts
import SamenReferenceData
import SamenRPC
import SamenStorage

extension TolkdienstService {
    func createRequest(_ input: InterpretingRequestInput, _ context: CallContext) async throws -> InterpretingRequest {
        let checked = try TolkdienstRules.check(input, today: now.date)
        return try await store.change(context, request: input) { [records] scope in
            let organisation = try records.organisation(checked.organisationID, withAgreementOn: checked.date, on: scope.connection)
            let (seq, id) = try records.nextID(.requests, on: scope.connection)
            let request = InterpretingRequest(id: id, version: 1, region: organisation.region, input: checked)
            try records.insert(request, seq: seq, on: scope.connection)
            if let person = checked.personID { scope.touched(person) }
            return request
        }
    }

    func request(_ id: String, _ context: CallContext) async throws -> InterpretingRequest {
        try await read(InterpretingRequest.self, id, context)
    }

    /// Requests by date and state; each one naming a person is recorded as read.
    func requests(_ list: RequestListRequest, _ context: CallContext) async throws -> RequestPage {
        if let from = list.from, let through = list.through, through < from { throw TolkdienstRules.invalid("through", "is before 'from'") }
        var conditions = ["1"]
        var bindings: [SQLValue] = []
        if let from = list.from { conditions.append("date >= ?"); bindings.append(.text(from.description)) }
        if let through = list.through { conditions.append("date <= ?"); bindings.append(.text(through.description)) }
        if let state = list.state { conditions.append("state = ?"); bindings.append(.text(state.rawValue)) }
        let (filter, values) = (conditions.joined(separator: " AND "), bindings)
        return try await store.read(context) { [records] scope in
            let (requests, next) = try records.page(.requests, as: InterpretingRequest.self, TolkdienstPageRequest(limit: list.limit, after: list.after),
                                                    filter: filter, bindings: values, on: scope.connection)
            for person in requests.compactMap(\.personID) { scope.touched(person) }
            return RequestPage(requests: requests, next: next)
        }
    }

    /// The organisation's cancellation. It is late when it comes less than
    /// `InterpretingRequest.lateCancellationMinutes` before the start; the interpreter's time is freed either way.
    func cancel(_ change: RequestChange, _ context: CallContext) async throws -> InterpretingRequest {
        let reason = try TolkdienstRules.reason(change.reason)
        let now = now
        let at = store.currentTime.millisecondsSince1970
        return try await self.change(InterpretingRequest.self, context, request: change, id: change.requestID, version: change.version,
                                       allowed: [.open, .assigned, .confirmed], to: "be cancelled") { request, connection in
            let start = CalendarMinute(date: request.input.date, minute: request.input.startMinute)
            let late = now > start.adding(minutes: -InterpretingRequest.lateCancellationMinutes)
            request.cancellation = Cancellation(atMilliseconds: at, late: late, reason: reason)
            request.state = .cancelled
            try BookingCalendar.free(request.id, on: connection)
        }
    }
}

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

    /// The organisation's cancellation. It is late when it comes less than
    /// `InterpretingRequest.lateCancellationMinutes` before the start; the interpreter's time is freed either way.
    func cancel(_ change: RequestChange, _ context: CallContext) async throws -> InterpretingRequest {
        let reason = try TolkdienstRules.reason(change.reason)
        let now = now
        let at = Int64((store.currentTime.timeIntervalSince1970 * 1000).rounded(.down))
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

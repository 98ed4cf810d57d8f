import Foundation
import SamenAgencyKit
import SamenContracts
import SamenReferenceData
import SamenRPC
import SamenStorage

/// The matching rules, in the order they are asked (docs/TOLKDIENST.md, "Matching"): an interpreter left out is
/// left out for the first rule they fail.
enum MatchingRules {
    /// Why `interpreter` cannot take `request`, or nil when they can. `bookings` are the interpreter's assignments
    /// around the request's time; an assignment checks the same rules with none, since the calendar's trigger
    /// decides about the bookings in its own transaction.
    /// `historical`: an assignment of the previous system, checked by what the interpreter does (language, mode,
    /// region), not by whether they take new work or are available now.
    static func exclusion(_ interpreter: Interpreter, for request: InterpretingRequest, bookings: [Booking], historical: Bool = false) -> MatchExclusion? {
        let profile = interpreter.profile
        let input = request.input
        func excluded(_ reason: ExclusionReason, _ detail: String) -> MatchExclusion {
            MatchExclusion(interpreterID: interpreter.id, reason: reason, detail: detail)
        }
        guard profile.active || historical else { return excluded(.inactive, "takes no new assignments") }
        guard profile.languages.contains(input.language) else {
            return excluded(.language, "does not interpret in \(input.language) (only \(profile.languages.joined(separator: ", ")))")
        }
        guard profile.modes.contains(input.mode) else {
            return excluded(.mode, "does not accept \(input.mode.rawValue) (only \(profile.modes.map(\.rawValue).joined(separator: ", ")))")
        }
        guard profile.regions.contains(request.region) else {
            return excluded(.region, "does not work in \(request.region) (only \(profile.regions.joined(separator: ", ")))")
        }
        guard !request.declinedBy.contains(interpreter.id) else { return excluded(.declined, "declined this request before") }
        if !historical, let problem = availability(profile, on: input.date, from: input.startMinute, until: input.startMinute + input.durationMinutes) {
            return excluded(.availability, problem)
        }
        let wanted = BookingCalendar.booking(of: request, for: interpreter.id)
        let conflicts = bookings.filter { $0.requestID != request.id }.compactMap { other in wanted.conflict(with: other).map { ($0, other) } }
        if let busy = conflicts.first(where: { $0.0 == .busy }) {
            return excluded(.busy, "is assigned to request \(busy.1.requestID) at an overlapping time")
        }
        if let close = conflicts.first {
            return excluded(.travelTime, "is assigned to request \(close.1.requestID) less than the travel time (\(BookingCalendar.travelMinutes) minutes) away")
        }
        return nil
    }

    /// Why the interpreter is not available for the whole of `from..<until` on `date`, or nil when they are: their
    /// weekly hours of that weekday (adjoining blocks count as one) must cover it, and no exception may touch it.
    static func availability(_ profile: InterpreterProfile, on date: CivilDate, from: Int, until: Int) -> String? {
        let weekday = CalendarMinute.weekday(of: date)
        let blocks = profile.weekly.filter { $0.weekday == weekday }.sorted { $0.fromMinute < $1.fromMinute }
        var covered = from
        for block in blocks where block.fromMinute <= covered && block.untilMinute > covered {
            covered = block.untilMinute
        }
        if covered < until {
            let hours = blocks.map { "\(CalendarMinute.clock($0.fromMinute))-\(CalendarMinute.clock($0.untilMinute))" }
            return "works \(hours.isEmpty ? "no hours" : hours.joined(separator: ", ")) on \(Self.weekdays[weekday - 1]), "
                + "not the whole of \(CalendarMinute.clock(from))-\(CalendarMinute.clock(until))"
        }
        for exception in profile.exceptions where exception.date == date {
            let start = exception.fromMinute ?? 0, end = exception.untilMinute ?? CalendarMinute.perDay
            if start < until && from < end {
                return "is not available on \(date) \(CalendarMinute.clock(start))-\(CalendarMinute.clock(end)) (an exception)"
            }
        }
        return nil
    }

    static let weekdays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
}

extension TolkdienstService {
    /// Every interpreter of the service against the request: candidates with the fewest assignments that day first
    /// (then by id), and every other one with the first rule they failed. Reads one snapshot.
    func match(_ requestID: String, _ context: CallContext) async throws -> MatchResult {
        try TolkdienstRules.id(requestID, kind: "r", field: "requestID")
        return try await store.read(context) { [records, interpreterCache] scope in
            let request = try records.require(.requests, requestID, as: InterpretingRequest.self, field: "requestID", on: scope.connection)
            if let person = request.input.personID { scope.touched(person) }
            try StateRule.require(request, in: [.open], to: "be matched")
            let wanted = BookingCalendar.booking(of: request, for: "")
            let dayStart = CalendarMinute(date: request.input.date, minute: 0).value
            // The request's day (for the count) and every booking that could come too close (BookingCalendar.reach).
            let around = try BookingCalendar.bookings(from: min(dayStart, wanted.start - BookingCalendar.reach.before),
                                                      until: max(dayStart + CalendarMinute.perDay, wanted.end + BookingCalendar.reach.after),
                                                      on: scope.connection)
            let byInterpreter = Dictionary(grouping: around, by: \.interpreterID)
            var candidates: [MatchCandidate] = []
            var excluded: [MatchExclusion] = []
            for interpreter in try interpreterCache.interpreters(on: scope.connection, records: records) {
                let bookings = byInterpreter[interpreter.id] ?? []
                if let exclusion = MatchingRules.exclusion(interpreter, for: request, bookings: bookings) {
                    excluded.append(exclusion)
                } else {
                    let thatDay = bookings.filter { $0.start >= dayStart && $0.start < dayStart + CalendarMinute.perDay }.count
                    candidates.append(MatchCandidate(interpreterID: interpreter.id, name: interpreter.profile.name, assignmentsThatDay: thatDay))
                }
            }
            candidates.sort { ($0.assignmentsThatDay, $0.interpreterID.count, $0.interpreterID) < ($1.assignmentsThatDay, $1.interpreterID.count, $1.interpreterID) }
            return MatchResult(requestID: request.id, candidates: candidates, excluded: excluded)
        }
    }
}

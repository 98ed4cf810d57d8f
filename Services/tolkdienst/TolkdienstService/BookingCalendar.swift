import Foundation
import SamenContracts
import SamenRPC
import SamenStorage

/// One assignment in an interpreter's calendar: the minutes it takes (`CalendarMinute` values) and the travel time
/// it needs kept free around it.
struct Booking: Sendable, Equatable {
    let requestID: String
    let interpreterID: String
    let start: Int
    let end: Int
    let travel: Int

    /// How close this booking comes to `other`: nil when they are far enough apart, `.busy` when their times
    /// overlap, `.travelTime` when only the travel time between them is missing. The same rule as the calendar's
    /// trigger (TolkdienstSchema), which is what enforces it.
    func conflict(with other: Booking) -> ExclusionReason? {
        if start < other.end && other.start < end { return .busy }
        let gap = max(travel, other.travel)
        return start < other.end + gap && other.start < end + gap ? .travelTime : nil
    }
}

/// The interpreters' calendars in the `calendar` table (docs/TOLKDIENST.md, "No double booking").
enum BookingCalendar {
    /// Kept free before and after an on-site assignment (on-site, group, group conversation): the time to get from
    /// one place to the next in a region. Webcam and phone assignments need none of their own, but one next to an
    /// on-site assignment keeps that one's travel time.
    static let travelMinutes = 30

    /// How far before a booking's start and after its end another booking may start and still come too close: the
    /// calendar's CHECKs bound a booking to 720 minutes and a travel time to 240 (TolkdienstSchema).
    static let reach = (before: 720 + 240, after: 240)

    /// What a request would take of an interpreter's calendar.
    static func booking(of request: InterpretingRequest, for interpreterID: String) -> Booking {
        let start = CalendarMinute(date: request.input.date, minute: request.input.startMinute).value
        return Booking(requestID: request.id, interpreterID: interpreterID, start: start, end: start + request.input.durationMinutes,
                       travel: request.input.mode.isOnSite ? travelMinutes : 0)
    }

    /// Books the assignment. The calendar's trigger refuses it when the interpreter has another assignment too
    /// close, in this transaction: that refusal is `failed_precondition` naming the other request.
    static func book(_ booking: Booking, on connection: SQLiteConnection) throws {
        do {
            try connection.run("INSERT INTO calendar (request_id, interpreter_id, starts_at, ends_at, travel) VALUES (?, ?, ?, ?, ?)",
                               [.text(booking.requestID), .text(booking.interpreterID), .integer(Int64(booking.start)),
                                .integer(Int64(booking.end)), .integer(Int64(booking.travel))])
        } catch let error as StorageError where error.kind == .constraint && error.message.contains("double booking") {
            // Named after the refusal, in the same transaction, so the message shows what the trigger saw.
            let other = try bookings(from: booking.start - reach.before, until: booking.end + reach.after,
                                     interpreter: booking.interpreterID, on: connection)
                .first { booking.conflict(with: $0) != nil }
            let what = other.map { booking.conflict(with: $0) == .busy ? "is assigned to request \($0.requestID) at an overlapping time"
                                                                      : "is assigned to request \($0.requestID) too close for the travel time (\(travelMinutes) minutes around on-site assignments)" }
            throw RPCError(.failedPrecondition, "field 'interpreterID': interpreter \(booking.interpreterID) \(what ?? "is already booked then"); "
                               + "double bookings are refused", details: ["field": "interpreterID", "conflict": other?.requestID ?? ""])
        }
    }

    /// Frees the request's booking, if it has one.
    static func free(_ requestID: String, on connection: SQLiteConnection) throws {
        try connection.run("DELETE FROM calendar WHERE request_id = ?", [.text(requestID)])
    }

    /// Bookings that start in `from..<until`, of one interpreter or of all.
    static func bookings(from: Int, until: Int, interpreter: String? = nil, on connection: SQLiteConnection) throws -> [Booking] {
        var sql = "SELECT request_id, interpreter_id, starts_at, ends_at, travel FROM calendar WHERE starts_at >= ? AND starts_at < ?"
        var bindings: [SQLValue] = [.integer(Int64(from)), .integer(Int64(until))]
        if let interpreter {
            sql += " AND interpreter_id = ?"
            bindings.append(.text(interpreter))
        }
        return try connection.query(sql, bindings).map { row in
            Booking(requestID: try row.text("request_id"), interpreterID: try row.text("interpreter_id"), start: Int(try row.int("starts_at")),
                    end: Int(try row.int("ends_at")), travel: Int(try row.int("travel")))
        }
    }
}

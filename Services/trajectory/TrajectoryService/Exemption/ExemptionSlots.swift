import SamenAgencyKit
import SamenContracts
import SamenReferenceData
import SamenRPC
import SamenStorage
import SamenTLS

/// Planning and reading the region's test slots; another region's slots are read from that region's trajectory
/// service on the caller's behalf.
extension MOExemption {
    func createSlot(_ plan: ExemptionSlotPlan, _ context: CallContext) async throws -> ExemptionSlot {
        let plan = try ExemptionRules.check(plan, today: today)
        let region = region
        return try await store.change(context, request: plan) { scope in
            let connection = scope.connection
            let seq = try connection.queryFirst("SELECT COALESCE(MAX(seq), 0) + 1 AS next FROM exemption_slots")!.int("next")
            let slot = ExemptionSlot(id: "\(region)-s\(seq)", region: region, date: plan.date, start: plan.start, place: plan.place,
                                     capacity: plan.capacity, booked: 0)
            try connection.run("INSERT INTO exemption_slots (seq, slot_id, date, start, place, capacity) VALUES (?, ?, ?, ?, ?, ?)",
                               [.integer(seq), .text(slot.id), .text(plan.date.description), .text(plan.start), .text(plan.place),
                                .integer(Int64(plan.capacity))])
            return slot
        }
    }

    func listSlots(_ query: ExemptionSlotQuery, _ context: CallContext) async throws -> ExemptionSlotPage {
        let limit = try AgencyFields.limit(query.limit)
        if let after = query.after { _ = try ExemptionRules.region(of: after, kind: "s", field: "after") }
        if let other = query.region, other != region {
            // Only staff are passed on: a service asking for a third region's slots would make the regions a relay.
            guard context.staff != nil, context.peer.service == StaffCertificate.service else {
                throw RPCError.invalidField("region", "names \(other.prefix(40)); a region's trajectory service answers for its own slots only")
            }
            try AgencyFields.checkRegion(other, field: "region")
            var asked = query
            asked.region = other
            do {
                return try await client(of: other).listSlots(asked, options: CallOptions(timeout: peerWork.peerTimeout))
            } catch {
                throw Self.passOn(error, region: other, doing: "list its slots")
            }
        }
        let from = max(query.from ?? today, today)
        var sql = "SELECT * FROM exemption_slots WHERE date >= ? AND booked < capacity"
        var bindings: [SQLValue] = [.text(from.description)]
        if let after = query.after {
            // Slots are listed by date, start and seq; the page after a slot continues from its position.
            sql += " AND (date, start, seq) > (SELECT date, start, seq FROM exemption_slots WHERE slot_id = ?)"
            bindings.append(.text(after))
        }
        sql += " ORDER BY date, start, seq LIMIT \(limit + 1)"
        let region = region
        let values = bindings
        let statement = sql
        return try await store.database.read { connection in
            var slots = try connection.query(statement, values).map { try Self.slot($0, region: region) }
            var next: String?
            if slots.count > limit {
                slots.removeLast()
                next = slots.last?.id
            }
            return ExemptionSlotPage(slots: slots, next: next)
        }
    }

    func slot(_ request: ExemptionSlotRequest, _ context: CallContext) async throws -> ExemptionSlotDetail {
        try requireOwn(request.slotID, kind: "s", field: "slotID")
        let region = region
        return try await store.read(context) { scope in
            let (slot, seq) = try Self.requireSlot(request.slotID, region: region, on: scope.connection)
            let attendees = try scope.connection.query(
                "SELECT * FROM exemption_bookings WHERE slot_seq = ? AND state = 'booked' ORDER BY seq", [.integer(seq)]).map { row in
                ExemptionAttendee(bookingID: try row.text("booking_id"), trajectoryID: try row.text("trajectory_id"),
                                  bookingRegion: try row.text("booking_region"),
                                  name: PersonName(given: try row.text("given_name"), family: try row.text("family_name")),
                                  result: try row.optionalText("result").flatMap(ExemptionResult.init(rawValue:)))
            }
            for attendee in attendees { scope.touched(attendee.trajectoryID) }
            return ExemptionSlotDetail(slot: slot, attendees: attendees)
        }
    }

    /// Refuses an id of another region where only this region's slots or bookings can be meant.
    func requireOwn(_ id: String, kind: Character, field: String) throws(RPCError) {
        let owner = try ExemptionRules.region(of: id, kind: kind, field: field)
        guard owner == region else {
            throw RPCError.invalidField(field, "names region \(owner); this is the trajectory service of \(region)")
        }
    }

    static func requireSlot(_ id: String, region: String, on connection: SQLiteConnection) throws -> (ExemptionSlot, Int64) {
        guard let row = try connection.queryFirst("SELECT * FROM exemption_slots WHERE slot_id = ?", [.text(id)]) else {
            throw RPCError(.notFound, "no exemption test slot '\(id)' in region \(region)", details: ["field": "slotID"])
        }
        return (try slot(row, region: region), try row.int("seq"))
    }

    static func slot(_ row: Row, region: String) throws -> ExemptionSlot {
        ExemptionSlot(id: try row.text("slot_id"), region: region, date: try CivilDate(try row.text("date")), start: try row.text("start"),
                      place: try row.text("place"), capacity: Int(try row.int("capacity")), booked: Int(try row.int("booked")))
    }
}

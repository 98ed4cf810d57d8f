import Foundation
import SamenAgencyKit
import SamenContracts
import SamenReferenceData
import SamenRPC
import SamenStorage

/// Booking and cancelling: the booking region checks its trajectory, asks the offering region for the seat (or
/// takes it in its own tables when it offers the slot itself), then records the booking in the trajectory file.
extension MOExemption {
    func book(_ request: ExemptionBookRequest, _ context: CallContext) async throws -> ExemptionBooking {
        try TrajectoryRecords.checkID(request.trajectoryID)
        let slotRegion = try ExemptionRules.region(of: request.slotID, kind: "s", field: "slotID")
        let call = try store.idempotentCall(context, request: request)
        if let earlier = try await store.replay(call, context, as: ExemptionBooking.self) { return earlier }
        let records = records
        let region = region
        let today = today
        let name: PersonName
        do {
            // Checked before the offering region is asked, so that it never keeps a seat this region would refuse.
            let personID = try await store.database.read { connection in
                let (file, _) = try records.requireWritable(request.trajectoryID, on: connection)
                try ExemptionRules.checkCanBook(file)
                return file.personID
            }
            name = try ExemptionRules.name(try await persons.read(personID, field: "trajectoryID").name)
        } catch let error as RPCError {
            await store.recordRefused(error, person: request.trajectoryID, context: context)
            throw error
        }
        if slotRegion == region {
            return try await store.change(context, call: call, person: request.trajectoryID) { scope in
                let booking = try Self.seat(request.slotID, trajectoryID: request.trajectoryID, bookingRegion: region, name: name,
                                            region: region, today: today, scope: &scope)
                try Self.recordBooking(booking, records: records, on: scope.connection)
                return booking
            }
        }
        let offering: ExemptionClient
        let booking: ExemptionBooking
        do {
            offering = client(of: slotRegion)
            booking = try await offering.bookFor(ExemptionBookForRequest(slotID: request.slotID, trajectoryID: request.trajectoryID, name: name),
                                                 options: CallOptions(timeout: peerWork.peerTimeout, idempotencyKey: Self.derivedKey("book", context)))
        } catch {
            let refused = Self.passOn(error, region: slotRegion, doing: "book a seat; nothing was booked here")
            await store.recordRefused(refused, person: request.trajectoryID, context: context)
            throw refused
        }
        do {
            return try await store.change(context, call: call, person: request.trajectoryID) { scope in
                try Self.recordBooking(booking, records: records, on: scope.connection)
                return booking
            }
        } catch {
            // The trajectory changed between the check and the record (another booking, an exemption, a transfer):
            // the seat the offering region keeps is given back, so no seat is held for a booking nobody knows of.
            do {
                _ = try await offering.cancelFor(booking.bookingID, options: CallOptions(timeout: peerWork.peerTimeout,
                                                                                          idempotencyKey: "exemption-undo-\(booking.bookingID)"))
            } catch {
                logger.warning("a seat could not be given back; it stays on the slot's attendance list",
                               [("booking", booking.bookingID), ("error", "\(error)")])
            }
            throw error
        }
    }

    func bookFor(_ request: ExemptionBookForRequest, _ context: CallContext) async throws -> ExemptionBooking {
        try requireOwn(request.slotID, kind: "s", field: "slotID")
        let bookingRegion = try ExemptionRules.region(ofTrajectory: request.trajectoryID)
        guard bookingRegion == context.peer.region else {
            throw RPCError(.permissionDenied, "field 'trajectoryID': the trajectory service of \(context.peer.region) books for its own trajectories only, not \(bookingRegion)'s",
                           details: ["field": "trajectoryID"])
        }
        let name = try ExemptionRules.name(request.name)
        let region = region
        let today = today
        let call = try store.idempotentCall(context, request: request)
        if let earlier = try await store.replay(call, context, as: ExemptionBooking.self) {
            // A retry after the booking region gave this seat back (its own record of the booking failed): answering
            // the earlier booking would have it record a seat nobody holds.
            let state = try await store.database.read { connection in
                try connection.queryFirst("SELECT state FROM exemption_bookings WHERE booking_id = ?", [.text(earlier.bookingID)])?.text("state")
            }
            guard state == ExemptionBookingState.booked.rawValue else {
                throw RPCError(.failedPrecondition, "field 'slotID': booking \(earlier.bookingID) made for this key was given back; book again with a new key",
                               details: ["field": "slotID", "bookingID": earlier.bookingID])
            }
            return earlier
        }
        return try await store.change(context, call: call, person: request.trajectoryID) { scope in
            try Self.seat(request.slotID, trajectoryID: request.trajectoryID, bookingRegion: bookingRegion, name: name, region: region,
                          today: today, scope: &scope)
        }
    }

    func cancel(_ request: ExemptionBookingRequest, _ context: CallContext) async throws -> ExemptionBooking {
        let slotRegion = try ExemptionRules.region(of: request.bookingID, kind: "b", field: "bookingID")
        let call = try store.idempotentCall(context, request: request)
        if let earlier = try await store.replay(call, context, as: ExemptionBooking.self) { return earlier }
        let records = records
        let region = region
        let trajectoryID = try await store.database.read { connection in
            guard let row = try connection.queryFirst("""
                SELECT t.trajectory_id FROM exemption_tests e JOIN trajectories t ON t.seq = e.trajectory_seq WHERE e.booking_id = ?
                """, [.text(request.bookingID)]) else {
                throw RPCError(.notFound, "no exemption test booking '\(request.bookingID)' of a trajectory of region \(region)", details: ["field": "bookingID"])
            }
            return try row.text("trajectory_id")
        }
        if slotRegion == region {
            return try await store.change(context, call: call, person: trajectoryID) { scope in
                _ = try Self.openBooking(request.bookingID, in: try records.requireWritable(trajectoryID, on: scope.connection).file)
                let freed = try Self.unseat(request.bookingID, bookingRegion: region, region: region, scope: &scope)
                return try Self.recordCancellation(freed, records: records, on: scope.connection)
            }
        }
        let freed: ExemptionBooking
        do {
            try await store.database.read { connection in
                _ = try Self.openBooking(request.bookingID, in: try records.requireWritable(trajectoryID, on: connection).file)
            }
            do {
                freed = try await client(of: slotRegion).cancelFor(request.bookingID, options: CallOptions(
                    timeout: peerWork.peerTimeout, idempotencyKey: Self.derivedKey("cancel", context)))
            } catch {
                throw Self.passOn(error, region: slotRegion, doing: "free the seat; the booking stands")
            }
        } catch let error as RPCError {
            await store.recordRefused(error, person: trajectoryID, context: context)
            throw error
        }
        return try await store.change(context, call: call, person: trajectoryID) { scope in
            try Self.recordCancellation(freed, records: records, on: scope.connection)
        }
    }

    func cancelFor(_ request: ExemptionBookingRequest, _ context: CallContext) async throws -> ExemptionBooking {
        try requireOwn(request.bookingID, kind: "b", field: "bookingID")
        let region = region
        let caller = context.peer.region
        return try await store.change(context, request: request) { scope in
            try Self.unseat(request.bookingID, bookingRegion: caller, region: region, scope: &scope)
        }
    }

    /// The key for the call to the offering region, derived from the caller's key and identity: a retry of the
    /// caller's call sends the same key (so the offering region answers the seat it gave, not a second one), and two
    /// callers who happen to pick the same key never share one. Without a key a call is not retry-safe anyway.
    static func derivedKey(_ what: String, _ context: CallContext) -> String {
        guard let key = context.idempotencyKey, !key.isEmpty else { return UUID().uuidString }
        let digest = SHA256.hash(Array("\(context.method)\n\(context.peer.uri)\n\(key)".utf8))
        return "exemption-\(what)-" + digest.map { String(format: "%02x", $0) }.joined()
    }

    // MARK: The offering region's seats

    /// Takes a seat in the slot for the trajectory, in the caller's write transaction: the slot's count is read and
    /// raised in the same transaction, and its CHECK refuses an overbooking.
    static func seat(_ slotID: String, trajectoryID: String, bookingRegion: String, name: PersonName, region: String, today: CivilDate,
                     scope: inout AuditScope) throws -> ExemptionBooking {
        let connection = scope.connection
        let (slot, slotSeq) = try requireSlot(slotID, region: region, on: connection)
        guard slot.date >= today else {
            throw RPCError(.failedPrecondition, "field 'slotID': slot \(slot.id) was on \(slot.date)", details: ["field": "slotID"])
        }
        if let live = try connection.queryFirst("SELECT booking_id FROM exemption_bookings WHERE slot_seq = ? AND trajectory_id = ? AND state = 'booked'",
                                                [.integer(slotSeq), .text(trajectoryID)]) {
            let id = try live.text("booking_id")
            throw RPCError(.alreadyExists, "trajectory \(trajectoryID) is booked in slot \(slot.id) already (booking \(id))",
                           details: ["field": "trajectoryID", "bookingID": id])
        }
        guard slot.booked < slot.capacity else {
            throw RPCError(.failedPrecondition, "field 'slotID': slot \(slot.id) is full (\(slot.capacity) seats)", details: ["field": "slotID"])
        }
        let seq = try connection.queryFirst("SELECT COALESCE(MAX(seq), 0) + 1 AS next FROM exemption_bookings")!.int("next")
        let booking = ExemptionBooking(bookingID: "\(region)-b\(seq)", slotID: slot.id, slotRegion: region, date: slot.date, start: slot.start,
                                       place: slot.place, trajectoryID: trajectoryID, bookingRegion: bookingRegion)
        try connection.run("""
            INSERT INTO exemption_bookings (seq, booking_id, slot_seq, trajectory_id, booking_region, given_name, family_name, state, booked_ms)
            VALUES (?, ?, ?, ?, ?, ?, ?, 'booked', ?)
            """, [.integer(seq), .text(booking.bookingID), .integer(slotSeq), .text(trajectoryID), .text(bookingRegion), .text(name.given),
                  .text(name.family), .integer(scope.time.millisecondsSince1970)])
        try connection.run("UPDATE exemption_slots SET booked = booked + 1 WHERE seq = ?", [.integer(slotSeq)])
        scope.touched(trajectoryID)
        return booking
    }

    /// Frees the seat of a booking `bookingRegion` made; a booking cancelled already is answered as it is.
    static func unseat(_ bookingID: String, bookingRegion: String, region: String, scope: inout AuditScope) throws -> ExemptionBooking {
        let connection = scope.connection
        guard let row = try connection.queryFirst("SELECT * FROM exemption_bookings WHERE booking_id = ?", [.text(bookingID)]),
              try row.text("booking_region") == bookingRegion else {
            throw RPCError(.notFound, "no exemption test booking '\(bookingID)' of region \(bookingRegion) in region \(region)", details: ["field": "bookingID"])
        }
        var booking = try self.booking(row, region: region, on: connection)
        scope.touched(booking.trajectoryID)
        if booking.state == .cancelled { return booking }
        guard booking.result == nil else {
            throw RPCError(.failedPrecondition, "field 'bookingID': booking \(bookingID) has its result (\(booking.result!.rawValue))",
                           details: ["field": "bookingID"])
        }
        try connection.run("UPDATE exemption_bookings SET state = 'cancelled' WHERE seq = ?", [.integer(try row.int("seq"))])
        try connection.run("UPDATE exemption_slots SET booked = booked - 1 WHERE seq = ?", [.integer(try row.int("slot_seq"))])
        booking.state = .cancelled
        return booking
    }

    static func booking(_ row: Row, region: String, on connection: SQLiteConnection) throws -> ExemptionBooking {
        let slotRow = try connection.queryFirst("SELECT * FROM exemption_slots WHERE seq = ?", [.integer(try row.int("slot_seq"))])!
        let slot = try slot(slotRow, region: region)
        return ExemptionBooking(bookingID: try row.text("booking_id"), slotID: slot.id, slotRegion: region, date: slot.date, start: slot.start,
                                place: slot.place, trajectoryID: try row.text("trajectory_id"), bookingRegion: try row.text("booking_region"),
                                state: ExemptionBookingState(rawValue: try row.text("state")) ?? .booked,
                                result: try row.optionalText("result").flatMap(ExemptionResult.init(rawValue:)))
    }

    // MARK: The booking region's trajectory files

    /// Adds the booking to its trajectory, checking again in the write transaction what `book` checked before it
    /// asked the offering region.
    static func recordBooking(_ booking: ExemptionBooking, records: TrajectoryRecords, on connection: SQLiteConnection) throws {
        var (file, seq) = try records.requireWritable(booking.trajectoryID, on: connection)
        try ExemptionRules.checkCanBook(file)
        file.exemptionTests = (file.exemptionTests ?? []) + [booking]
        file.version += 1
        try records.save(file, seq: seq, on: connection)
        try connection.run("INSERT INTO exemption_tests (booking_id, trajectory_seq, slot_region, tested_on, state) VALUES (?, ?, ?, ?, 'booked')",
                           [.text(booking.bookingID), .integer(seq), .text(booking.slotRegion), .text(booking.date.description)])
    }

    static func recordCancellation(_ freed: ExemptionBooking, records: TrajectoryRecords, on connection: SQLiteConnection) throws -> ExemptionBooking {
        var (file, seq) = try records.requireWritable(freed.trajectoryID, on: connection)
        let index = try openBooking(freed.bookingID, in: file)
        file.exemptionTests![index].state = .cancelled
        file.version += 1
        try records.save(file, seq: seq, on: connection)
        try connection.run("UPDATE exemption_tests SET state = 'cancelled' WHERE booking_id = ?", [.text(freed.bookingID)])
        return file.exemptionTests![index]
    }

    /// The index of a booking of the file that still waits for its result.
    static func openBooking(_ bookingID: String, in file: TrajectoryFile) throws(RPCError) -> Int {
        guard let index = file.exemptionTests?.firstIndex(where: { $0.bookingID == bookingID }) else {
            throw RPCError(.notFound, "trajectory \(file.trajectoryID) has no booking '\(bookingID)'", details: ["field": "bookingID"])
        }
        let booking = file.exemptionTests![index]
        guard booking.state == .booked, booking.result == nil else {
            throw RPCError(.failedPrecondition, "field 'bookingID': booking \(bookingID) is \(booking.result?.rawValue ?? booking.state.rawValue)",
                           details: ["field": "bookingID"])
        }
        return index
    }
}

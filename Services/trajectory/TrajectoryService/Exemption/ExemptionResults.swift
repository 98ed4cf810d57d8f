import Foundation
import SamenAgencyKit
import SamenContracts
import SamenReferenceData
import SamenRPC
import SamenStorage

/// Results: recorded by the offering region's staff, delivered to the booking region (through the outbox when it
/// is another region), and stored there in the trajectory with the MO exemption a pass brings, in one transaction.
extension MOExemption {
    func recordResult(_ request: ExemptionResultRequest, _ context: CallContext) async throws -> ExemptionBooking {
        try requireOwn(request.bookingID, kind: "b", field: "bookingID")
        let region = region
        let records = records
        let today = today
        let staff = context.staff
        // The booking's trajectory, so that a refused result is in the audit trail under it like a recorded one.
        let trajectoryID = try await store.database.read { connection in
            guard let row = try connection.queryFirst("SELECT trajectory_id FROM exemption_bookings WHERE booking_id = ?", [.text(request.bookingID)]) else {
                throw RPCError(.notFound, "no exemption test booking '\(request.bookingID)' in region \(region)", details: ["field": "bookingID"])
            }
            return try row.text("trajectory_id")
        }
        let recorded = try await store.change(context, request: request, person: trajectoryID) { scope in
            let connection = scope.connection
            let row = try connection.queryFirst("SELECT * FROM exemption_bookings WHERE booking_id = ?", [.text(request.bookingID)])!
            var booking = try Self.booking(row, region: region, on: connection)
            guard booking.state == .booked else {
                throw RPCError(.failedPrecondition, "field 'bookingID': booking \(booking.bookingID) was cancelled", details: ["field": "bookingID"])
            }
            if let earlier = booking.result {
                throw RPCError(.failedPrecondition, "field 'result': booking \(booking.bookingID) has its result already (\(earlier.rawValue))",
                               details: ["field": "result", "current": earlier.rawValue])
            }
            guard booking.date <= today else {
                throw RPCError(.failedPrecondition, "field 'bookingID': the test of booking \(booking.bookingID) is on \(booking.date), not held yet",
                               details: ["field": "bookingID"])
            }
            try connection.run("UPDATE exemption_bookings SET result = ? WHERE seq = ?", [.text(request.result.rawValue), .integer(try row.int("seq"))])
            booking.result = request.result
            let delivery = ExemptionResultDelivery(bookingID: booking.bookingID, trajectoryID: booking.trajectoryID, result: request.result,
                                                   testedOn: booking.date)
            if booking.bookingRegion == region {
                _ = try Self.applyResult(delivery, records: records, scope: &scope)
            } else {
                try connection.run("INSERT INTO exemption_outbox (booking_seq, target_region, delivery, staff, staff_roles) VALUES (?, ?, ?, ?, ?)",
                                   [.integer(try row.int("seq")), .text(booking.bookingRegion), .blob(try StoredFile.encode(delivery)),
                                    staff.map { .text($0.identity.uri) } ?? .null, staff.map { .text($0.roles.joined(separator: ",")) } ?? .null])
            }
            return booking
        }
        if recorded.bookingRegion != region {
            // At once rather than at the next round (detached: not bound to this call's deadline); the outbox retries
            // whatever this attempt does not deliver.
            Task.detached { [self] in _ = await deliverPending() }
        }
        return recorded
    }

    func deliverResult(_ delivery: ExemptionResultDelivery, _ context: CallContext) async throws -> ExemptionDeliveryAck {
        let offering = try ExemptionRules.region(of: delivery.bookingID, kind: "b", field: "bookingID")
        guard offering == context.peer.region else {
            throw RPCError(.permissionDenied, "field 'bookingID': a result of \(offering)'s booking comes from the trajectory service of \(offering) only",
                           details: ["field": "bookingID"])
        }
        let owner = try ExemptionRules.region(ofTrajectory: delivery.trajectoryID)
        guard owner == region else { throw RPCError.invalidField("trajectoryID", "names region \(owner); this is \(region)") }
        let records = records
        try await noteResultOfMovedTrajectory(delivery)
        return try await store.change(context, request: delivery, person: delivery.trajectoryID) { scope in
            try Self.applyResult(delivery, records: records, scope: &scope)
        }
    }

    /// A trajectory that moved to another region after its booking: the test stays counted here, where it was
    /// booked (`exemption.tests.byResult`), so its result is noted in this region's figures row. The delivery itself
    /// is then refused by the tombstone (`applyResult`'s `requireWritable`), naming the region and id it moved to,
    /// and the offering region's outbox follows it there: the booking moved with the file.
    private func noteResultOfMovedTrajectory(_ delivery: ExemptionResultDelivery) async throws {
        let records = records
        let moved = try await store.database.read { connection in
            try records.load(delivery.trajectoryID, on: connection)?.file.tombstone != nil
        }
        guard moved else { return }
        try await store.database.write { connection in
            try connection.run("UPDATE exemption_tests SET result = ? WHERE booking_id = ? AND state = 'booked' AND result IS NULL",
                               [.text(delivery.result.rawValue), .text(delivery.bookingID)])
        }
    }

    /// Stores a result in the booking's trajectory; a pass exempts MO (unless it ended already) and takes the person
    /// out of every MO group and waiting list of the region, each freed place going to the first in line. Delivering
    /// the same result again changes nothing and answers the same.
    static func applyResult(_ delivery: ExemptionResultDelivery, records: TrajectoryRecords, scope: inout AuditScope) throws -> ExemptionDeliveryAck {
        let connection = scope.connection
        var (file, seq) = try records.requireWritable(delivery.trajectoryID, on: connection)
        scope.touched(file.trajectoryID)
        guard var tests = file.exemptionTests, let index = tests.firstIndex(where: { $0.bookingID == delivery.bookingID }) else {
            throw RPCError(.notFound, "trajectory \(file.trajectoryID) has no booking '\(delivery.bookingID)'", details: ["field": "bookingID"])
        }
        let mo = file.components.firstIndex { $0.component == .mo }
        if tests[index].result == delivery.result {
            return ExemptionDeliveryAck(bookingID: delivery.bookingID, moExempted: delivery.result == .passed && mo.map { file.components[$0].state == .exempted } == true)
        }
        guard tests[index].result == nil, tests[index].state == .booked else {
            throw RPCError(.failedPrecondition, "field 'bookingID': booking \(delivery.bookingID) is \(tests[index].result?.rawValue ?? tests[index].state.rawValue) here",
                           details: ["field": "bookingID"])
        }
        tests[index].result = delivery.result
        file.exemptionTests = tests
        var exempted = false
        if delivery.result == .passed, let mo, !file.components[mo].state.isFinal {
            var status = file.components[mo]
            status.state = .exempted
            status.reason = ExemptionRules.exemptionReason
            status.endedOn = max(delivery.testedOn, status.startedOn ?? delivery.testedOn)
            file.components[mo] = status
            exempted = true
            try MOCourses.cancelEverywhere(personID: file.personID, records: records, scope: &scope)
        }
        file.version += 1
        try records.save(file, seq: seq, on: connection)
        try connection.run("UPDATE exemption_tests SET result = ? WHERE booking_id = ?", [.text(delivery.result.rawValue), .text(delivery.bookingID)])
        return ExemptionDeliveryAck(bookingID: delivery.bookingID, moExempted: exempted)
    }
}

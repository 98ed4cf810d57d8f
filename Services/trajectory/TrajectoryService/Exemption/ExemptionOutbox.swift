import Foundation
import SamenAgencyKit
import SamenContracts
import SamenRPC
import SamenStorage

/// The offering region's outbox of results for other regions: a row is written in the transaction that records
/// the result and marked delivered only when the booking region acknowledged it, so a result is never lost to a
/// crash or an outage of either side; it is retried (the kit's `Backoff`) until then. The booking region stores a
/// result once per booking id, so a delivery repeated after a lost acknowledgement changes nothing.
extension MOExemption {
    /// Delivers at start, then every `peerWork.interval`, sooner after a failure as the backoff says.
    func startDelivering() {
        let peerWork = peerWork
        outbox.set(Task { [self] in
            var backoff = Backoff(initial: peerWork.retryInitial, maximum: peerWork.retryMaximum, jitter: true)
            while !Task.isCancelled {
                let wait: Duration
                if await deliverPending() {
                    backoff.reset()
                    wait = peerWork.interval
                } else {
                    wait = backoff.nextDelay()
                }
                try? await Task.sleep(for: wait)
            }
        })
    }

    func stopDelivering() async { await outbox.cancel() }

    /// One pass over the undelivered results, after any pass already asked for; true when none is left.
    func deliverPending() async -> Bool {
        await outboxPasses.run { [self] in await deliverPendingNow() }
    }

    private func deliverPendingNow() async -> Bool {
        struct Pending: Sendable {
            let bookingSeq: Int64
            var region: String
            var delivery: ExemptionResultDelivery
            let staff: StaffMember?
        }
        let pending: [Pending]
        do {
            pending = try await store.database.read { connection in
                try connection.query("SELECT * FROM exemption_outbox WHERE delivered_ms IS NULL ORDER BY booking_seq LIMIT 100").map { row in
                    var staff: StaffMember?
                    if let uri = try row.optionalText("staff"), let identity = try? ServiceIdentity(uri: uri) {
                        staff = try? StaffMember(identity: identity, roles: (try row.optionalText("staff_roles") ?? "").split(separator: ",").map(String.init))
                    }
                    return Pending(bookingSeq: try row.int("booking_seq"), region: try row.text("target_region"),
                                   delivery: try StoredFile.decode(ExemptionResultDelivery.self, from: try row.blob("delivery")), staff: staff)
                }
            }
        } catch {
            logger.error("the result outbox could not be read", [("error", "\(error)")])
            return false
        }
        var allDelivered = true
        // A region that failed once in this pass is not called again in it: its other results wait for the next.
        var unreachable: Set<String> = []
        for var item in pending {
            guard !unreachable.contains(item.region) else { continue }
            var outcome: String?
            let addressed = (item.region, item.delivery.trajectoryID)
            // The trajectory may have moved after its booking (a transfer carries the booking in the file): the
            // booking region's refusal names the region and id it moved to, and the result follows it there.
            for _ in 0..<Self.followedMoves {
                do {
                    // The booking region's audit trail names the staff member who recorded the result.
                    let options = CallOptions(timeout: peerWork.peerTimeout, metadata: item.staff.map(ActingUser.metadata(for:)) ?? [])
                    _ = try await client(of: item.region).deliverResult(item.delivery, options: options)
                    outcome = nil
                    break
                } catch {
                    outcome = (error as? RPCError).map { "\($0.status.name): \($0.message.prefix(200))" } ?? "\(error)".prefix(200).description
                    if let moved = Self.movedTo(error, from: item.delivery.trajectoryID) {
                        logger.info("a test result follows its trajectory to the region it moved to",
                                    [("booking", item.delivery.bookingID), ("from", item.region), ("to", moved.region)])
                        item.region = moved.region
                        item.delivery.trajectoryID = moved.trajectoryID
                        continue
                    }
                    if let refusal = error as? RPCError, ![.unavailable, .deadlineExceeded].contains(refusal.status) {
                        // A refusal concerns this result only; the region answered, so its other results go on.
                    } else {
                        unreachable.insert(item.region)
                    }
                    break
                }
            }
            if let outcome {
                allDelivered = false
                logger.warning("a test result was not delivered; it stays in the outbox",
                               [("booking", item.delivery.bookingID), ("region", item.region), ("error", outcome)])
            }
            let delivered = outcome == nil
            let now = store.currentTime.millisecondsSince1970
            let seq = item.bookingSeq
            let error = outcome
            let followed = addressed != (item.region, item.delivery.trajectoryID) ? (item.region, try? StoredFile.encode(item.delivery)) : nil
            do {
                try await store.database.write { connection in
                    if case let (region, delivery?)? = followed {
                        try connection.run("UPDATE exemption_outbox SET target_region = ?, delivery = ? WHERE booking_seq = ?",
                                           [.text(region), .blob(delivery), .integer(seq)])
                    }
                    if delivered {
                        try connection.run("UPDATE exemption_outbox SET delivered_ms = ?, attempts = attempts + 1, last_error = NULL WHERE booking_seq = ?",
                                           [.integer(now), .integer(seq)])
                    } else {
                        try connection.run("UPDATE exemption_outbox SET attempts = attempts + 1, last_error = ? WHERE booking_seq = ?",
                                           [.text(error ?? ""), .integer(seq)])
                    }
                }
            } catch {
                // The next pass delivers it again; the booking region answers a repeat the same.
                logger.error("the outbox could not note a delivery", [("booking", item.delivery.bookingID), ("error", "\(error)")])
            }
        }
        return allDelivered
    }

    /// How many moves of one trajectory a delivery follows in a pass (a trajectory that moved back and forth).
    static let followedMoves = 8

    /// The region and trajectory id a refusal's tombstone names (`failed_precondition` with `region`,
    /// `trajectoryID` and `transferID`, TrajectoryRecords.requireWritable), checked like any id from the wire:
    /// nil for any other answer, and for a frozen trajectory (no new id yet: the delivery waits for the transfer).
    static func movedTo(_ error: any Error, from trajectoryID: String) -> (region: String, trajectoryID: String)? {
        guard let refusal = error as? RPCError, refusal.status == .failedPrecondition, refusal.details["transferID"] != nil,
              let region = refusal.details["region"], let newID = refusal.details["trajectoryID"], newID != trajectoryID,
              (try? ExemptionRules.region(ofTrajectory: newID)) == region else { return nil }
        return (region, newID)
    }
}

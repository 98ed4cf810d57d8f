import Foundation
import SamenContracts
import SamenReferenceData
import SamenRPC
import SamenTestSupport
@testable import TrajectoryService
import XCTest

/// The MO exemption test across two regions over real TLS: antwerpen books gent's slots, gent records results and
/// delivers them to antwerpen, where a pass exempts the trajectory from MO.
final class ExemptionTests: XCTestCase {
    var fixture: ExemptionFixture!

    override func setUp() async throws {
        fixture = try await ExemptionFixture()
    }

    override func tearDown() async throws {
        await fixture.stop()
    }

    func testABookingInAnotherRegionGetsItsResultBackAndPassingExemptsMO() async throws {
        let slot = try await fixture.slot(capacity: 2)
        XCTAssertEqual(slot.id, "gent-s1")
        let file = try await fixture.signed(in: "antwerpen", 1)
        let listed = try await fixture.antwerpenCounsellor.listSlots(ExemptionSlotQuery(region: "gent"))
        XCTAssertEqual(listed.slots, [slot], "antwerpen's staff see gent's slots through their own trajectory service")

        let booking = try await fixture.antwerpenCounsellor.book(ExemptionBookRequest(trajectoryID: file.trajectoryID, slotID: slot.id))
        XCTAssertEqual(booking.bookingID, "gent-b1")
        XCTAssertEqual(booking.bookingRegion, "antwerpen")
        XCTAssertEqual(booking.slotRegion, "gent")
        XCTAssertNil(booking.result)
        let booked = try await fixture.trajectory(file.trajectoryID)
        XCTAssertEqual(booked.exemptionTests, [booking])
        XCTAssertEqual(booked.version, file.version + 1)

        let detail = try await fixture.gentPlanner.slot(slot.id)
        XCTAssertEqual(detail.slot.booked, 1)
        XCTAssertEqual(detail.attendees.map(\.trajectoryID), [file.trajectoryID])
        XCTAssertEqual(detail.attendees.first?.name, PersonName(given: "Kandidaat1", family: "Voorbeeld"), "the name for the check at the door")
        XCTAssertEqual(detail.attendees.first?.bookingRegion, "antwerpen")

        let recorded = try await fixture.gentPlanner.recordResult(ExemptionResultRequest(bookingID: booking.bookingID, result: .passed))
        XCTAssertEqual(recorded.result, .passed)
        await eventually(timeout: .seconds(30), "the result reaches antwerpen") {
            (try? await self.fixture.trajectory(file.trajectoryID))?.exemptionTests?.first?.result == .passed
        }
        let exempted = try await fixture.trajectory(file.trajectoryID)
        XCTAssertEqual(fixture.mo(exempted).state, .exempted)
        XCTAssertEqual(fixture.mo(exempted).reason, "vrijstellingstoets geslaagd")
        XCTAssertEqual(fixture.mo(exempted).endedOn, slot.date, "exempted on the day of the test")
        XCTAssertTrue(exempted.components.filter { $0.component != .mo }.allSatisfy { $0.state == .planned })

        let again = await assertRPCError(.failedPrecondition) {
            try await self.fixture.antwerpenCounsellor.book(ExemptionBookRequest(trajectoryID: file.trajectoryID, slotID: slot.id))
        }
        XCTAssertEqual(again?.details["field"], "trajectoryID")
        XCTAssertEqual(again?.details["current"], "exempted")
        let twice = await assertRPCError(.failedPrecondition) {
            try await self.fixture.gentPlanner.recordResult(ExemptionResultRequest(bookingID: booking.bookingID, result: .failed))
        }
        XCTAssertEqual(twice?.details["field"], "result")

        // Both sides name the trajectory and the staff member; gent's name the booking counsellor of antwerpen.
        let gentTrail = try await fixture.audit("gent", of: file.trajectoryID)
        XCTAssertEqual(gentTrail.filter { $0[3] == "ok" }.map { [$0[0], $0[1], $0[2]] }, [
            ["trajectory/exemption.bookFor", "a-counsellor", "change"],
            ["trajectory/exemption.slot", "g-planner", "read"],
            ["trajectory/exemption.recordResult", "g-planner", "change"],
        ])
        XCTAssertEqual(gentTrail.last, ["trajectory/exemption.recordResult", "g-planner", "change", "failed_precondition"])
        let antwerpenTrail = try await fixture.audit("antwerpen", of: file.trajectoryID).filter { $0[0].contains("exemption") }
        XCTAssertEqual(antwerpenTrail, [
            ["trajectory/exemption.book", "a-counsellor", "change", "ok"],
            ["trajectory/exemption.deliverResult", "g-planner", "change", "ok"],
            ["trajectory/exemption.book", "a-counsellor", "change", "failed_precondition"],
        ])
    }

    /// The outbox's passes come from its own loop and from every recorded result; side by side, each would read
    /// the same undelivered row and deliver it, and the booking region's audit trail would name two deliveries.
    func testOutboxPassesAskedForAtOnceDeliverAResultOnce() async throws {
        let slot = try await fixture.slot(capacity: 2)
        let file = try await fixture.signed(in: "antwerpen", 1)
        let booking = try await fixture.antwerpenCounsellor.book(ExemptionBookRequest(trajectoryID: file.trajectoryID, slotID: slot.id))
        _ = try await fixture.gentPlanner.recordResult(ExemptionResultRequest(bookingID: booking.bookingID, result: .passed))
        let outbox = fixture.mesh.runningService("gent").exemption
        await withTaskGroup(of: Void.self) { group in
            for _ in 1...8 { group.addTask { _ = await outbox.deliverPending() } }
        }
        await eventually(timeout: .seconds(30), "the result reaches antwerpen") {
            (try? await self.fixture.trajectory(file.trajectoryID))?.exemptionTests?.first?.result == .passed
        }
        let drained = await outbox.deliverPending()
        XCTAssertTrue(drained, "nothing left to deliver")
        let deliveries = try await fixture.audit("antwerpen", of: file.trajectoryID).filter { $0[0] == "trajectory/exemption.deliverResult" }
        XCTAssertEqual(deliveries, [["trajectory/exemption.deliverResult", "g-planner", "change", "ok"]])
    }

    func testAFailedTestLeavesMOAsItWasAndTheTrajectoryMayBookAgain() async throws {
        let slot = try await fixture.slot(capacity: 5)
        let file = try await fixture.signed(in: "antwerpen", 2)
        let first = try await fixture.antwerpenCounsellor.book(ExemptionBookRequest(trajectoryID: file.trajectoryID, slotID: slot.id))
        let open = await assertRPCError(.failedPrecondition) {
            try await self.fixture.antwerpenCounsellor.book(ExemptionBookRequest(trajectoryID: file.trajectoryID, slotID: slot.id))
        }
        XCTAssertEqual(open?.details["bookingID"], first.bookingID, "one open booking at a time")
        _ = try await fixture.gentPlanner.recordResult(ExemptionResultRequest(bookingID: first.bookingID, result: .failed))
        await eventually(timeout: .seconds(30), "the result reaches antwerpen") {
            (try? await self.fixture.trajectory(file.trajectoryID))?.exemptionTests?.first?.result == .failed
        }
        let moAfterFailure = fixture.mo(try await fixture.trajectory(file.trajectoryID)).state
        XCTAssertEqual(moAfterFailure, .planned)
        let sameSlot = await assertRPCError(.alreadyExists) {
            try await self.fixture.antwerpenCounsellor.book(ExemptionBookRequest(trajectoryID: file.trajectoryID, slotID: slot.id))
        }
        XCTAssertEqual(sameSlot?.details["bookingID"], first.bookingID, "a person is booked once per slot")
        let later = try await fixture.slot(capacity: 5)
        let second = try await fixture.antwerpenCounsellor.book(ExemptionBookRequest(trajectoryID: file.trajectoryID, slotID: later.id))
        XCTAssertNotEqual(second.bookingID, first.bookingID)
        let stored = try await fixture.trajectory(file.trajectoryID)
        XCTAssertEqual(stored.exemptionTests?.map(\.result), [.failed, nil])
        let seatsTaken = try await fixture.gentPlanner.slot(slot.id).slot.booked
        XCTAssertEqual(seatsTaken, 1, "a failed test keeps its seat on the list of the day it was held")
    }

    func testConcurrentBookingsFromBothRegionsNeverExceedTheCapacity() async throws {
        let slot = try await fixture.slot(capacity: 3)
        var files: [TrajectoryFile] = []
        for number in 1...5 {
            files.append(try await fixture.signed(in: "antwerpen", 10 + number))
            files.append(try await fixture.signed(in: "gent", 20 + number))
        }
        let clients = ["antwerpen": fixture.antwerpenCounsellor, "gent": fixture.gentCounsellor]
        let answers: [(String, StatusCode?)] = try await withThrowingTaskGroup(of: (String, StatusCode?).self) { tasks in
            for file in files {
                tasks.addTask {
                    do {
                        _ = try await clients[file.region]!.book(ExemptionBookRequest(trajectoryID: file.trajectoryID, slotID: slot.id))
                        return (file.trajectoryID, nil)
                    } catch let error as RPCError {
                        return (file.trajectoryID, error.status)
                    }
                }
            }
            var all: [(String, StatusCode?)] = []
            for try await answer in tasks { all.append(answer) }
            return all
        }
        let seated = answers.filter { $0.1 == nil }.map { $0.0 }
        XCTAssertEqual(seated.count, 3, "exactly the capacity: \(answers)")
        XCTAssertEqual(answers.filter { $0.1 == StatusCode.failedPrecondition }.count, 7, "every other booking is refused as full: \(answers)")
        let detail = try await fixture.gentPlanner.slot(slot.id)
        XCTAssertEqual(detail.slot.booked, 3)
        XCTAssertEqual(Set(detail.attendees.map(\.trajectoryID)), Set(seated))
        for file in files {
            let stored = try await fixture.trajectory(file.trajectoryID)
            XCTAssertEqual(stored.exemptionTests?.count ?? 0, seated.contains(file.trajectoryID) ? 1 : 0, file.trajectoryID)
        }
        let listed = try await fixture.antwerpenCounsellor.listSlots(ExemptionSlotQuery(region: "gent"))
        XCTAssertEqual(listed.slots, [], "a full slot is not listed")
    }

    func testARetryUnderTheSameKeyTakesOneSeatEvenWhenTheRetriesRace() async throws {
        let slot = try await fixture.slot(capacity: 10)
        let file = try await fixture.signed(in: "antwerpen", 3)
        let request = ExemptionBookRequest(trajectoryID: file.trajectoryID, slotID: slot.id)
        let options = CallOptions(idempotencyKey: "book-once")
        let client = fixture.antwerpenCounsellor
        let answers = try await withThrowingTaskGroup(of: ExemptionBooking.self) { tasks in
            for _ in 0..<6 { tasks.addTask { try await client.book(request, options: options) } }
            var all: [ExemptionBooking] = []
            for try await answer in tasks { all.append(answer) }
            return all
        }
        XCTAssertEqual(Set(answers.map(\.bookingID)).count, 1, "every retry answers the one booking")
        let later = try await client.book(request, options: options)
        XCTAssertEqual(later, answers[0], "a retry after the reply was lost answers the first booking")
        let seatsTaken = try await fixture.gentPlanner.slot(slot.id).slot.booked
        XCTAssertEqual(seatsTaken, 1, "one seat")
        let bookingCount = try await fixture.trajectory(file.trajectoryID).exemptionTests?.count
        XCTAssertEqual(bookingCount, 1)

        // The same key from another counsellor is another call: it does not answer the first one's booking.
        let other = try fixture.mesh.exemption("antwerpen", user: "a-other", roles: [.counsellor])
        let refused = await assertRPCError(.failedPrecondition) { try await other.book(request, options: options) }
        XCTAssertEqual(refused?.details["bookingID"], answers[0].bookingID)
    }

    /// What antwerpen sends gent when a-counsellor books `file` into `slot` under `key`, sent as antwerpen's
    /// trajectory service: gent seats the trajectory; antwerpen records nothing. Returns the seat and antwerpen's client.
    func seatedAtGentOnly(_ file: TrajectoryFile, _ slot: ExemptionSlot, key: String, candidate: Int) async throws -> (ExemptionBooking, ExemptionClient) {
        let caller = fixture.mesh.mesh.staffIdentity("a-counsellor", region: "antwerpen")
        let context = CallContext(peer: caller, method: ExemptionAPI.book.name, requestID: key, deadline: nil, idempotencyKey: key,
                                  metadata: [], logger: fixture.mesh.mesh.logger("test"))
        let antwerpen = ExemptionClient(channel: try fixture.mesh.service("gent", as: TrajectoryAPI.service, of: "antwerpen").channel)
        let seated = try await antwerpen.bookFor(ExemptionBookForRequest(slotID: slot.id, trajectoryID: file.trajectoryID,
                                                                         name: PersonName(given: "Kandidaat\(candidate)", family: "Voorbeeld")),
                                                 options: CallOptions(idempotencyKey: MOExemption.derivedKey("book", context)))
        return (seated, antwerpen)
    }

    func testWhenTheOfferingRegionSeatedButTheBookingRegionNeverHeardTheRetryTakesThatSeat() async throws {
        let slot = try await fixture.slot(capacity: 10)
        let file = try await fixture.signed(in: "antwerpen", 8)
        let request = ExemptionBookRequest(trajectoryID: file.trajectoryID, slotID: slot.id)
        // antwerpen's answer is lost before it records anything (a crash, a cut link).
        let (seated, _) = try await seatedAtGentOnly(file, slot, key: "book-after-crash", candidate: 8)
        let untouched = try await fixture.trajectory(file.trajectoryID)
        XCTAssertNil(untouched.exemptionTests, "antwerpen never recorded it")

        let retried = try await fixture.antwerpenCounsellor.book(request, options: CallOptions(idempotencyKey: "book-after-crash"))
        XCTAssertEqual(retried, seated, "the caller's retry gets the seat gent gave, not a second one")
        let seatsTaken = try await fixture.gentPlanner.slot(slot.id).slot.booked
        XCTAssertEqual(seatsTaken, 1)
        let stored = try await fixture.trajectory(file.trajectoryID)
        XCTAssertEqual(stored.exemptionTests, [seated])
    }

    func testARetryAfterTheBookingRegionGaveTheSeatBackIsRefusedNotRecorded() async throws {
        let slot = try await fixture.slot(capacity: 10)
        let file = try await fixture.signed(in: "antwerpen", 9)
        // gent seated the trajectory for this caller's key; antwerpen could not record it and gave the seat back.
        let (seated, antwerpen) = try await seatedAtGentOnly(file, slot, key: "book-undone", candidate: 9)
        _ = try await antwerpen.cancelFor(seated.bookingID, options: CallOptions(idempotencyKey: "exemption-undo-\(seated.bookingID)"))

        let retry = await assertRPCError(.failedPrecondition) {
            try await self.fixture.antwerpenCounsellor.book(ExemptionBookRequest(trajectoryID: file.trajectoryID, slotID: slot.id),
                                                            options: CallOptions(idempotencyKey: "book-undone"))
        }
        XCTAssertEqual(retry?.details["bookingID"], seated.bookingID, retry?.message ?? "")
        let stored = try await fixture.trajectory(file.trajectoryID)
        XCTAssertNil(stored.exemptionTests, "no booking recorded for a seat nobody holds")
        let seatsTaken = try await fixture.gentPlanner.slot(slot.id).slot.booked
        XCTAssertEqual(seatsTaken, 0)
        let fresh = try await fixture.antwerpenCounsellor.book(ExemptionBookRequest(trajectoryID: file.trajectoryID, slotID: slot.id),
                                                               options: CallOptions(idempotencyKey: "book-again"))
        XCTAssertNotEqual(fresh.bookingID, seated.bookingID, "a new key books again")
    }

    func testTwoBookingsOfOneTrajectoryAtOnceLeaveOneBookingAndOneSeat() async throws {
        let morning = try await fixture.slot(capacity: 10)
        let afternoon = try await fixture.gentPlanner.createSlot(ExemptionSlotPlan(date: Fixtures.today, start: "14:00", place: "Gent", capacity: 10))
        let client = fixture.antwerpenCounsellor
        for round in 1...5 {
            let file = try await fixture.signed(in: "antwerpen", 50 + round)
            let answers = try await withThrowingTaskGroup(of: StatusCode?.self) { tasks in
                for slot in [morning, afternoon] {
                    tasks.addTask {
                        do {
                            _ = try await client.book(ExemptionBookRequest(trajectoryID: file.trajectoryID, slotID: slot.id))
                            return nil
                        } catch let error as RPCError {
                            return error.status
                        }
                    }
                }
                var all: [StatusCode?] = []
                for try await answer in tasks { all.append(answer) }
                return all
            }
            XCTAssertEqual(answers.filter { $0 == nil }.count, 1, "round \(round): \(answers)")
            XCTAssertEqual(answers.filter { $0 == StatusCode.failedPrecondition }.count, 1, "round \(round): \(answers)")
            let stored = try await fixture.trajectory(file.trajectoryID)
            XCTAssertEqual(stored.exemptionTests?.count, 1, "round \(round)")
            // A seat gent gave for the refused booking was given back: one seat per trajectory over both slots.
            let seats = try await fixture.gentPlanner.slot(morning.id).slot.booked + fixture.gentPlanner.slot(afternoon.id).slot.booked
            XCTAssertEqual(seats, round, "round \(round)")
        }
    }

    func testWhenTheOfferingRegionIsUnreachableTheBookingIsUnavailableAndNothingIsBooked() async throws {
        let slot = try await fixture.slot(capacity: 2)
        let file = try await fixture.signed(in: "antwerpen", 4)
        let port = await fixture.mesh.stopTrajectory("gent")
        let refused = await assertRPCError(.unavailable) {
            try await self.fixture.antwerpenCounsellor.book(ExemptionBookRequest(trajectoryID: file.trajectoryID, slotID: slot.id))
        }
        XCTAssertTrue(refused?.message.contains("gent") == true, refused?.message ?? "")
        let unchanged = try await fixture.trajectory(file.trajectoryID)
        XCTAssertEqual(unchanged, file, "nothing was booked at antwerpen")
        await assertRPCError(.unavailable) { try await self.fixture.antwerpenCounsellor.listSlots(ExemptionSlotQuery(region: "gent")) }

        try await fixture.mesh.startTrajectory("gent", port: port!)
        let seatsAfterOutage = try await fixture.gentPlanner.slot(slot.id).slot.booked
        XCTAssertEqual(seatsAfterOutage, 0, "nothing was booked at gent")
        var booking: ExemptionBooking?
        await eventually(timeout: .seconds(30), "antwerpen books once gent is back") {
            booking = try? await self.fixture.antwerpenCounsellor.book(ExemptionBookRequest(trajectoryID: file.trajectoryID, slotID: slot.id))
            return booking != nil
        }
        let seatsTaken = try await fixture.gentPlanner.slot(slot.id).slot.booked
        XCTAssertEqual(seatsTaken, 1)
    }

    func testAResultRecordedWhileTheBookingRegionIsDownArrivesWhenItIsBack() async throws {
        let slot = try await fixture.slot(capacity: 2)
        let file = try await fixture.signed(in: "antwerpen", 5)
        let booking = try await fixture.antwerpenCounsellor.book(ExemptionBookRequest(trajectoryID: file.trajectoryID, slotID: slot.id))
        let port = await fixture.mesh.stopTrajectory("antwerpen")
        _ = try await fixture.gentPlanner.recordResult(ExemptionResultRequest(bookingID: booking.bookingID, result: .passed))
        await eventually(timeout: .seconds(30), "gent tried and kept the result in its outbox") {
            self.fixture.mesh.mesh.logLines().contains { $0.contains("a test result was not delivered") && $0.contains(booking.bookingID) }
        }
        try await fixture.mesh.startTrajectory("antwerpen", port: port!)
        await eventually(timeout: .seconds(60), "the result arrives once antwerpen is back") {
            (try? await self.fixture.trajectory(file.trajectoryID)).map { self.fixture.mo($0).state == .exempted } == true
        }
        let stored = try await fixture.trajectory(file.trajectoryID)
        XCTAssertEqual(stored.exemptionTests?.map(\.result), [.passed])
        let deliveries = try await fixture.audit("antwerpen", of: file.trajectoryID).filter { $0[0] == "trajectory/exemption.deliverResult" }
        XCTAssertGreaterThanOrEqual(deliveries.count, 1)
        XCTAssertTrue(deliveries.allSatisfy { $0[3] == "ok" }, "\(deliveries)")
    }

    /// antwerpen books gent's slot, then the trajectory moves to gent (the booking with it). The result gent records
    /// goes to antwerpen first, whose tombstone refuses it naming gent and the new id; the outbox follows it there.
    func testAResultForATrajectoryThatMovedAfterItsBookingFollowsItToItsNewRegion() async throws {
        let slot = try await fixture.slot(capacity: 2)
        let file = try await fixture.signed(in: "antwerpen", 8)
        let booking = try await fixture.antwerpenCounsellor.book(ExemptionBookRequest(trajectoryID: file.trajectoryID, slotID: slot.id))
        let booked = try await fixture.trajectory(file.trajectoryID)
        let requested = try await fixture.mesh.transfers("antwerpen", user: "antwerpen-counsellor").request(
            TransferRequest(trajectory: booked.reference, targetRegion: "gent", municipality: "44021", reason: "verhuisd naar Gent"))
        let gentTransfers = try fixture.mesh.transfers("gent", user: "gent-counsellor")
        await eventually(timeout: .seconds(30), "gent accepts once the offer is there") {
            (try? await gentTransfers.accept(requested.transferID)) != nil
        }
        await eventually(timeout: .seconds(30), "antwerpen keeps a tombstone") {
            (try? await self.fixture.trajectory(file.trajectoryID))?.tombstone != nil
        }
        let newID = try await fixture.trajectory(file.trajectoryID).tombstone!.trajectoryID
        let arrived = try await fixture.trajectory(newID)
        XCTAssertEqual(arrived.exemptionTests?.map(\.bookingID), [booking.bookingID], "the booking moved with the file")

        _ = try await fixture.gentPlanner.recordResult(ExemptionResultRequest(bookingID: booking.bookingID, result: .passed))
        await eventually(timeout: .seconds(30), "the result reaches the trajectory where it is now") {
            (try? await self.fixture.trajectory(newID)).map { self.fixture.mo($0).state == .exempted } == true
        }
        let moved = try await fixture.trajectory(newID)
        XCTAssertEqual(moved.exemptionTests?.map(\.result), [.passed])
        let tombstone = try await fixture.trajectory(file.trajectoryID)
        XCTAssertEqual(tombstone.exemptionTests?.map(\.result), [nil], "the tombstone is read-only")
        let refused = try await fixture.audit("antwerpen", of: file.trajectoryID).filter { $0[0] == "trajectory/exemption.deliverResult" }
        XCTAssertEqual(refused.first, ["trajectory/exemption.deliverResult", "g-planner", "change", "failed_precondition"])
        let delivered = try await fixture.audit("gent", of: newID).filter { $0[0] == "trajectory/exemption.deliverResult" }
        XCTAssertEqual(delivered, [["trajectory/exemption.deliverResult", "g-planner", "change", "ok"]])
        // The test stays counted where it was booked, with its result.
        let counted = try await figure("antwerpen", "exemption.tests.byResult")
        XCTAssertEqual(counted, [AggregateRow(keys: ["passed", "gent"], value: 1)])
        let notAgain = try await figure("gent", "exemption.tests.byResult")
        XCTAssertEqual(notAgain, [])
        let pending = fixture.mesh.mesh.logLines().filter { $0.contains("a test result was not delivered") }
        XCTAssertEqual(pending, [], "delivered in the pass that met the tombstone")
    }

    func testACancellationFreesTheSeatAtTheOfferingRegion() async throws {
        let slot = try await fixture.slot(capacity: 1)
        let file = try await fixture.signed(in: "antwerpen", 6)
        let other = try await fixture.signed(in: "antwerpen", 7)
        let booking = try await fixture.antwerpenCounsellor.book(ExemptionBookRequest(trajectoryID: file.trajectoryID, slotID: slot.id))
        await assertRPCError(.failedPrecondition) {
            try await self.fixture.antwerpenCounsellor.book(ExemptionBookRequest(trajectoryID: other.trajectoryID, slotID: slot.id))
        }
        let cancelled = try await fixture.antwerpenCounsellor.cancel(booking.bookingID)
        XCTAssertEqual(cancelled.state, .cancelled)
        let states = try await fixture.trajectory(file.trajectoryID).exemptionTests?.map(\.state)
        XCTAssertEqual(states, [.cancelled])
        let seatsLeft = try await fixture.gentPlanner.slot(slot.id).slot.booked
        XCTAssertEqual(seatsLeft, 0)
        _ = try await fixture.antwerpenCounsellor.book(ExemptionBookRequest(trajectoryID: other.trajectoryID, slotID: slot.id))
        let recorded = await assertRPCError(.failedPrecondition) {
            try await self.fixture.gentPlanner.recordResult(ExemptionResultRequest(bookingID: booking.bookingID, result: .passed))
        }
        XCTAssertEqual(recorded?.details["field"], "bookingID")
        await assertRPCError(.failedPrecondition) { try await self.fixture.antwerpenCounsellor.cancel(booking.bookingID) }
    }

    func testFiguresCountTheBookingRegionsTestsAndTheTestsTheOfferingRegionHeld() async throws {
        let slot = try await fixture.slot(capacity: 10)
        var bookings: [ExemptionBooking] = []
        for number in 1...3 {
            let file = try await fixture.signed(in: "antwerpen", 30 + number)
            bookings.append(try await fixture.antwerpenCounsellor.book(ExemptionBookRequest(trajectoryID: file.trajectoryID, slotID: slot.id)))
        }
        let own = try await fixture.signed(in: "gent", 40)
        _ = try await fixture.gentCounsellor.book(ExemptionBookRequest(trajectoryID: own.trajectoryID, slotID: slot.id))
        let cancelledFile = try await fixture.signed(in: "antwerpen", 39)
        let cancelled = try await fixture.antwerpenCounsellor.book(ExemptionBookRequest(trajectoryID: cancelledFile.trajectoryID, slotID: slot.id))
        _ = try await fixture.antwerpenCounsellor.cancel(cancelled.bookingID)
        _ = try await fixture.gentPlanner.recordResult(ExemptionResultRequest(bookingID: bookings[0].bookingID, result: .passed))
        _ = try await fixture.gentPlanner.recordResult(ExemptionResultRequest(bookingID: bookings[1].bookingID, result: .failed))
        await eventually(timeout: .seconds(30), "both results reach antwerpen") {
            let rows = try? await self.figure("antwerpen", "exemption.tests.byResult")
            return rows?.count == 3
        }
        let booked = try await figure("antwerpen", "exemption.tests.byResult")
        XCTAssertEqual(booked, [AggregateRow(keys: ["failed", "gent"], value: 1), AggregateRow(keys: ["passed", "gent"], value: 1),
                                AggregateRow(keys: ["pending", "gent"], value: 1)], "registered 3, passed 1; the cancelled one is not counted")
        let held = try await figure("gent", "exemption.held.byRegion")
        XCTAssertEqual(held, [AggregateRow(keys: ["antwerpen", "failed"], value: 1), AggregateRow(keys: ["antwerpen", "passed"], value: 1),
                              AggregateRow(keys: ["antwerpen", "pending"], value: 1), AggregateRow(keys: ["gent", "pending"], value: 1)])
        let gentOwn = try await figure("gent", "exemption.tests.byResult")
        XCTAssertEqual(gentOwn, [AggregateRow(keys: ["pending", "gent"], value: 1)])
        let before = try await fixture.mesh.service("antwerpen", as: "reporting").figures(
            AggregateRequest(figure: "exemption.tests.byResult", from: Fixtures.today.adding(days: -30)!, through: Fixtures.today.adding(days: -1)!))
        XCTAssertEqual(before.rows, [], "tests are counted in the period of their date")
    }

    private func figure(_ region: String, _ name: String) async throws -> [AggregateRow] {
        try await fixture.mesh.service(region, as: "reporting").figures(AggregateRequest(figure: name, from: Fixtures.today, through: Fixtures.today)).rows
    }
}

import Foundation
import SamenContracts
import SamenReferenceData
import SamenRPC
import SamenTestSupport
import XCTest

/// Who may call the exemption methods, what input they refuse (naming the field), and how an MO enrolment goes
/// with the trajectory's MO component.
final class ExemptionRulesTests: XCTestCase {
    var fixture: ExemptionFixture!

    override func setUp() async throws {
        fixture = try await ExemptionFixture()
    }

    override func tearDown() async throws {
        await fixture.stop()
    }

    func testOnlyTheRightStaffAndServicesAreAdmitted() async throws {
        let slot = try await fixture.slot(capacity: 2)
        let file = try await fixture.signed(in: "antwerpen", 1)
        let request = ExemptionBookRequest(trajectoryID: file.trajectoryID, slotID: slot.id)
        let desk = try fixture.mesh.exemption("antwerpen", user: "a-desk", roles: [.desk])
        await assertRPCError(.permissionDenied) { try await desk.book(request) }
        await assertRPCError(.permissionDenied) { try await desk.listSlots() }
        await assertRPCError(.permissionDenied) {
            try await self.fixture.antwerpenCounsellor.createSlot(ExemptionSlotPlan(date: Fixtures.today, start: "10:00", place: "Antwerpen", capacity: 3))
        }
        // Staff of antwerpen, even a counsellor, cannot book at gent directly nor record gent's results.
        let visiting = try fixture.mesh.exemption("gent", user: "a-counsellor", roles: [.counsellor, .planner], of: "antwerpen")
        let name = PersonName(given: "Testa", family: "Voorbeeld")
        await assertRPCError(.permissionDenied) { try await visiting.bookFor(ExemptionBookForRequest(slotID: slot.id, trajectoryID: file.trajectoryID, name: name)) }
        await assertRPCError(.permissionDenied) { try await visiting.book(request) }
        await assertRPCError(.permissionDenied) { try await visiting.slot(slot.id) }
        // gent's own staff cannot call the service-only side either.
        await assertRPCError(.permissionDenied) {
            try await self.fixture.gentPlanner.bookFor(ExemptionBookForRequest(slotID: slot.id, trajectoryID: file.trajectoryID, name: name))
        }
        // Another service is not a trajectory service; antwerpen's trajectory service books only its own trajectories.
        let intake = ExemptionClient(channel: try fixture.mesh.service("gent", as: "intake", of: "antwerpen").channel)
        await assertRPCError(.permissionDenied) { try await intake.bookFor(ExemptionBookForRequest(slotID: slot.id, trajectoryID: file.trajectoryID, name: name)) }
        let antwerpen = ExemptionClient(channel: try fixture.mesh.service("gent", as: TrajectoryAPI.service, of: "antwerpen").channel)
        let foreign = await assertRPCError(.permissionDenied) {
            try await antwerpen.bookFor(ExemptionBookForRequest(slotID: slot.id, trajectoryID: "gent-t1", name: name))
        }
        XCTAssertEqual(foreign?.details["field"], "trajectoryID")
        // Only the offering region delivers its results.
        let forged = await assertRPCError(.permissionDenied) {
            try await ExemptionClient(channel: try self.fixture.mesh.service("antwerpen", as: TrajectoryAPI.service, of: "brugge").channel)
                .deliverResult(ExemptionResultDelivery(bookingID: "gent-b1", trajectoryID: file.trajectoryID, result: .passed, testedOn: Fixtures.today))
        }
        XCTAssertEqual(forged?.details["field"], "bookingID")
        let seats = try await fixture.gentPlanner.slot(slot.id).slot.booked
        XCTAssertEqual(seats, 0, "no refused call took a seat")
    }

    func testBadInputIsRefusedNamingTheField() async throws {
        func plan(_ change: (inout ExemptionSlotPlan) -> Void) -> ExemptionSlotPlan {
            var plan = ExemptionSlotPlan(date: Fixtures.today, start: "09:30", place: "Gent", capacity: 10)
            change(&plan)
            return plan
        }
        let cases: [(ExemptionSlotPlan, String)] = [
            (plan { $0.capacity = 0 }, "capacity"), (plan { $0.capacity = 101 }, "capacity"), (plan { $0.capacity = Int.max }, "capacity"),
            (plan { $0.start = "24:00" }, "start"), (plan { $0.start = "9:30" }, "start"), (plan { $0.start = "09:60" }, "start"),
            (plan { $0.place = "  " }, "place"), (plan { $0.place = String(repeating: "x", count: 121) }, "place"),
            (plan { $0.date = Fixtures.today.adding(days: -1)! }, "date"),
        ]
        for (bad, field) in cases {
            let refused = await assertRPCError(.invalidArgument) { try await self.fixture.gentPlanner.createSlot(bad) }
            XCTAssertEqual(refused?.details["field"], field, "\(bad)")
        }
        let file = try await fixture.signed(in: "antwerpen", 2)
        let counsellor = fixture.antwerpenCounsellor
        for (request, field) in [(ExemptionBookRequest(trajectoryID: file.trajectoryID, slotID: "gent-x1"), "slotID"),
                                 (ExemptionBookRequest(trajectoryID: file.trajectoryID, slotID: "Gent-s1"), "slotID"),
                                 (ExemptionBookRequest(trajectoryID: "antwerpen-t0", slotID: "gent-s1"), "trajectoryID"),
                                 (ExemptionBookRequest(trajectoryID: "Kandidaat, 1990", slotID: "gent-s1"), "trajectoryID")] {
            let refused = await assertRPCError(.invalidArgument) { try await counsellor.book(request) }
            XCTAssertEqual(refused?.details["field"], field, "\(request)")
        }
        let missing = await assertRPCError(.notFound) { try await counsellor.book(ExemptionBookRequest(trajectoryID: file.trajectoryID, slotID: "gent-s99")) }
        XCTAssertEqual(missing?.details["field"], "slotID")
        let unknown = await assertRPCError(.notFound) { try await counsellor.book(ExemptionBookRequest(trajectoryID: "antwerpen-t99", slotID: "gent-s1")) }
        XCTAssertEqual(unknown?.details["field"], "trajectoryID")
        for limit in [0, 501] {
            let refused = await assertRPCError(.invalidArgument) { try await counsellor.listSlots(ExemptionSlotQuery(limit: limit)) }
            XCTAssertEqual(refused?.details["field"], "limit")
        }
        let elsewhere = await assertRPCError(.invalidArgument) { try await self.fixture.gentPlanner.slot("antwerpen-s1") }
        XCTAssertEqual(elsewhere?.details["field"], "slotID")

        // A result before the test was held.
        let tomorrow = try await fixture.gentPlanner.createSlot(ExemptionSlotPlan(date: Fixtures.today.adding(days: 1)!, start: "13:00",
                                                                                  place: "Gent", capacity: 1))
        let booking = try await counsellor.book(ExemptionBookRequest(trajectoryID: file.trajectoryID, slotID: tomorrow.id))
        let early = await assertRPCError(.failedPrecondition) {
            try await self.fixture.gentPlanner.recordResult(ExemptionResultRequest(bookingID: booking.bookingID, result: .passed))
        }
        XCTAssertEqual(early?.details["field"], "bookingID")
        let unchanged = try await fixture.trajectory(file.trajectoryID)
        XCTAssertEqual(unchanged.exemptionTests?.map(\.result), [nil])
    }

    func testGettingAPlaceStartsMOAndAPassedTestTakesThePersonOutOfTheGroupsGivingThePlaceOn() async throws {
        let planner = MOCoursesClient(channel: try fixture.mesh.staff("gent", user: "g-planner", roles: [.planner]).channel)
        let group = try await planner.createGroup(MOGroupPlan(language: "ar", place: "Gent", from: Fixtures.today,
                                                              through: Fixtures.today.adding(days: 60)!, capacity: 1))
        let first = try await fixture.signed(in: "gent", 1)
        let second = try await fixture.signed(in: "gent", 2)
        let firstEnrolment = try await planner.enrol(MOEnrolmentRequest(groupID: group.id, personID: first.personID))
        let secondEnrolment = try await planner.enrol(MOEnrolmentRequest(groupID: group.id, personID: second.personID))
        XCTAssertEqual(firstEnrolment.state, .enrolled)
        XCTAssertEqual(secondEnrolment.state, .waiting)
        let placed = try await fixture.trajectory(first.trajectoryID)
        XCTAssertEqual(fixture.mo(placed).state, .inProgress, "a place starts MO")
        XCTAssertEqual(fixture.mo(placed).startedOn, Fixtures.today)
        XCTAssertEqual(placed.version, first.version + 1)
        let waiting = try await fixture.trajectory(second.trajectoryID)
        XCTAssertEqual(fixture.mo(waiting).state, .planned, "waiting is not MO yet")

        // The first person passes a test of their own region: exempted in the result's transaction, the place goes on.
        let slot = try await fixture.slot(capacity: 3)
        let booking = try await fixture.gentCounsellor.book(ExemptionBookRequest(trajectoryID: first.trajectoryID, slotID: slot.id))
        _ = try await fixture.gentPlanner.recordResult(ExemptionResultRequest(bookingID: booking.bookingID, result: .passed))
        let exempted = try await fixture.trajectory(first.trajectoryID)
        XCTAssertEqual(fixture.mo(exempted).state, .exempted, "at once: gent booked gent's slot, no delivery in between")
        XCTAssertEqual(fixture.mo(exempted).endedOn, Fixtures.today)
        let detail = try await planner.group(group.id)
        XCTAssertEqual(detail.enrolled.map(\.personID), [second.personID], "the first in line moved up")
        XCTAssertEqual(detail.waiting, [])
        let movedUp = try await fixture.trajectory(second.trajectoryID)
        XCTAssertEqual(fixture.mo(movedUp).state, .inProgress, "moving up starts MO")

        let again = await assertRPCError(.failedPrecondition) {
            try await planner.enrol(MOEnrolmentRequest(groupID: group.id, personID: first.personID))
        }
        XCTAssertEqual(again?.details["trajectoryID"], first.trajectoryID, "an exempted person takes nobody's place")
        let trail = try await fixture.audit("gent", of: second.trajectoryID).map(\.[0])
        XCTAssertTrue(trail.contains("trajectory/exemption.recordResult"), "the person who moved up is in the result's audit rows: \(trail)")
    }
}

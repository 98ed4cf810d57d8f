import Foundation
import SamenContracts
import SamenReferenceData
import SamenRPC
import SamenTestSupport
import XCTest

/// An assignment's life: assigned, confirmed or declined, cancelled (late or not), completed with its minutes, or
/// a no-show; each change at the version read and in a state that allows it.
final class AssignmentTests: TolkdienstTestCase {
    func testConfirmThenTheMinutesInterpretedOnceItHasStarted() async throws {
        let hospital = try await organisation()
        let amina = try await interpreter("Amina")
        let assigned = try await assign(try await request(hospital, at: "10:00", minutes: 60), amina)
        XCTAssertEqual(assigned.state, .assigned)
        XCTAssertEqual(assigned.version, 2)
        await assertRPCError(.failedPrecondition) {
            try await self.planner.complete(CompletionRequest(requestID: assigned.id, version: assigned.version, minutesInterpreted: 60))
        }
        let confirmed = try await planner.confirm(RequestChange(requestID: assigned.id, version: assigned.version))
        XCTAssertEqual(confirmed.state, .confirmed)
        await assertRPCError(.aborted) { try await self.planner.confirm(RequestChange(requestID: assigned.id, version: assigned.version)) }

        let early = await assertRPCError(.failedPrecondition) {
            try await self.planner.complete(CompletionRequest(requestID: confirmed.id, version: confirmed.version, minutesInterpreted: 60))
        }
        XCTAssertTrue(early?.message.contains("once it has started") == true, early?.message ?? "")
        fixture.clock.advance(by: 26 * 3600)   // Tuesday 11:00
        await assertInvalid("minutesInterpreted") {
            try await self.planner.complete(CompletionRequest(requestID: confirmed.id, version: confirmed.version, minutesInterpreted: 0))
        }
        await assertInvalid("minutesInterpreted") {
            try await self.planner.complete(CompletionRequest(requestID: confirmed.id, version: confirmed.version, minutesInterpreted: 721))
        }
        let completed = try await planner.complete(CompletionRequest(requestID: confirmed.id, version: confirmed.version, minutesInterpreted: 75))
        XCTAssertEqual(completed.state, .completed)
        XCTAssertEqual(completed.minutesInterpreted, 75)
        let again = await assertRPCError(.failedPrecondition) { try await self.planner.cancel(RequestChange(requestID: completed.id,
                                                                                                             version: completed.version, reason: "x")) }
        XCTAssertEqual(again?.details["state"], "completed")
    }

    func testADeclineFreesTheTimeAndANoShowIsRecordedWithWhoWasAbsent() async throws {
        let hospital = try await organisation()
        let amina = try await interpreter("Amina")
        let youssef = try await interpreter("Youssef")
        let first = try await request(hospital, at: "10:00")
        let assigned = try await assign(first, amina)
        await assertInvalid("reason") { try await self.planner.decline(RequestChange(requestID: first.id, version: assigned.version)) }
        let declined = try await planner.decline(RequestChange(requestID: first.id, version: assigned.version, reason: "not available after all"))
        XCTAssertEqual(declined.state, .open)
        XCTAssertNil(declined.interpreterID)

        let overlapping = try await request(hospital, at: "10:30")
        let reassignedTo = try await assign(overlapping, amina).interpreterID
        XCTAssertEqual(reassignedTo, amina.id, "the declined assignment's time is free again")
        let reassigned = try await assign(declined, youssef)
        let confirmed = try await planner.confirm(RequestChange(requestID: reassigned.id, version: reassigned.version))
        fixture.clock.advance(by: 25 * 3600 + 60)   // Tuesday 10:01
        let noShow = try await planner.noShow(NoShowRequest(requestID: confirmed.id, version: confirmed.version, absent: .client))
        XCTAssertEqual(noShow.state, .noShow)
        XCTAssertEqual(noShow.noShow, .client)
    }

    func testACancellationLessThanADayBeforeTheStartIsLateAndFreesTheInterpreter() async throws {
        let hospital = try await organisation()
        let amina = try await interpreter("Amina")
        let inTime = try await request(hospital, on: "2030-03-06", at: "10:00")
        let late = try await assign(try await request(hospital, on: "2030-03-05", at: "10:00"), amina)
        let confirmed = try await planner.confirm(RequestChange(requestID: late.id, version: late.version))

        let cancelledInTime = try await planner.cancel(RequestChange(requestID: inTime.id, version: inTime.version, reason: "client moved"))
        XCTAssertEqual(cancelledInTime.state, .cancelled)
        XCTAssertEqual(cancelledInTime.cancellation?.late, false, "Monday 09:00 is more than 24 hours before Wednesday 10:00")

        fixture.clock.advance(by: 3600 + 60)   // Monday 10:01: less than 24 hours before Tuesday 10:00
        let cancelledLate = try await planner.cancel(RequestChange(requestID: confirmed.id, version: confirmed.version, reason: "client ill"))
        XCTAssertEqual(cancelledLate.cancellation?.late, true)
        XCTAssertEqual(cancelledLate.cancellation?.reason, "client ill")
        XCTAssertEqual(cancelledLate.interpreterID, amina.id, "the request keeps who was assigned")

        let sameTime = try await request(hospital, on: "2030-03-05", at: "10:00")
        let sameTimeState = try await assign(sameTime, amina).state
        XCTAssertEqual(sameTimeState, .assigned, "the cancelled assignment's time is free again")
        await assertRPCError(.failedPrecondition) {
            try await self.planner.cancel(RequestChange(requestID: cancelledLate.id, version: cancelledLate.version, reason: "twice"))
        }
    }

    func testPlannersListTheOpenRequestsOfAPeriodAndEachPersonListedIsRecorded() async throws {
        let hospital = try await organisation()
        let amina = try await interpreter("Amina")
        let first = try await request(hospital, on: "2030-03-05", person: "gent-p1")
        let second = try await request(hospital, on: "2030-03-06", at: "09:00", person: "gent-p2")
        _ = try await request(hospital, on: "2030-03-07")
        try await assign(second, amina)
        let open = try await planner.requests(RequestListRequest(from: day("2030-03-05"), through: day("2030-03-06"), state: .open))
        XCTAssertEqual(open.requests.map(\.id), [first.id])
        let paged = try await planner.requests(RequestListRequest(limit: 2))
        XCTAssertEqual(paged.requests.count, 2)
        let rest = try await planner.requests(RequestListRequest(limit: 2, after: paged.next))
        XCTAssertEqual(rest.requests.map(\.id), ["gent-r3"])
        XCTAssertNil(rest.next)
        await assertInvalid("through") { try await self.planner.requests(RequestListRequest(from: self.day("2030-03-06"), through: self.day("2030-03-05"))) }
        await assertInvalid("after") { try await self.planner.requests(RequestListRequest(after: "x")) }
        let trail = try await fixture.staff("the-dpo", [.dpo]).audit(AuditQuery(personID: "gent-p2"))
        XCTAssertEqual(trail.events.first?.method, "tolkdienst/requests.list", "the last read of gent-p2's request was the list")
    }

    func testConcurrentRetriesOfABookingAndAnOrderUnderOneKeyStoreOne() async throws {
        let hospital = try await organisation()
        let input = requestInput(hospital, person: "gent-p4")
        let desk = try fixture.staff("a-desk", [.desk])
        let booked = try await withThrowingTaskGroup(of: InterpretingRequest.self) { group in
            for _ in 0..<8 { group.addTask { try await desk.createRequest(input, options: CallOptions(idempotencyKey: "book-once")) } }
            var all: [InterpretingRequest] = []
            for try await request in group { all.append(request) }
            return all
        }
        XCTAssertEqual(Set(booked.map(\.id)), ["gent-r1"], "eight tries, one request")
        let listed = try await planner.requests(RequestListRequest())
        XCTAssertEqual(listed.requests.count, 1)
        let order = TranslationOrderInput(organisationID: hospital.id, kind: .informative, documentKind: .letter, title: "Brief",
                                          pair: LanguagePair(from: "nl", to: "ar"), pages: 1, deadline: day("2030-03-20"))
        let first = try await desk.order(order, options: CallOptions(idempotencyKey: "order-once"))
        let again = try await desk.order(order, options: CallOptions(idempotencyKey: "order-once"))
        XCTAssertEqual(first, again)
        await assertRPCError(.notFound) { try await desk.translation("gent-v2") }
    }

    func testARetriedAssignmentUnderOneKeyAssignsOnce() async throws {
        let hospital = try await organisation()
        let amina = try await interpreter("Amina")
        let open = try await request(hospital)
        let options = CallOptions(idempotencyKey: "assign-\(open.id)")
        let request = AssignRequest(requestID: open.id, version: open.version, interpreterID: amina.id)
        let first = try await planner.assign(request, options: options)
        let retried = try await planner.assign(request, options: options)
        XCTAssertEqual(first, retried, "the retry answers the first result instead of a stale-version refusal")
        XCTAssertEqual(retried.version, 2)
        await assertRPCError(.aborted) { try await self.planner.assign(request) }
    }
}

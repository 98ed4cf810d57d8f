import Foundation
import SamenContracts
import SamenReferenceData
import SamenRPC
import SamenTestSupport
import XCTest

/// Every matching rule, each with the interpreter it leaves out and why, and the order of the candidates.
final class MatchingTests: TolkdienstTestCase {
    override var servedRegions: [String] { ["antwerpen"] }

    func testEachRuleLeavesOutItsInterpreterWithTheReasonAndTheFreeOnesComeLeastLoadedFirst() async throws {
        let hospital = try await organisation()
        let wanted = try await request(hospital, at: "10:00", minutes: 60)

        let free = try await interpreter("Free")
        let loaded = try await interpreter("Loaded")
        let french = try await interpreter("French", languages: ["fr"])
        let phoneOnly = try await interpreter("Phone only", modes: [.phone])
        let antwerpen = try await interpreter("Antwerpen", regions: ["antwerpen"])
        let afternoons = try await interpreter("Afternoons", weekly: [WeeklyHours(weekday: 2, fromMinute: at("12:00"), untilMinute: at("18:00"))])
        let onLeave = try await interpreter("On leave", exceptions: [AvailabilityException(date: day("2030-03-05"))])
        let busy = try await interpreter("Busy")
        let travelling = try await interpreter("Travelling")
        let inactive = try await interpreter("Inactive", active: false)
        let declining = try await interpreter("Declining")
        let split = try await interpreter("Split hours", weekly: [WeeklyHours(weekday: 2, fromMinute: at("10:30"), untilMinute: at("12:00")),
                                                                WeeklyHours(weekday: 2, fromMinute: at("08:00"), untilMinute: at("10:30"))])

        try await assign(try await request(hospital, mode: .webcam, at: "14:00"), loaded)
        try await assign(try await request(hospital, at: "10:30"), busy)
        try await assign(try await request(hospital, at: "11:15", minutes: 45), travelling)
        let declined = try await planner.decline(RequestChange(requestID: wanted.id, version: try await assign(wanted, declining).version,
                                                               reason: "ill"))
        XCTAssertEqual(declined.state, .open)
        XCTAssertEqual(declined.declinedBy, [declining.id])

        let match = try await planner.match(wanted.id)
        XCTAssertEqual(match.candidates.map(\.interpreterID), [free.id, split.id, loaded.id],
                       "free ones first, then by assignments that day; adjoining weekly blocks count as one")
        XCTAssertEqual(match.candidates.map(\.assignmentsThatDay), [0, 0, 1])
        let reasons = Dictionary(uniqueKeysWithValues: match.excluded.map { ($0.interpreterID, $0.reason) })
        XCTAssertEqual(reasons, [french.id: .language, phoneOnly.id: .mode, antwerpen.id: .region, afternoons.id: .availability,
                                 onLeave.id: .availability, busy.id: .busy, travelling.id: .travelTime, inactive.id: .inactive,
                                 declining.id: .declined])
        let details = Dictionary(uniqueKeysWithValues: match.excluded.map { ($0.interpreterID, $0.detail) })
        XCTAssertTrue(details[onLeave.id]?.contains("exception") == true, details[onLeave.id] ?? "")
        XCTAssertTrue(details[afternoons.id]?.contains("12:00-18:00") == true, details[afternoons.id] ?? "")
        XCTAssertTrue(details[busy.id]?.contains("gent-r3") == true, details[busy.id] ?? "")
        XCTAssertTrue(details[travelling.id]?.contains("gent-r4") == true, details[travelling.id] ?? "")

        for (interpreter, reason) in [(french, "language"), (busy, "busy"), (travelling, "travel-time"), (declining, "declined")] {
            let current = try await planner.request(wanted.id)
            let refused = await assertRPCError(.failedPrecondition) { try await self.assign(current, interpreter) }
            XCTAssertEqual(refused?.details["field"], "interpreterID")
            if reason == "busy" || reason == "travel-time" {
                XCTAssertNotNil(refused?.details["conflict"], "the calendar names the booking in the way: \(refused?.message ?? "")")
            } else {
                XCTAssertEqual(refused?.details["reason"], reason, refused?.message ?? "")
            }
        }
        let finallyAssigned = try await assign(try await planner.request(wanted.id), free).interpreterID
        XCTAssertEqual(finallyAssigned, free.id)
        await assertRPCError(.failedPrecondition) { try await self.planner.match(wanted.id) }
    }

    func testTravelTimeKeepsThirtyMinutesFreeAroundAnOnSiteAssignment() async throws {
        let hospital = try await organisation()
        let amina = try await interpreter("Amina")
        try await assign(try await request(hospital, mode: .onSite, at: "10:00", minutes: 60), amina)

        let tooSoon = try await request(hospital, mode: .webcam, at: "11:29", minutes: 30)
        let match = try await planner.match(tooSoon.id)
        XCTAssertEqual(match.excluded.first?.reason, .travelTime)
        let refused = await assertRPCError(.failedPrecondition) { try await self.assign(tooSoon, amina) }
        XCTAssertEqual(refused?.details["conflict"], "gent-r1")
        XCTAssertTrue(refused?.message.contains("travel time") == true, refused?.message ?? "")

        let justInTime = try await request(hospital, mode: .webcam, at: "11:30", minutes: 30)
        let candidates = try await planner.match(justInTime.id).candidates.map(\.interpreterID)
        XCTAssertEqual(candidates, [amina.id])
        let justInTimeState = try await assign(justInTime, amina).state
        XCTAssertEqual(justInTimeState, .assigned)

        let phoneBefore = try await request(hospital, mode: .phone, at: "09:00", minutes: 30)
        let phoneBeforeState = try await assign(phoneBefore, amina).state
        XCTAssertEqual(phoneBeforeState, .assigned, "09:30 is thirty minutes before the on-site start")
        let remoteBackToBack = try await request(hospital, mode: .phone, at: "12:00", minutes: 30)
        let backToBackState = try await assign(remoteBackToBack, amina).state
        XCTAssertEqual(backToBackState, .assigned, "two remote assignments need no travel time between them")
    }
}

import Foundation
import SamenAgencyKit
import SamenContracts
import SamenReferenceData
import SamenRPC
import SamenStorage
import SamenTestSupport
@testable import TolkdienstService
import XCTest

/// No double booking, ever: two instances of gent's tolkdienst on one file, planners on both racing to give one
/// interpreter overlapping assignments, and the calendar's trigger refusing an overlap written past the service.
final class DoubleBookingTests: TolkdienstTestCase {
    override var instanceCount: Int { 2 }

    /// The file as a third party sees it: its own connections, the service's schema.
    private func openFile() throws -> Database {
        try Database(path: fixture.path, migrations: AgencySchema.all(with: TolkdienstSchema.migrations))
    }

    func testPlannersOnTwoInstancesRacingForOneInterpreterEndWithOneAssignmentPerOverlappingSetAndClearRefusals() async throws {
        let hospital = try await organisation()
        let amina = try await interpreter("Amina")
        let planners = [try fixture.staff("planner-a", instance: 0), try fixture.staff("planner-b", instance: 1),
                        try fixture.staff("planner-c", instance: 0), try fixture.staff("planner-d", instance: 1)]
        let days = ["2030-03-05", "2030-03-06", "2030-03-07", "2030-03-08", "2030-03-11", "2030-03-12", "2030-03-13", "2030-03-14",
                    "2030-03-15", "2030-03-18", "2030-03-19", "2030-03-20"]
        // 24 rounds, far enough apart not to touch each other.
        let rounds = days.flatMap { date in [at("09:00"), at("14:00")].map { (date: day(date), minute: $0) } }
        let race = DoubleBookingRace(booker: planner, planners: planners, organisation: hospital, interpreter: amina)
        let refusals = try await race.run(rounds)
        XCTAssertGreaterThanOrEqual(refusals.filter { $0.status == .failedPrecondition }.count, rounds.count * 3,
                                    "three requests of each round lose to the calendar")
        try await DoubleBookingRace.assertCalendar(path: fixture.path, assignments: rounds.count)
    }

    func testMatchingOnOneInstanceSeesAProfileChangedThroughTheOther() async throws {
        let hospital = try await organisation()
        let amina = try await interpreter("Amina")
        let open = try await request(hospital)
        let before = try await planner.match(open.id)
        XCTAssertEqual(before.candidates.map(\.interpreterID), [amina.id])
        var away = amina.profile
        away.active = false
        _ = try await fixture.staff("planner-b", instance: 1).updateInterpreter(InterpreterUpdate(interpreterID: amina.id, version: 1, profile: away))
        let after = try await planner.match(open.id)
        XCTAssertEqual(after.candidates, [])
        XCTAssertEqual(after.excluded.map(\.reason), [.inactive], "the first instance decodes the changed profile again")
    }

    func testTheCalendarItselfRefusesAnOverlappingRowWrittenPastTheService() async throws {
        let hospital = try await organisation()
        let amina = try await interpreter("Amina")
        let first = try await request(hospital)
        let second = try await request(hospital)
        let file = try openFile()
        defer { file.close() }
        try await file.write { connection in
            _ = try connection.run("INSERT INTO calendar (request_id, interpreter_id, starts_at, ends_at, travel) VALUES (?, ?, 1000, 1060, 30)",
                                   [.text(first.id), .text(amina.id)])
        }
        for (start, end) in [(1030, 1090), (1080, 1100), (900, 975)] {
            do {
                try await file.write { connection in
                    _ = try connection.run("INSERT INTO calendar (request_id, interpreter_id, starts_at, ends_at, travel) VALUES (?, ?, ?, ?, 0)",
                                           [.text(second.id), .text(amina.id), .integer(Int64(start)), .integer(Int64(end))])
                }
                XCTFail("a booking \(start)-\(end) next to 1000-1060 with 30 minutes' travel was stored")
            } catch let error as StorageError {
                XCTAssertEqual(error.kind, .constraint)
                XCTAssertTrue(error.message.contains("double booking"), error.message)
            }
        }
        do {
            try await file.write { connection in
                _ = try connection.run("UPDATE calendar SET starts_at = 2000, ends_at = 2060 WHERE request_id = ?", [.text(first.id)])
            }
            XCTFail("a booking was moved")
        } catch let error as StorageError {
            XCTAssertEqual(error.kind, .constraint)
        }
        try await file.write { connection in
            _ = try connection.run("INSERT INTO calendar (request_id, interpreter_id, starts_at, ends_at, travel) VALUES (?, ?, 1090, 1120, 0)",
                                   [.text(second.id), .text(amina.id)])
        }
    }
}

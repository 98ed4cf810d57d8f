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
        let rounds = days.flatMap { day in ["09:00", "14:00"].map { (day, $0) } }   // 24 rounds, far enough apart not to touch
        let refusals = Recorder<RPCError>()
        for (day, slot) in rounds {
            // Four requests that all overlap (starts 15 minutes apart, an hour each), one per planner; a fifth call
            // races the first planner for the same request from the other instance.
            var requests: [InterpretingRequest] = []
            for offset in 0..<4 {
                requests.append(try await request(hospital, on: day, at: CalendarMinute.clock(at(slot) + 15 * offset), minutes: 60))
            }
            let calls = requests.enumerated().map { ($0.element, planners[$0.offset]) } + [(requests[0], planners[1])]
            let outcomes = await withTaskGroup(of: Result<InterpretingRequest, RPCError>.self) { group in
                for (request, planner) in calls {
                    group.addTask {
                        let assignment = AssignRequest(requestID: request.id, version: request.version, interpreterID: amina.id)
                        do { return .success(try await planner.assign(assignment)) }
                        catch let error as RPCError { return .failure(error) }
                        catch { return .failure(RPCError(.internal, "\(error)")) }
                    }
                }
                var all: [Result<InterpretingRequest, RPCError>] = []
                for await outcome in group { all.append(outcome) }
                return all
            }
            let winners = outcomes.compactMap { try? $0.get() }
            XCTAssertEqual(winners.count, 1, "\(day) \(slot): exactly one assignment of the overlapping set")
            for case .failure(let error) in outcomes {
                XCTAssertTrue([StatusCode.failedPrecondition, .aborted].contains(error.status), "\(error.status.name): \(error.message)")
                refusals.append(error)
            }
        }
        let refused = refusals.all
        XCTAssertEqual(refused.count, rounds.count * 4)
        for error in refused where error.status == .failedPrecondition {
            XCTAssertEqual(error.details["field"], "interpreterID")
            XCTAssertTrue(error.message.contains("double bookings are refused"), error.message)
            XCTAssertEqual(error.details["conflict"]?.hasPrefix("gent-r"), true, error.message)
        }
        for error in refused where error.status == .aborted {
            XCTAssertTrue(error.message.contains("changed since version"), error.message)
        }

        let file = try openFile()
        defer { file.close() }
        let (assigned, booked, overlapping) = try await file.read { connection in
            (try connection.queryFirst("SELECT COUNT(*) AS n FROM requests WHERE state = 'assigned'")!.int("n"),
             try connection.queryFirst("SELECT COUNT(*) AS n FROM calendar")!.int("n"),
             try connection.queryFirst("""
                SELECT COUNT(*) AS n FROM calendar a JOIN calendar b ON a.interpreter_id = b.interpreter_id AND a.request_id < b.request_id
                WHERE a.starts_at < b.ends_at + max(a.travel, b.travel) AND b.starts_at < a.ends_at + max(a.travel, b.travel)
                """)!.int("n"))
        }
        XCTAssertEqual(assigned, Int64(rounds.count))
        XCTAssertEqual(booked, Int64(rounds.count), "every assignment has its booking and no refused one left a row")
        XCTAssertEqual(overlapping, 0, "no two bookings of the interpreter come closer than their travel time")
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

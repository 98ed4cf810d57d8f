import Foundation
import SamenAgencyKit
import SamenContracts
import SamenReferenceData
import SamenRPC
import SamenStorage
import SamenTestSupport
@testable import TolkdienstService
import XCTest

/// Planners racing to give one interpreter overlapping assignments, round after round, and what must hold after each
/// round and at the end. Used against instances in one process and against real processes.
struct DoubleBookingRace {
    /// Makes the requests.
    let booker: TolkdienstClient
    /// Four planners, alternating between the instances; the second also races the first for the first request.
    let planners: [TolkdienstClient]
    let organisation: Organisation
    let interpreter: Interpreter

    /// Runs one round per (date, minute): four requests that all overlap (starts 15 minutes apart, an hour each, on
    /// site), one per planner, plus the second planner assigning the first request too, all at once. Asserts one
    /// assignment per round and returns every refusal.
    func run(_ rounds: [(date: CivilDate, minute: Int)], file: StaticString = #filePath, line: UInt = #line) async throws -> [RPCError] {
        var refusals: [RPCError] = []
        for (date, minute) in rounds {
            var requests: [InterpretingRequest] = []
            for offset in 0..<4 {
                requests.append(try await booker.createRequest(InterpretingRequestInput(
                    organisationID: organisation.id, mode: .onSite, language: "ar", date: date, startMinute: minute + 15 * offset,
                    durationMinutes: 60, place: "Gent, Kouter 1")))
            }
            let calls = requests.enumerated().map { ($0.element, planners[$0.offset]) } + [(requests[0], planners[1])]
            let interpreterID = interpreter.id
            let outcomes = await withTaskGroup(of: Result<InterpretingRequest, RPCError>.self) { group in
                for (request, planner) in calls {
                    let assignment = AssignRequest(requestID: request.id, version: request.version, interpreterID: interpreterID)
                    group.addTask {
                        do { return .success(try await planner.assign(assignment, options: CallOptions(timeout: .seconds(30)))) }
                        catch let error as RPCError { return .failure(error) }
                        catch { return .failure(RPCError(.internal, "\(error)")) }
                    }
                }
                var all: [Result<InterpretingRequest, RPCError>] = []
                for await outcome in group { all.append(outcome) }
                return all
            }
            XCTAssertEqual(outcomes.compactMap { try? $0.get() }.count, 1, "\(date) \(minute): exactly one assignment of the overlapping set",
                           file: file, line: line)
            for case .failure(let error) in outcomes { refusals.append(error) }
        }
        XCTAssertEqual(refusals.count, rounds.count * 4, file: file, line: line)
        for error in refusals {
            switch error.status {
            case .failedPrecondition:
                XCTAssertEqual(error.details["field"], "interpreterID", file: file, line: line)
                XCTAssertTrue(error.message.contains("double bookings are refused"), error.message, file: file, line: line)
                XCTAssertEqual(error.details["conflict"]?.contains("-r"), true, error.message, file: file, line: line)
            case .aborted:
                XCTAssertTrue(error.message.contains("changed since version"), error.message, file: file, line: line)
            default:
                XCTFail("\(error.status.name): \(error.message)", file: file, line: line)
            }
        }
        return refusals
    }

    /// What the file holds afterwards, read through connections of its own: one booking per assigned request, and
    /// no two bookings of an interpreter closer than their travel time.
    static func assertCalendar(path: String, assignments: Int, file: StaticString = #filePath, line: UInt = #line) async throws {
        let database = try Database(path: path, migrations: AgencySchema.all(with: TolkdienstSchema.migrations))
        defer { database.close() }
        let (assigned, booked, tooClose) = try await database.read { connection in
            (try connection.queryFirst("SELECT COUNT(*) AS n FROM requests WHERE state = 'assigned'")!.int("n"),
             try connection.queryFirst("SELECT COUNT(*) AS n FROM calendar")!.int("n"),
             try connection.queryFirst("""
                SELECT COUNT(*) AS n FROM calendar a JOIN calendar b ON a.interpreter_id = b.interpreter_id AND a.request_id < b.request_id
                WHERE a.starts_at < b.ends_at + max(a.travel, b.travel) AND b.starts_at < a.ends_at + max(a.travel, b.travel)
                """)!.int("n"))
        }
        XCTAssertEqual(assigned, Int64(assignments), file: file, line: line)
        XCTAssertEqual(booked, Int64(assignments), "every assignment has its booking and no refused one left a row", file: file, line: line)
        XCTAssertEqual(tooClose, 0, "no two bookings of an interpreter come closer than their travel time", file: file, line: line)
    }
}

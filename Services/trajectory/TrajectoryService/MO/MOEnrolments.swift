import Foundation
import SamenAgencyKit
import SamenContracts
import SamenReferenceData
import SamenRPC
import SamenStorage

/// Enrolments and cancellations: each one write transaction that reads the group's counts and changes them with
/// the enrolment rows, so concurrent calls are applied one after another on the current counts.
extension MOCourses {
    func enrol(_ request: MOEnrolmentRequest, _ context: CallContext) async throws -> MOEnrolment {
        try MORules.check(request)
        let region = region
        let today = today
        return try await store.change(context, request: request, person: request.personID) { scope in
            let connection = scope.connection
            let (group, seq) = try Self.requireGroup(request.groupID, region: region, on: connection)
            guard group.through >= today else {
                throw RPCError(.failedPrecondition, "course group \(group.id) ended on \(group.through)", details: ["field": "groupID"])
            }
            if let live = try connection.queryFirst(
                "SELECT state FROM mo_enrolments WHERE group_seq = ? AND person_id = ? AND state <> 'cancelled'",
                [.integer(seq), .text(request.personID)]) {
                throw RPCError(.alreadyExists, "person \(request.personID) is \(try live.text("state")) in course group \(group.id) already",
                               details: ["field": "personID"])
            }
            let ticket = (try connection.queryFirst("SELECT last_ticket FROM mo_groups WHERE seq = ?", [.integer(seq)])?.int("last_ticket") ?? 0) + 1
            let placeFree = group.enrolled < group.capacity
            let state: MOEnrolmentState = placeFree ? .enrolled : .waiting
            let since = Self.milliseconds(scope.time)
            try connection.run("INSERT INTO mo_enrolments (group_seq, person_id, state, ticket, since_ms, placed_ms) VALUES (?, ?, ?, ?, ?, ?)",
                               [.integer(seq), .text(request.personID), .text(state.rawValue), .integer(ticket), .integer(since),
                                placeFree ? .integer(since) : .null])
            try connection.run("UPDATE mo_groups SET enrolled = ?, waiting = ?, last_ticket = ? WHERE seq = ?",
                               [.integer(Int64(group.enrolled + (placeFree ? 1 : 0))), .integer(Int64(group.waiting + (placeFree ? 0 : 1))),
                                .integer(ticket), .integer(seq)])
            // Nobody waits while a place is free, so the newcomer's ticket is the highest waiting one: last in line.
            return MOEnrolment(groupID: group.id, personID: request.personID, state: state,
                               position: placeFree ? nil : group.waiting + 1, sinceMilliseconds: since)
        }
    }

    func cancel(_ request: MOEnrolmentRequest, _ context: CallContext) async throws -> MOCancellation {
        try MORules.check(request)
        let region = region
        return try await store.change(context, request: request, person: request.personID) { scope in
            let connection = scope.connection
            let (group, seq) = try Self.requireGroup(request.groupID, region: region, on: connection)
            guard let live = try connection.queryFirst(
                "SELECT * FROM mo_enrolments WHERE group_seq = ? AND person_id = ? AND state <> 'cancelled'",
                [.integer(seq), .text(request.personID)]) else {
                throw RPCError(.notFound, "person \(request.personID) is neither enrolled nor waiting in course group \(group.id)",
                               details: ["field": "personID"])
            }
            let now = Self.milliseconds(scope.time)
            let wasEnrolled = try live.text("state") == MOEnrolmentState.enrolled.rawValue
            try connection.run("UPDATE mo_enrolments SET state = 'cancelled', ended_ms = ? WHERE id = ?", [.integer(now), .integer(try live.int("id"))])
            var enrolled = group.enrolled
            var waiting = group.waiting
            var promoted: MOEnrolment?
            if !wasEnrolled {
                waiting -= 1
            } else if let first = try connection.queryFirst(
                "SELECT * FROM mo_enrolments WHERE group_seq = ? AND state = 'waiting' ORDER BY ticket LIMIT 1", [.integer(seq)]) {
                // The freed place goes to the first in line here, so no other call ever sees it free.
                try connection.run("UPDATE mo_enrolments SET state = 'enrolled', since_ms = ?, placed_ms = ? WHERE id = ?",
                                   [.integer(now), .integer(now), .integer(try first.int("id"))])
                waiting -= 1
                var moved = try Self.enrolment(first, groupID: group.id, position: nil)
                moved.state = .enrolled
                moved.sinceMilliseconds = now
                scope.touched(moved.personID)
                promoted = moved
            } else {
                enrolled -= 1
            }
            // One statement for both counts: the table's CHECKs hold after it, never between two updates.
            try connection.run("UPDATE mo_groups SET enrolled = ?, waiting = ? WHERE seq = ?",
                               [.integer(Int64(enrolled)), .integer(Int64(waiting)), .integer(seq)])
            var cancelled = try Self.enrolment(live, groupID: group.id, position: nil)
            cancelled.state = .cancelled
            return MOCancellation(cancelled: cancelled, promoted: promoted)
        }
    }

    static func milliseconds(_ time: Date) -> Int64 { Int64((time.timeIntervalSince1970 * 1000).rounded(.down)) }
}

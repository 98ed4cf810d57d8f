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
        let records = records
        return try await store.change(context, request: request, person: request.personID) { scope in
            let connection = scope.connection
            let (group, seq) = try Self.requireGroup(request.groupID, region: region, on: connection)
            let trajectoryID = try MOTrajectoryLink.trajectory(of: request.personID, records: records, on: connection)
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
            let since = scope.time.millisecondsSince1970
            try connection.run("""
                INSERT INTO mo_enrolments (group_seq, person_id, state, ticket, since_ms, placed_ms, trajectory_id) VALUES (?, ?, ?, ?, ?, ?, ?)
                """, [.integer(seq), .text(request.personID), .text(state.rawValue), .integer(ticket), .integer(since),
                      placeFree ? .integer(since) : .null, trajectoryID.map { .text($0) } ?? .null])
            if placeFree, let trajectoryID {
                try MOTrajectoryLink.placed(trajectoryID, on: CivilDate.today(at: scope.time), records: records, scope: &scope)
            }
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
        let records = records
        return try await store.change(context, request: request, person: request.personID) { scope in
            let (group, seq) = try Self.requireGroup(request.groupID, region: region, on: scope.connection)
            guard let live = try scope.connection.queryFirst(
                "SELECT * FROM mo_enrolments WHERE group_seq = ? AND person_id = ? AND state <> 'cancelled'",
                [.integer(seq), .text(request.personID)]) else {
                throw RPCError(.notFound, "person \(request.personID) is neither enrolled nor waiting in course group \(group.id)",
                               details: ["field": "personID"])
            }
            return try Self.cancel(live, in: group, seq: seq, records: records, scope: &scope)
        }
    }

    /// Takes the person of `live` (an enrolled or waiting row of the group) out, in the caller's write transaction;
    /// a freed place goes to the first in line at once, whose trajectory's MO component starts.
    static func cancel(_ live: Row, in group: MOGroup, seq: Int64, records: TrajectoryRecords, scope: inout AuditScope) throws -> MOCancellation {
        let connection = scope.connection
        let now = scope.time.millisecondsSince1970
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
            var moved = try enrolment(first, groupID: group.id, position: nil)
            moved.state = .enrolled
            moved.sinceMilliseconds = now
            scope.touched(moved.personID)
            if let trajectoryID = try first.optionalText("trajectory_id") {
                try MOTrajectoryLink.placed(trajectoryID, on: CivilDate.today(at: scope.time), records: records, scope: &scope, quietly: true)
            }
            promoted = moved
        } else {
            enrolled -= 1
        }
        // One statement for both counts: the table's CHECKs hold after it, never between two updates.
        try connection.run("UPDATE mo_groups SET enrolled = ?, waiting = ? WHERE seq = ?",
                           [.integer(Int64(enrolled)), .integer(Int64(waiting)), .integer(seq)])
        var cancelled = try enrolment(live, groupID: group.id, position: nil)
        cancelled.state = .cancelled
        return MOCancellation(cancelled: cancelled, promoted: promoted)
    }

    /// Takes a person out of every group and waiting list of the region (their MO was exempted), in the caller's
    /// write transaction.
    static func cancelEverywhere(personID: String, records: TrajectoryRecords, scope: inout AuditScope) throws {
        let rows = try scope.connection.query("SELECT * FROM mo_enrolments WHERE person_id = ? AND state <> 'cancelled' ORDER BY id", [.text(personID)])
        for live in rows {
            let groupRow = try scope.connection.queryFirst("SELECT * FROM mo_groups WHERE seq = ?", [.integer(try live.int("group_seq"))])!
            _ = try cancel(live, in: try group(groupRow, region: records.region), seq: try groupRow.int("seq"), records: records, scope: &scope)
        }
    }
}

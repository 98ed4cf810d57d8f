import SamenAgencyKit
import SamenContracts
import SamenReferenceData
import SamenRPC
import SamenStorage

/// Planning and reading course groups.
extension MOCourses {
    func createGroup(_ plan: MOGroupPlan, _ context: CallContext) async throws -> MOGroup {
        let plan = try MORules.check(plan)
        let region = region
        return try await store.change(context, request: plan) { scope in
            let connection = scope.connection
            let seq = (try connection.queryFirst("SELECT COALESCE(MAX(seq), 0) + 1 AS next FROM mo_groups")?.int("next")) ?? 1
            let id = "\(region)-g\(seq)"
            try connection.run("""
                INSERT INTO mo_groups (seq, group_id, language, contact_language, place, from_date, through_date, capacity)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, [.integer(seq), .text(id), .text(plan.language), .integer(plan.contactLanguage ? 1 : 0), .text(plan.place),
                      .text(plan.from.description), .text(plan.through.description), .integer(Int64(plan.capacity))])
            return MOGroup(id: id, region: region, language: plan.language, contactLanguage: plan.contactLanguage, place: plan.place,
                           from: plan.from, through: plan.through, capacity: plan.capacity, enrolled: 0, waiting: 0)
        }
    }

    func listGroups(_ query: MOGroupQuery, _ context: CallContext) async throws -> MOGroupPage {
        let limit = try AgencyFields.limit(query.limit)
        var conditions: [String] = []
        var bindings: [SQLValue] = []
        if let language = query.language {
            conditions.append("language = ?")
            bindings.append(.text(try AgencyFields.language(language, field: "language")))
        }
        if let place = query.place {
            conditions.append("place = ?")
            bindings.append(.text(try MORules.place(place)))
        }
        if let from = query.runningFrom {
            conditions.append("through_date >= ?")
            bindings.append(.text(from.description))
        }
        if let after = query.after {
            try MORules.identifier(after, field: "after")
            conditions.append("seq > COALESCE((SELECT seq FROM mo_groups WHERE group_id = ?), 0)")
            bindings.append(.text(after))
        }
        let filter = conditions.isEmpty ? "" : "WHERE \(conditions.joined(separator: " AND "))"
        let sql = "SELECT * FROM mo_groups \(filter) ORDER BY seq LIMIT \(limit + 1)"
        let region = region
        let values = bindings
        return try await store.read(context) { scope in
            var groups = try scope.connection.query(sql, values).map { try Self.group($0, region: region) }
            var next: String?
            if groups.count > limit {
                groups.removeLast()
                next = groups.last?.id
            }
            return MOGroupPage(groups: groups, next: next)
        }
    }

    func group(_ request: MOGroupRequest, _ context: CallContext) async throws -> MOGroupDetail {
        try MORules.identifier(request.groupID, field: "groupID")
        let region = region
        return try await store.read(context) { scope in
            let (group, seq) = try Self.requireGroup(request.groupID, region: region, on: scope.connection)
            let rows = try scope.connection.query(
                "SELECT * FROM mo_enrolments WHERE group_seq = ? AND state <> 'cancelled' ORDER BY ticket", [.integer(seq)])
            var enrolled: [MOEnrolment] = []
            var waiting: [MOEnrolment] = []
            for row in rows {
                var enrolment = try Self.enrolment(row, groupID: group.id, position: nil)
                scope.touched(enrolment.personID)
                if enrolment.state == .waiting {
                    enrolment.position = waiting.count + 1
                    waiting.append(enrolment)
                } else {
                    enrolled.append(enrolment)
                }
            }
            return MOGroupDetail(group: group, enrolled: enrolled, waiting: waiting)
        }
    }

    /// The group and its row number, or `not_found` naming the id.
    static func requireGroup(_ id: String, region: String, on connection: SQLiteConnection) throws -> (MOGroup, Int64) {
        guard let row = try connection.queryFirst("SELECT * FROM mo_groups WHERE group_id = ?", [.text(id)]) else {
            throw RPCError(.notFound, "no course group '\(id)' in \(region)", details: ["field": "groupID"])
        }
        return (try group(row, region: region), try row.int("seq"))
    }

    static func group(_ row: Row, region: String) throws -> MOGroup {
        MOGroup(id: try row.text("group_id"), region: region, language: try row.text("language"),
                contactLanguage: try row.int("contact_language") != 0, place: try row.text("place"),
                from: try CivilDate(try row.text("from_date")), through: try CivilDate(try row.text("through_date")),
                capacity: Int(try row.int("capacity")), enrolled: Int(try row.int("enrolled")), waiting: Int(try row.int("waiting")))
    }

    static func enrolment(_ row: Row, groupID: String, position: Int?) throws -> MOEnrolment {
        MOEnrolment(groupID: groupID, personID: try row.text("person_id"),
                    state: MOEnrolmentState(rawValue: try row.text("state")) ?? .cancelled, position: position,
                    sinceMilliseconds: try row.int("since_ms"))
    }
}

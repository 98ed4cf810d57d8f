import Foundation
import SamenAgencyKit
import SamenReferenceData
import SamenRPC
import SamenStorage

/// Network events (netwerkmomenten) that bring the region's associations together.
extension VerenigingenService {
    static let maximumOrganisers = 10
    static let maximumParticipants = 500
    static let attendance = 1...100_000

    func recordEvent(_ request: NewNetworkEvent, _ context: CallContext) async throws -> NetworkEvent {
        try VerenigingenRules.notAfter(request.on, today: today, field: "on")
        let theme = try VerenigingenRules.text(request.theme, field: "theme", maximum: 120)
        guard (1...Self.maximumOrganisers).contains(request.organisers.count) else {
            throw VerenigingenRules.invalid("organisers", "must name 1...\(Self.maximumOrganisers) organisers")
        }
        var checked: [String] = []
        for (index, organiser) in request.organisers.enumerated() {
            checked.append(try VerenigingenRules.text(organiser, field: "organisers[\(index)]", maximum: 120))
        }
        let organisers = checked
        guard request.participants.count <= Self.maximumParticipants else {
            throw VerenigingenRules.invalid("participants", "must name at most \(Self.maximumParticipants) associations")
        }
        for (index, participant) in request.participants.enumerated() {
            try VerenigingenRules.id(participant, prefix: "v", field: "participants[\(index)]")
        }
        guard Set(request.participants).count == request.participants.count else {
            throw VerenigingenRules.invalid("participants", "names an association twice")
        }
        guard Self.attendance.contains(request.attendance) else {
            throw VerenigingenRules.invalid("attendance", "must be \(Self.attendance.lowerBound)...\(Self.attendance.upperBound) people, not \(request.attendance)")
        }
        return try await store.change(context, request: request) { [associations, region] scope in
            let connection = scope.connection
            var found: [AssociationRecords.Marks] = []
            for (index, participant) in request.participants.enumerated() {
                found.append(try associations.marks(participant, field: "participants[\(index)]", on: connection))
            }
            // In the order the associations were recorded, as a list of events shows them.
            found.sort { $0.seq < $1.seq }
            let seqs = found.map(\.seq)
            let participants = found.map { EventParticipant(associationID: $0.associationID, name: $0.name,
                                                            womensOrganisation: $0.womensOrganisation, genderNetwork: $0.genderNetwork) }
            let seq = try connection.queryFirst("SELECT COALESCE(MAX(seq), 0) + 1 AS next FROM network_events")!.int("next")
            let event = NetworkEvent(eventID: "\(region)-e\(seq)", on: request.on, theme: theme, organisers: organisers, participants: participants,
                                     attendance: request.attendance, genderNetwork: request.genderNetwork)
            try connection.run("INSERT INTO network_events (seq, event_id, on_date, theme, organisers, attendance, gender_network) VALUES (?, ?, ?, ?, ?, ?, ?)",
                               [.integer(seq), .text(event.eventID), .text(event.on.description), .text(theme), .blob(try StoredFile.encode(organisers)),
                                .integer(Int64(request.attendance)), .integer(request.genderNetwork ? 1 : 0)])
            for association in seqs {
                try connection.run("INSERT INTO event_participants (event_seq, association_seq) VALUES (?, ?)", [.integer(seq), .integer(association)])
            }
            return event
        }
    }

    /// Newest first (by the order recorded); the cursor is the last event's id.
    func listEvents(_ request: EventListRequest) async throws -> NetworkEventPage {
        let limit = try AgencyFields.limit(request.limit)
        try VerenigingenRules.period(from: request.from, through: request.through)
        var conditions: [String] = []
        var bindings: [SQLValue] = []
        if let from = request.from { conditions.append("on_date >= ?"); bindings.append(.text(from.description)) }
        if let through = request.through { conditions.append("on_date <= ?"); bindings.append(.text(through.description)) }
        if let after = request.after {
            try VerenigingenRules.id(after, prefix: "e", field: "after")
            conditions.append("seq < COALESCE((SELECT seq FROM network_events WHERE event_id = ?), 0)")
            bindings.append(.text(after))
        }
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let sql = "SELECT * FROM network_events \(filter) ORDER BY seq DESC LIMIT \(limit + 1)"
        let values = bindings
        return try await store.database.read { connection in
            var events: [NetworkEvent] = []
            for row in try connection.query(sql, values) {
                let participants = try connection.query("""
                    SELECT a.seq, a.association_id, a.women, a.gender_network, a.dissolved, a.file FROM event_participants p
                    JOIN associations a ON a.seq = p.association_seq WHERE p.event_seq = ? ORDER BY a.seq
                    """, [.integer(try row.int("seq"))]).map { row in
                    let marks = try AssociationRecords.marks(row)
                    return EventParticipant(associationID: marks.associationID, name: marks.name, womensOrganisation: marks.womensOrganisation,
                                            genderNetwork: marks.genderNetwork)
                }
                events.append(NetworkEvent(eventID: try row.text("event_id"), on: try CivilDate(try row.text("on_date")), theme: try row.text("theme"),
                                           organisers: try StoredFile.decode([String].self, from: row.blob("organisers")), participants: participants,
                                           attendance: Int(try row.int("attendance")), genderNetwork: try row.int("gender_network") == 1))
            }
            var next: String?
            if events.count > limit {
                events.removeLast()
                next = events.last?.eventID
            }
            return NetworkEventPage(events: events, next: next)
        }
    }
}

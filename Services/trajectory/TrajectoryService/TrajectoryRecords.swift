import SamenContracts
import Foundation
import SamenAgencyKit
import SamenRPC
import SamenStorage

/// Reads and writes trajectory files in `trajectories` (and their components' rows in `components`), inside the
/// transaction of the connection given.
struct TrajectoryRecords {
    let region: String

    /// The id a new trajectory gets: the region and a sequence number, so ids never collide across regions.
    func trajectoryID(for seq: Int64) -> String { "\(region)-t\(seq)" }

    /// Refuses anything that is not a trajectory id (`<region>-t<number>`) before it reaches the store: the audit
    /// trail records the id a refused change names, and it must never be personal data.
    static func checkID(_ id: String, field: String = "trajectoryID") throws(RPCError) {
        try AgencyFields.checkID(id, prefix: "t", kind: "trajectory", field: field)
    }

    func nextSeq(on connection: SQLiteConnection) throws -> Int64 {
        try connection.queryFirst("SELECT COALESCE(MAX(seq), 0) + 1 AS next FROM trajectories")!.int("next")
    }

    /// The live trajectory of a person in this region, if any.
    func live(personID: String, on connection: SQLiteConnection) throws -> String? {
        try connection.queryFirst("SELECT trajectory_id FROM trajectories WHERE person_id = ? AND live = 1", [.text(personID)])
            .map { try $0.text("trajectory_id") }
    }

    func insert(_ file: TrajectoryFile, seq: Int64, on connection: SQLiteConnection) throws {
        try connection.run("""
            INSERT INTO trajectories (seq, live, trajectory_id, person_id, doelgroep, signed_on, counsellor, version, file)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [.integer(seq), .integer(RecordIndex.live(file))] + (try columns(file)))
        for status in file.components {
            try connection.run("INSERT INTO components (trajectory_seq, component, state) VALUES (?, ?, ?)",
                               [.integer(seq), .text(status.component.rawValue), .text(status.state.rawValue)])
        }
        try RecordIndex.write(file, seq: seq, on: connection)
    }

    /// Writes the file back over its row, and its components' states.
    func save(_ file: TrajectoryFile, seq: Int64, on connection: SQLiteConnection) throws {
        try connection.run("""
            UPDATE trajectories SET trajectory_id = ?, person_id = ?, doelgroep = ?, signed_on = ?, counsellor = ?, version = ?, file = ?
            WHERE seq = ?
            """, (try columns(file)) + [.integer(seq)])
        for status in file.components {
            try connection.run("UPDATE components SET state = ? WHERE trajectory_seq = ? AND component = ?",
                               [.text(status.state.rawValue), .integer(seq), .text(status.component.rawValue)])
        }
        try RecordIndex.write(file, seq: seq, on: connection)
    }

    func load(_ id: String, on connection: SQLiteConnection) throws -> (file: TrajectoryFile, seq: Int64)? {
        guard let row = try connection.queryFirst("SELECT seq, file FROM trajectories WHERE trajectory_id = ?", [.text(id)]) else { return nil }
        return (try StoredFile.decode(TrajectoryFile.self, from: row.blob("file")), try row.int("seq"))
    }

    /// The file, or `not_found` naming the trajectory id.
    func require(_ id: String, field: String = "trajectoryID", on connection: SQLiteConnection) throws -> (file: TrajectoryFile, seq: Int64) {
        guard let found = try load(id, on: connection) else {
            throw RPCError(.notFound, "no trajectory with id '\(id.prefix(64))' in region \(region)", details: ["field": field])
        }
        return found
    }

    /// The file for a change. Every write to a trajectory loads it here, so that a rule about when a trajectory may
    /// not be changed in this region (e.g. while it moves to another region, or after it moved) applies to all of them.
    func requireWritable(_ id: String, field: String = "trajectoryID", on connection: SQLiteConnection) throws -> (file: TrajectoryFile, seq: Int64) {
        let found = try require(id, field: field, on: connection)
        try TransferRecords(region: region).checkWritable(found.file, field: field, on: connection)
        return found
    }

    /// Ends the trajectory's live state in this region because it moved away; its row and file stay.
    func markMovedOut(seq: Int64, on connection: SQLiteConnection) throws {
        try connection.run("UPDATE trajectories SET live = 0, moved_out = 1 WHERE seq = ?", [.integer(seq)])
    }

    /// Marks a trajectory that arrived by a transfer (its contract was signed in another region).
    func markMovedIn(seq: Int64, on connection: SQLiteConnection) throws {
        try connection.run("UPDATE trajectories SET moved_in = 1 WHERE seq = ?", [.integer(seq)])
    }

    func summary(_ file: TrajectoryFile) -> TrajectorySummary {
        TrajectorySummary(trajectoryID: file.trajectoryID, personID: file.personID, doelgroep: file.doelgroep, signedOn: file.signedOn,
                          counsellor: file.counsellor, transferredTo: file.tombstone)
    }

    private func columns(_ file: TrajectoryFile) throws -> [SQLValue] {
        [.text(file.trajectoryID), .text(file.personID), .text(file.doelgroep.rawValue), .text(file.signedOn.description),
         file.counsellor.map { .text($0) } ?? .null, .integer(file.version), .blob(try StoredFile.encode(file))]
    }
}

/// The field errors every method of the service answers with.
enum TrajectoryRules {
    static func invalid(_ field: String, _ problem: String) -> RPCError {
        RPCError.invalidField(field, problem)
    }

    /// A free-text reason: 1...200 characters after trimming.
    static func reason(_ text: String?, field: String = "reason") throws(RPCError) -> String {
        try AgencyFields.text(text ?? "", field: field, length: 1...200)
    }
}

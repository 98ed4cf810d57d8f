import Foundation
import SamenAgencyKit
import SamenReferenceData
import SamenRPC
import SamenStorage

/// Reads and writes association files in `associations`, inside the transaction of the connection given.
struct AssociationRecords: Sendable {
    let region: String

    /// What other tables join on: the row number, and the marks every list shows.
    struct Marks: Sendable {
        var seq: Int64
        var associationID: String
        var name: String
        var womensOrganisation: Bool
        var genderNetwork: Bool
        var dissolved: Bool
    }

    func associationID(for seq: Int64) -> String { "\(region)-v\(seq)" }

    func nextSeq(on connection: SQLiteConnection) throws -> Int64 {
        try connection.queryFirst("SELECT COALESCE(MAX(seq), 0) + 1 AS next FROM associations")!.int("next")
    }

    /// Refuses a name another association of the region has (case, accents, punctuation and word order ignored).
    func checkNameFree(_ name: String, except associationID: String? = nil, on connection: SQLiteConnection) throws {
        if let row = try connection.queryFirst("SELECT association_id FROM associations WHERE name_key = ?", [.text(NameKey(name).text)]),
           try row.text("association_id") != associationID {
            let other = try row.text("association_id")
            throw RPCError(.alreadyExists, "field 'name': association \(other) of region \(region) has this name",
                           details: ["field": "name", "associationID": other])
        }
    }

    func insert(_ file: AssociationFile, seq: Int64, on connection: SQLiteConnection) throws {
        try connection.run("""
            INSERT INTO associations (seq, association_id, name_key, kind, focus, women, gender_network, dissolved, version, file)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [.integer(seq)] + (try columns(file)))
    }

    func save(_ file: AssociationFile, seq: Int64, on connection: SQLiteConnection) throws {
        try connection.run("""
            UPDATE associations SET association_id = ?, name_key = ?, kind = ?, focus = ?, women = ?, gender_network = ?, dissolved = ?,
                version = ?, file = ? WHERE seq = ?
            """, (try columns(file)) + [.integer(seq)])
    }

    func load(_ id: String, on connection: SQLiteConnection) throws -> (file: AssociationFile, seq: Int64)? {
        guard let row = try connection.queryFirst("SELECT seq, file FROM associations WHERE association_id = ?", [.text(id)]) else { return nil }
        return (try StoredFile.decode(AssociationFile.self, from: row.blob("file")), try row.int("seq"))
    }

    /// The file, or `not_found` naming the field.
    func require(_ id: String, field: String, on connection: SQLiteConnection) throws -> (file: AssociationFile, seq: Int64) {
        guard let found = try load(id, on: connection) else { throw notFound(id, field: field) }
        return found
    }

    /// The marks of an association, or `not_found` naming the field.
    func marks(_ id: String, field: String, on connection: SQLiteConnection) throws -> Marks {
        guard let row = try connection.queryFirst("SELECT seq, association_id, women, gender_network, dissolved, file FROM associations WHERE association_id = ?",
                                                  [.text(id)]) else { throw notFound(id, field: field) }
        return try Self.marks(row)
    }

    /// Marks from a row with `seq`, `association_id`, `women`, `gender_network`, `dissolved` and `file`.
    static func marks(_ row: Row) throws -> Marks {
        Marks(seq: try row.int("seq"), associationID: try row.text("association_id"),
              name: try StoredFile.decode(AssociationFile.self, from: row.blob("file")).name,
              womensOrganisation: try row.int("women") == 1, genderNetwork: try row.int("gender_network") == 1,
              dissolved: try row.int("dissolved") == 1)
    }

    func notFound(_ id: String, field: String) -> RPCError {
        RPCError(.notFound, "field '\(field)': no association with id '\(id.prefix(64))' in region \(region)", details: ["field": field])
    }

    func summary(_ file: AssociationFile) -> AssociationSummary {
        AssociationSummary(associationID: file.associationID, name: file.name, kind: file.kind, municipality: file.address.municipality,
                           focus: file.focus, womensOrganisation: file.womensOrganisation, genderNetwork: file.genderNetwork,
                           dissolved: file.dissolved)
    }

    private func columns(_ file: AssociationFile) throws -> [SQLValue] {
        [.text(file.associationID), .text(NameKey(file.name).text), .text(file.kind.rawValue),
         .text("," + file.focus.map(\.rawValue).joined(separator: ",") + ","), .integer(file.womensOrganisation ? 1 : 0),
         .integer(file.genderNetwork ? 1 : 0), .integer(file.dissolved ? 1 : 0), .integer(file.version), .blob(try StoredFile.encode(file))]
    }
}

import SamenContracts
import Foundation
import SamenAgencyKit
import SamenReferenceData
import SamenRPC
import SamenStorage

/// Reads and writes person files in `persons` (and the rows figures count in `nt2_records` and
/// `education_referrals`), inside the transaction of the connection given.
struct PersonRecords {
    let region: String

    /// The person id a new file gets: the region and a sequence number, so ids never collide across regions.
    func personID(for seq: Int64) -> String { "\(region)-p\(seq)" }

    /// Refuses anything that is not a person id of this service's form (`<region>-p<number>`) before it reaches the
    /// store: the audit trail records the id a refused change names, and it must never be a name or an INSZ.
    static func checkID(_ personID: String, field: String = "personID") throws(RPCError) {
        try AgencyFields.checkID(personID, prefix: "p", kind: "person", field: field)
    }

    func nextSeq(on connection: SQLiteConnection) throws -> Int64 {
        try connection.queryFirst("SELECT COALESCE(MAX(seq), 0) + 1 AS next FROM persons")!.int("next")
    }

    func insert(_ file: PersonFile, seq: Int64, on connection: SQLiteConnection) throws {
        try connection.run("""
            INSERT INTO persons (seq, person_id, insz, name_key, birth_date, registered_on, desk, doelgroep, nationality, minor,
                                 version, unverified, settlement_id, file)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [.integer(seq)] + (try columns(file)))
    }

    /// Writes the file back over the row of the same person id.
    func save(_ file: PersonFile, on connection: SQLiteConnection) throws {
        let values = try columns(file)
        try connection.run("""
            UPDATE persons SET person_id = ?, insz = ?, name_key = ?, birth_date = ?, registered_on = ?, desk = ?, doelgroep = ?,
                               nationality = ?, minor = ?, version = ?, unverified = ?, settlement_id = ?, file = ?
            WHERE person_id = ?
            """, values + [.text(file.personID)])
    }

    func load(_ personID: String, on connection: SQLiteConnection) throws -> (file: PersonFile, seq: Int64)? {
        guard let row = try connection.queryFirst("SELECT seq, file FROM persons WHERE person_id = ?", [.text(personID)]) else { return nil }
        return (try decode(row.blob("file")), try row.int("seq"))
    }

    /// The file, or `not_found` naming the person id.
    func require(_ personID: String, on connection: SQLiteConnection) throws -> (file: PersonFile, seq: Int64) {
        guard let found = try load(personID, on: connection) else {
            throw RPCError(.notFound, "no file with person id '\(personID.prefix(64))' in region \(region)", details: ["field": "personID"])
        }
        return found
    }

    /// The stored bytes of a file, found by person id or INSZ: already a `PersonFile` in the codec's form, which a
    /// lookup hands out as it is (`EncodedResponse`), and the person id for the audit trail.
    func storedFile(personID: String, on connection: SQLiteConnection) throws -> (personID: String, bytes: [UInt8])? {
        try connection.queryFirst("SELECT person_id, file FROM persons WHERE person_id = ?", [.text(personID)])
            .map { (try $0.text("person_id"), try $0.blob("file")) }
    }

    func storedFile(insz: String, on connection: SQLiteConnection) throws -> (personID: String, bytes: [UInt8])? {
        try connection.queryFirst("SELECT person_id, file FROM persons WHERE insz = ?", [.text(insz)])
            .map { (try $0.text("person_id"), try $0.blob("file")) }
    }

    /// Whether a file with this INSZ exists, without reading it: what every registration asks.
    func hasFile(insz: String, on connection: SQLiteConnection) throws -> Bool {
        try connection.queryFirst("SELECT 1 AS found FROM persons WHERE insz = ?", [.text(insz)]) != nil
    }

    func decode(_ stored: [UInt8]) throws -> PersonFile {
        try StoredFile.decode(PersonFile.self, from: stored)
    }

    func encode(_ file: PersonFile) throws -> [UInt8] {
        try StoredFile.encode(file)
    }

    func summary(_ file: PersonFile) -> PersonSummary {
        PersonSummary(personID: file.personID, region: file.region, name: file.name, birthDate: file.birthDate,
                      nationalities: file.nationalities, desk: file.desk, registeredOn: file.registeredOn,
                      doelgroep: file.doelgroep.doelgroep)
    }

    private func columns(_ file: PersonFile) throws -> [SQLValue] {
        [.text(file.personID), file.insz.map { .text($0) } ?? .null, .text(NameKey("\(file.name.given) \(file.name.family)").text),
         .text(file.birthDate.description), .text(file.registeredOn.description), .text(file.desk),
         .text(file.doelgroep.doelgroep.rawValue), .text(file.nationalities.first ?? ""), .integer(file.minor ? 1 : 0),
         .integer(file.version), .integer(file.crossRegion.unverifiedRegions.isEmpty ? 0 : 1),
         file.settlementID.map { .text($0) } ?? .null, .blob(try encode(file))]
    }
}

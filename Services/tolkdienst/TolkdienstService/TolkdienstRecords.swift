import Foundation
import SamenAgencyKit
import SamenContracts
import SamenReferenceData
import SamenRPC
import SamenStorage

/// Reads and writes organisations, interpreters and requests, inside the transaction of the connection given.
/// Each table keeps the record in `file` and the columns the service selects on (TolkdienstSchema).
struct TolkdienstRecords: Sendable {
    let region: String

    /// A table of records and how ids are made in it.
    enum Table: String {
        case organisations, interpreters, requests, translations, library

        var kind: Character {
            switch self {
            case .organisations: "o"
            case .interpreters: "i"
            case .requests: "r"
            case .translations: "v"
            case .library: "l"
            }
        }

        var noun: String {
            switch self {
            case .organisations: "organisation"
            case .interpreters: "interpreter"
            case .requests: "request"
            case .translations: "translation"
            case .library: "library entry"
            }
        }

        /// The request field that names a record of the table.
        var idField: String {
            switch self {
            case .organisations: "organisationID"
            case .interpreters: "interpreterID"
            case .requests: "requestID"
            case .translations: "translationID"
            case .library: "libraryEntryID"
            }
        }
    }

    /// The next sequence number of `table` and the id it gives (`<region>-<kind><n>`), so ids never collide across
    /// regions.
    func nextID(_ table: Table, on connection: SQLiteConnection) throws -> (seq: Int64, id: String) {
        let seq = try connection.queryFirst("SELECT COALESCE(MAX(seq), 0) + 1 AS next FROM \(table.rawValue)")!.int("next")
        return (seq, "\(region)-\(table.kind)\(seq)")
    }

    func load<Record: Decodable>(_ table: Table, _ id: String, as type: Record.Type, on connection: SQLiteConnection) throws -> Record? {
        try connection.queryFirst("SELECT file FROM \(table.rawValue) WHERE id = ?", [.text(id)])
            .map { try StoredFile.decode(type, from: $0.blob("file")) }
    }

    /// The record, or `not_found` naming the field.
    func require<Record: Decodable>(_ table: Table, _ id: String, as type: Record.Type, field: String, on connection: SQLiteConnection) throws -> Record {
        guard let record = try load(table, id, as: type, on: connection) else {
            throw RPCError(.notFound, "no \(table.noun) with id '\(id.prefix(64))'", details: ["field": field])
        }
        return record
    }

    /// A page of a table in id order, of the rows `filter` (SQL over the table's columns, with `bindings`) selects;
    /// the cursor is the last row's sequence number.
    func page<Record: Decodable>(_ table: Table, as type: Record.Type, _ request: TolkdienstPageRequest, filter: String = "1",
                                 bindings: [SQLValue] = [], on connection: SQLiteConnection) throws -> (records: [Record], next: String?) {
        let limit = try AgencyFields.limit(request.limit)
        var after: Int64 = 0
        if let cursor = request.after {
            guard let seq = Int64(cursor), seq >= 0 else { throw TolkdienstRules.invalid("after", "is not a cursor this method gave") }
            after = seq
        }
        let rows = try connection.query("SELECT seq, file FROM \(table.rawValue) WHERE seq > ? AND (\(filter)) ORDER BY seq LIMIT \(limit + 1)",
                                        [.integer(after)] + bindings)
        let records = try rows.prefix(limit).map { try StoredFile.decode(type, from: $0.blob("file")) }
        return (records, rows.count > limit ? String(try rows[limit - 1].int("seq")) : nil)
    }

    func insert(_ organisation: Organisation, seq: Int64, on connection: SQLiteConnection) throws {
        try connection.run("""
            INSERT INTO organisations (seq, id, region, sector, version, file, agreement_from, agreement_until) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """, [.integer(seq), .text(organisation.id), .text(organisation.region), .text(organisation.sector.rawValue),
                  .integer(organisation.version), .blob(try StoredFile.encode(organisation))] + Self.agreement(of: organisation))
    }

    func save(_ organisation: Organisation, on connection: SQLiteConnection) throws {
        try connection.run("UPDATE organisations SET region = ?, sector = ?, version = ?, file = ?, agreement_from = ?, agreement_until = ? WHERE id = ?",
                           [.text(organisation.region), .text(organisation.sector.rawValue), .integer(organisation.version),
                            .blob(try StoredFile.encode(organisation))] + Self.agreement(of: organisation) + [.text(organisation.id)])
    }

    /// The agreement's days as the columns hold them (ISO dates compare as text); no last day is NULL.
    static func agreement(of organisation: Organisation) -> [SQLValue] {
        [.text(organisation.agreementFrom.description), organisation.agreementUntil.map { .text($0.description) } ?? .null]
    }

    /// The organisation, refused with `failed_precondition` (field `organisationID`) unless its cooperation agreement
    /// covers `date`: the one rule for whom the service works.
    func organisation(_ id: String, withAgreementOn date: CivilDate, on connection: SQLiteConnection) throws -> Organisation {
        let organisation = try require(.organisations, id, as: Organisation.self, field: "organisationID", on: connection)
        guard organisation.agreementCovers(date) else {
            let until = organisation.agreementUntil.map { "until \($0)" } ?? "open-ended"
            throw RPCError(.failedPrecondition, "field 'organisationID': organisation \(organisation.id) has no cooperation agreement on "
                               + "\(date) (its agreement runs from \(organisation.agreementFrom), \(until))",
                           details: ["field": "organisationID"])
        }
        return organisation
    }

    func insert(_ interpreter: Interpreter, seq: Int64, on connection: SQLiteConnection) throws {
        try connection.run("INSERT INTO interpreters (seq, id, active, version, file) VALUES (?, ?, ?, ?, ?)",
                           [.integer(seq), .text(interpreter.id), .integer(interpreter.profile.active ? 1 : 0), .integer(interpreter.version),
                            .blob(try StoredFile.encode(interpreter))])
    }

    func save(_ interpreter: Interpreter, on connection: SQLiteConnection) throws {
        try connection.run("UPDATE interpreters SET active = ?, version = ?, file = ? WHERE id = ?",
                           [.integer(interpreter.profile.active ? 1 : 0), .integer(interpreter.version),
                            .blob(try StoredFile.encode(interpreter)), .text(interpreter.id)])
    }

    func insert(_ request: InterpretingRequest, seq: Int64, on connection: SQLiteConnection) throws {
        try connection.run("""
            INSERT INTO requests (seq, id, region, organisation_id, person_id, mode, date, state, interpreter_id, late, minutes, version, file)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [.integer(seq)] + (try columns(request)))
    }

    func save(_ request: InterpretingRequest, on connection: SQLiteConnection) throws {
        try connection.run("""
            UPDATE requests SET id = ?, region = ?, organisation_id = ?, person_id = ?, mode = ?, date = ?, state = ?, interpreter_id = ?,
                late = ?, minutes = ?, version = ?, file = ?
            WHERE id = ?
            """, (try columns(request)) + [.text(request.id)])
    }

    func insert(_ translation: Translation, seq: Int64, on connection: SQLiteConnection) throws {
        try connection.run("""
            INSERT INTO translations (seq, id, region, organisation_id, person_id, kind, state, pages, reused, delivered_on, version, file)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [.integer(seq)] + (try columns(translation)))
    }

    func save(_ translation: Translation, on connection: SQLiteConnection) throws {
        try connection.run("""
            UPDATE translations SET id = ?, region = ?, organisation_id = ?, person_id = ?, kind = ?, state = ?, pages = ?, reused = ?,
                delivered_on = ?, version = ?, file = ?
            WHERE id = ?
            """, (try columns(translation)) + [.text(translation.id)])
    }

    func insert(_ entry: LibraryEntry, seq: Int64, on connection: SQLiteConnection) throws {
        try connection.run("INSERT INTO library (seq, id, document_kind, from_language, to_language, file) VALUES (?, ?, ?, ?, ?, ?)",
                           [.integer(seq), .text(entry.id), .text(entry.documentKind.rawValue), .text(entry.pair.from), .text(entry.pair.to),
                            .blob(try StoredFile.encode(entry))])
    }

    /// Library entries of a kind (or any) with a language on either side (or any), newest first.
    func library(kind: DocumentKind?, language: String?, on connection: SQLiteConnection) throws -> [LibraryEntry] {
        var conditions: [String] = []
        var bindings: [SQLValue] = []
        if let kind { conditions.append("document_kind = ?"); bindings.append(.text(kind.rawValue)) }
        if let language { conditions.append("(from_language = ? OR to_language = ?)"); bindings += [.text(language), .text(language)] }
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        return try connection.query("SELECT file FROM library \(filter) ORDER BY seq DESC", bindings)
            .map { try StoredFile.decode(LibraryEntry.self, from: $0.blob("file")) }
    }

    /// Every request and translation naming the person, in id order: their file in this service, for the right of
    /// access; nil when there is none.
    func personFile(_ personID: String, on connection: SQLiteConnection) throws -> PersonFile? {
        let file = PersonFile(
            requests: try requests(ofPerson: personID, on: connection),
            translations: try connection.query("SELECT file FROM translations WHERE person_id = ? ORDER BY seq", [.text(personID)])
                .map { try StoredFile.decode(Translation.self, from: $0.blob("file")) })
        return file.requests.isEmpty && file.translations.isEmpty ? nil : file
    }

    /// Every request naming the person, in id order.
    func requests(ofPerson personID: String, on connection: SQLiteConnection) throws -> [InterpretingRequest] {
        try connection.query("SELECT file FROM requests WHERE person_id = ? ORDER BY seq", [.text(personID)])
            .map { try StoredFile.decode(InterpretingRequest.self, from: $0.blob("file")) }
    }

    private func columns(_ translation: Translation) throws -> [SQLValue] {
        [.text(translation.id), .text(translation.region), .text(translation.order.organisationID), translation.order.personID.map { .text($0) } ?? .null,
         .text(translation.order.kind.rawValue), .text(translation.state.rawValue), .integer(Int64(translation.order.pages)),
         .integer(translation.fromLibrary == nil ? 0 : 1), translation.deliveredOn.map { .text($0.description) } ?? .null,
         .integer(translation.version), .blob(try StoredFile.encode(translation))]
    }

    private func columns(_ request: InterpretingRequest) throws -> [SQLValue] {
        [.text(request.id), .text(request.region), .text(request.input.organisationID), request.input.personID.map { .text($0) } ?? .null,
         .text(request.input.mode.rawValue), .text(request.input.date.description), .text(request.state.rawValue),
         request.interpreterID.map { .text($0) } ?? .null, .integer(request.cancellation?.late == true ? 1 : 0),
         request.minutesInterpreted.map { .integer(Int64($0)) } ?? .null, .integer(request.version), .blob(try StoredFile.encode(request))]
    }
}

/// A person's file in this service, as the right of access hands it out.
struct PersonFile: Codable, Sendable {
    var requests: [InterpretingRequest]
    var translations: [Translation]
}

import Foundation
import SamenAgencyKit
import SamenReferenceData
import SamenRPC
import SamenStorage

/// Reads and writes calls (`subsidy_calls`) and applications (`subsidy_applications`), inside the transaction of the
/// connection given. An application's file is kept in the binary codec; its association's name and marks are
/// filled in from the association's current row whenever it is read.
struct SubsidyRecords: Sendable {
    let region: String

    static let budget: ClosedRange<Int64> = 1...10_000_000_000

    func call(_ row: Row) throws -> SubsidyCall {
        SubsidyCall(callID: try row.text("call_id"), theme: try row.text("theme"), budgetCents: try row.int("budget_cents"),
                    grantedCents: try row.int("granted_cents"), deadline: try CivilDate(try row.text("deadline")))
    }

    func requireCall(_ id: String, field: String, on connection: SQLiteConnection) throws -> (call: SubsidyCall, seq: Int64) {
        guard let row = try connection.queryFirst("SELECT * FROM subsidy_calls WHERE call_id = ?", [.text(id)]) else {
            throw RPCError(.notFound, "field '\(field)': no call with id '\(id.prefix(64))' in region \(region)", details: ["field": field])
        }
        return (try call(row), try row.int("seq"))
    }

    static let applicationColumns = """
        SELECT p.seq, p.file, a.seq AS association_seq, a.association_id, a.women, a.gender_network, a.dissolved, a.file AS association_file
        FROM subsidy_applications p JOIN associations a ON a.seq = p.association_seq
        """

    func application(_ row: Row) throws -> SubsidyApplication {
        var application = try StoredFile.decode(SubsidyApplication.self, from: row.blob("file"))
        application.associationName = try StoredFile.decode(AssociationFile.self, from: row.blob("association_file")).name
        application.womensOrganisation = try row.int("women") == 1
        application.genderNetwork = try row.int("gender_network") == 1
        return application
    }

    func requireApplication(_ id: String, field: String, on connection: SQLiteConnection) throws -> (application: SubsidyApplication, seq: Int64) {
        guard let row = try connection.queryFirst("\(Self.applicationColumns) WHERE p.application_id = ?", [.text(id)]) else {
            throw RPCError(.notFound, "field '\(field)': no application with id '\(id.prefix(64))' in region \(region)", details: ["field": field])
        }
        return (try application(row), try row.int("seq"))
    }

    func insert(_ application: SubsidyApplication, seq: Int64, callSeq: Int64, associationSeq: Int64, on connection: SQLiteConnection) throws {
        try connection.run("""
            INSERT INTO subsidy_applications (seq, application_id, call_seq, association_seq, state, asked_cents, submitted_on, version, file)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [.integer(seq), .text(application.applicationID), .integer(callSeq), .integer(associationSeq), .text(application.state.rawValue),
                  .integer(application.askedCents), .text(application.submittedOn.description), .integer(application.version),
                  .blob(try StoredFile.encode(application))])
    }

    func save(_ application: SubsidyApplication, seq: Int64, on connection: SQLiteConnection) throws {
        try connection.run("""
            UPDATE subsidy_applications SET state = ?, granted_cents = ?, paid_cents = ?, decided_on = ?, version = ?, file = ? WHERE seq = ?
            """, [.text(application.state.rawValue), application.grantedCents.map { .integer($0) } ?? .null, .integer(application.paidCents),
                  application.decidedOn.map { .text($0.description) } ?? .null, .integer(application.version),
                  .blob(try StoredFile.encode(application)), .integer(seq)])
    }
}

import Foundation
import SamenAgencyKit
import SamenContracts
import SamenRPC
import SamenStorage

/// A record that moves through states at the version its caller read, and may name a person: requests and
/// translations. `TolkdienstService.change` is the one way either is changed.
protocol VersionedFile: Codable, Sendable {
    associatedtype State: RawRepresentable<String> & Equatable & Sendable
    static var table: TolkdienstRecords.Table { get }
    var id: String { get }
    var version: Int64 { get set }
    var state: State { get }
    /// The person the record names (intake's id), whose audit trail records each read and change.
    var personID: String? { get }
    func save(with records: TolkdienstRecords, on connection: SQLiteConnection) throws
}

extension InterpretingRequest: VersionedFile {
    static var table: TolkdienstRecords.Table { .requests }
    var personID: String? { input.personID }
    func save(with records: TolkdienstRecords, on connection: SQLiteConnection) throws { try records.save(self, on: connection) }
}

extension Translation: VersionedFile {
    static var table: TolkdienstRecords.Table { .translations }
    var personID: String? { order.personID }
    func save(with records: TolkdienstRecords, on connection: SQLiteConnection) throws { try records.save(self, on: connection) }
}

/// Which states allow which change (docs/TOLKDIENST.md).
enum StateRule {
    /// `failed_precondition` naming the state, unless the record is in one of `allowed`.
    static func require<File: VersionedFile>(_ file: File, in allowed: [File.State], to action: String) throws(RPCError) {
        guard allowed.contains(file.state) else {
            throw RPCError(.failedPrecondition, "\(File.table.noun) \(file.id) is \(file.state.rawValue); only a \(File.table.noun) that is "
                               + "\(allowed.map(\.rawValue).joined(separator: " or ")) can \(action)",
                           details: ["field": File.table.idField, "state": file.state.rawValue])
        }
    }
}

extension TolkdienstService {
    /// Runs a change of one record at the version the caller read and in a state that allows it: loads it, checks
    /// both, lets `change` modify it, raises the version and saves it, in one audited, idempotent transaction.
    func change<File: VersionedFile, Request: Encodable & Sendable>(
        _ type: File.Type, _ context: CallContext, request: Request, id: String, version: Int64, allowed: [File.State], to action: String,
        _ change: @escaping @Sendable (inout File, SQLiteConnection) throws -> Void) async throws -> File {
        try TolkdienstRules.id(id, kind: File.table.kind, field: File.table.idField)
        // A record's person never changes, so it is known before the change: a refused change of it is recorded too.
        // Its column is enough; the record itself is decoded once, in the change.
        let person = try await store.database.read { connection in
            try connection.queryFirst("SELECT person_id FROM \(File.table.rawValue) WHERE id = ?", [.text(id)])?.optionalText("person_id")
        }
        return try await store.change(context, request: request, person: person) { [records] scope in
            var file = try records.require(File.table, id, as: File.self, field: File.table.idField, on: scope.connection)
            try FileVersion.check(stated: version, current: file.version, file: "\(File.table.noun) \(id)")
            try StateRule.require(file, in: allowed, to: action)
            try change(&file, scope.connection)
            file.version += 1
            try file.save(with: records, on: scope.connection)
            return file
        }
    }

    /// One record, recorded as a read of the person it names.
    func read<File: VersionedFile>(_ type: File.Type, _ id: String, _ context: CallContext) async throws -> File {
        try TolkdienstRules.id(id, kind: File.table.kind, field: File.table.idField)
        return try await store.read(context) { [records] scope in
            let file = try records.require(File.table, id, as: File.self, field: File.table.idField, on: scope.connection)
            if let person = file.personID { scope.touched(person) }
            return file
        }
    }
}

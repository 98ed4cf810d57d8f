import Foundation
import SamenAgencyKit
import SamenReferenceData
import SamenRPC
import SamenStorage

/// Associations: recorded, read, listed, changed and moved through their status, each change one audited,
/// idempotent transaction (an association's file holds its contact persons).
extension VerenigingenService {
    var rules: AssociationRules { AssociationRules(territory: configuration.territory, region: region, today: today) }

    static let associationRecordType = "association"

    func create(_ request: NewAssociation, _ context: CallContext) async throws -> AssociationFile {
        let new = try rules.check(request)
        return try await store.change(context, request: request) { [associations, region] scope in
            try Self.insert(new, associations: associations, region: region, scope: &scope)
        }
    }

    /// Stores a checked new association and marks it touched (live creates and imports alike).
    static func insert(_ new: NewAssociation, associations: AssociationRecords, region: String, scope: inout AuditScope) throws -> AssociationFile {
        try associations.checkNameFree(new.name, on: scope.connection)
        let seq = try associations.nextSeq(on: scope.connection)
        let file = AssociationFile(associationID: associations.associationID(for: seq), region: region, version: 1, name: new.name, kind: new.kind,
                                   address: new.address, focus: new.focus, genderNetwork: new.genderNetwork, languages: new.languages,
                                   contactPersons: new.contactPersons, umbrellas: new.umbrellas, history: AssociationRules.history(of: new))
        try associations.insert(file, seq: seq, on: scope.connection)
        scope.touched(file.associationID)
        return file
    }

    func get(_ associationID: String, _ context: CallContext) async throws -> AssociationFile {
        try VerenigingenRules.id(associationID, prefix: "v", field: "associationID")
        return try await store.read(context) { [associations] scope in
            let file = try associations.require(associationID, field: "associationID", on: scope.connection).file
            scope.touched(file.associationID)
            return file
        }
    }

    /// Summaries only (no contact persons), so a list is not a read of anyone's personal data.
    func list(_ request: AssociationListRequest) async throws -> AssociationPage {
        let limit = try AgencyFields.limit(request.limit)
        var conditions: [String] = []
        var bindings: [SQLValue] = []
        if let kind = request.kind { conditions.append("kind = ?"); bindings.append(.text(kind.rawValue)) }
        if let focus = request.focus { conditions.append("focus LIKE ?"); bindings.append(.text("%,\(focus.rawValue),%")) }
        if let women = request.womensOrganisation { conditions.append("women = ?"); bindings.append(.integer(women ? 1 : 0)) }
        if let network = request.genderNetwork { conditions.append("gender_network = ?"); bindings.append(.integer(network ? 1 : 0)) }
        if request.includeDissolved != true { conditions.append("dissolved = 0") }
        if let after = request.after {
            try VerenigingenRules.id(after, prefix: "v", field: "after")
            conditions.append("seq > COALESCE((SELECT seq FROM associations WHERE association_id = ?), 0)")
            bindings.append(.text(after))
        }
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let sql = "SELECT file FROM associations \(filter) ORDER BY seq LIMIT \(limit + 1)"
        let values = bindings
        return try await store.database.read { [associations] connection in
            var listed = try connection.query(sql, values).map { associations.summary(try StoredFile.decode(AssociationFile.self, from: $0.blob("file"))) }
            var next: String?
            if listed.count > limit {
                listed.removeLast()
                next = listed.last?.associationID
            }
            return AssociationPage(associations: listed, next: next)
        }
    }

    /// Runs a change of one association at the version the caller read, in one audited, idempotent transaction.
    func changeAssociation<Request: Encodable & Sendable>(
        _ context: CallContext, request: Request, association reference: AssociationReference,
        _ change: @escaping @Sendable (inout AssociationFile, SQLiteConnection) throws -> Void) async throws -> AssociationFile {
        try VerenigingenRules.id(reference.associationID, prefix: "v", field: "association.associationID")
        return try await store.change(context, request: request, person: reference.associationID) { [associations] scope in
            var (file, seq) = try associations.require(reference.associationID, field: "association.associationID", on: scope.connection)
            try FileVersion.check(stated: reference.version, current: file.version, file: "association \(file.associationID)")
            try change(&file, scope.connection)
            file.version += 1
            try associations.save(file, seq: seq, on: scope.connection)
            return file
        }
    }

    func update(_ request: AssociationUpdate, _ context: CallContext) async throws -> AssociationFile {
        let rules = rules
        let changes = request.changes
        let name = try changes.name.map { name throws(RPCError) in try VerenigingenRules.text(name, field: "changes.name", maximum: 120) }
        let address = try changes.address.map { address throws(RPCError) in try rules.address(address, field: "changes.address") }
        let focus = try changes.focus.map { focus throws(RPCError) in try rules.focus(focus) }
        let languages = try changes.languages.map { languages throws(RPCError) in try rules.languages(languages) }
        let contacts = try changes.contactPersons.map { contacts throws(RPCError) in try rules.contacts(contacts) }
        let umbrellas = try changes.umbrellas.map { umbrellas throws(RPCError) in try rules.umbrellas(umbrellas) }
        return try await changeAssociation(context, request: request, association: request.association) { [associations] file, connection in
            guard !file.dissolved else {
                throw RPCError(.failedPrecondition, "association \(file.associationID) is dissolved; its file changes no more", details: ["field": "association"])
            }
            if let name {
                try associations.checkNameFree(name, except: file.associationID, on: connection)
                file.name = name
            }
            if let address { file.address = address }
            if let focus {
                file.focus = focus
                file.womensOrganisation = focus.contains(.women)
            }
            if let languages { file.languages = languages }
            if let contacts { file.contactPersons = contacts }
            if let umbrellas { file.umbrellas = umbrellas }
            if let network = changes.genderNetwork { file.genderNetwork = network }
        }
    }

    func recordStatus(_ request: StatusChange, _ context: CallContext) async throws -> AssociationFile {
        try VerenigingenRules.notAfter(request.on, today: today, field: "on")
        let needsReason = request.status == .recognitionEnded || request.status == .dissolved
        let reason = needsReason ? try VerenigingenRules.text(request.reason ?? "", field: "reason", maximum: 200) : nil
        if !needsReason, request.reason != nil { throw VerenigingenRules.invalid("reason", "belongs to an ended recognition or a dissolution only") }
        return try await changeAssociation(context, request: request, association: request.association) { file, _ in
            let kind = try AssociationRules.kind(after: request.status, file: file)
            if let last = file.history.last, request.on < last.on {
                throw VerenigingenRules.invalid("on", "is before the association's last step (\(last.status.rawValue) on \(last.on))")
            }
            file.history.append(AssociationStatusEvent(status: request.status, on: request.on, reason: reason))
            file.kind = kind
        }
    }

    /// Historical associations: each checked and stored exactly as a live create.
    func importAssociations(_ batch: ImportBatch<NewAssociation>, _ context: CallContext) async throws -> ImportReport {
        let rules = rules
        return try await store.importBatch(context, batch, recordType: Self.associationRecordType) { [associations, region] new, scope in
            try Self.insert(try rules.check(new), associations: associations, region: region, scope: &scope).associationID
        }
    }
}

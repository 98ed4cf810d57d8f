import Foundation
import SamenAgencyKit
import SamenReferenceData
import SamenRPC
import SamenStorage

/// Support contacts with associations and their follow-ups: the desk's daily work. A contact names no person (the
/// staff member is staff, the association an organisation), so contacts are not audited reads.
extension VerenigingenService {
    static let contactRecordType = "contact"
    /// A follow-up is due within two years of its contact.
    static let followUpHorizonDays = 730

    func recordContact(_ request: NewSupportContact, _ context: CallContext) async throws -> SupportContact {
        try VerenigingenRules.id(request.associationID, prefix: "v", field: "associationID")
        let staff = try VerenigingenRules.staff(context)
        let followUp = try checkContact(on: request.on, followUp: request.followUp)
        return try await store.change(context, request: request) { [associations, region] scope in
            let marks = try associations.marks(request.associationID, field: "associationID", on: scope.connection)
            return try Self.insertContact(association: marks, on: request.on, kind: request.kind, subject: request.subject, staff: staff,
                                          followUp: followUp, region: region, connection: scope.connection)
        }
    }

    /// The contact's day and follow-up checked (the follow-up's description trimmed).
    func checkContact(on: CivilDate, followUp: NewFollowUp?) throws(RPCError) -> NewFollowUp? {
        try VerenigingenRules.notAfter(on, today: today, field: "on")
        guard var followUp else { return nil }
        followUp.description = try VerenigingenRules.text(followUp.description, field: "followUp.description", maximum: 200)
        guard followUp.due >= on else { throw VerenigingenRules.invalid("followUp.due", "is before the contact (\(on))") }
        guard let horizon = on.adding(days: Self.followUpHorizonDays), followUp.due <= horizon else {
            throw VerenigingenRules.invalid("followUp.due", "is more than \(Self.followUpHorizonDays) days after the contact (\(on))")
        }
        return followUp
    }

    static func insertContact(association: AssociationRecords.Marks, on: CivilDate, kind: SupportKind, subject: SupportSubject, staff: String,
                              followUp: NewFollowUp?, region: String, connection: SQLiteConnection) throws -> SupportContact {
        let seq = try connection.queryFirst("SELECT COALESCE(MAX(seq), 0) + 1 AS next FROM support_contacts")!.int("next")
        let contact = SupportContact(contactID: "\(region)-c\(seq)", associationID: association.associationID, associationName: association.name,
                                     womensOrganisation: association.womensOrganisation, genderNetwork: association.genderNetwork, on: on,
                                     kind: kind, subject: subject, staff: staff,
                                     followUp: followUp.map { FollowUp(description: $0.description, due: $0.due) })
        try connection.run("""
            INSERT INTO support_contacts (seq, contact_id, association_seq, on_date, kind, subject, staff, follow_up, follow_up_due)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [.integer(seq), .text(contact.contactID), .integer(association.seq), .text(on.description), .text(kind.rawValue),
                  .text(subject.rawValue), .text(staff), followUp.map { .text($0.description) } ?? .null,
                  followUp.map { .text($0.due.description) } ?? .null])
        return contact
    }

    /// The columns a contact is read from, with its association's name and marks.
    static let contactColumns = """
        SELECT c.*, a.association_id, a.women, a.gender_network, a.file FROM support_contacts c
        JOIN associations a ON a.seq = c.association_seq
        """

    static func contact(_ row: Row) throws -> SupportContact {
        let file = try StoredFile.decode(AssociationFile.self, from: row.blob("file"))
        let followUp = try row.optionalText("follow_up").map { description in
            FollowUp(description: description, due: try CivilDate(try row.text("follow_up_due")),
                     closedOn: try row.optionalText("closed_on").map { try CivilDate($0) }, closedBy: try row.optionalText("closed_by"))
        }
        return SupportContact(contactID: try row.text("contact_id"), associationID: file.associationID, associationName: file.name,
                              womensOrganisation: try row.int("women") == 1, genderNetwork: try row.int("gender_network") == 1,
                              on: try CivilDate(try row.text("on_date")), kind: SupportKind(rawValue: try row.text("kind")) ?? .informative,
                              subject: SupportSubject(rawValue: try row.text("subject")) ?? .other, staff: try row.text("staff"), followUp: followUp)
    }

    /// Newest first; the cursor is the last contact's id.
    func listContacts(_ request: ContactListRequest) async throws -> SupportContactPage {
        let limit = try AgencyFields.limit(request.limit)
        try VerenigingenRules.period(from: request.from, through: request.through)
        var conditions: [String] = []
        var bindings: [SQLValue] = []
        if let association = request.associationID {
            try VerenigingenRules.id(association, prefix: "v", field: "associationID")
            conditions.append("a.association_id = ?")
            bindings.append(.text(association))
        }
        if let from = request.from { conditions.append("c.on_date >= ?"); bindings.append(.text(from.description)) }
        if let through = request.through { conditions.append("c.on_date <= ?"); bindings.append(.text(through.description)) }
        if let after = request.after {
            try VerenigingenRules.id(after, prefix: "c", field: "after")
            conditions.append("c.seq < COALESCE((SELECT seq FROM support_contacts WHERE contact_id = ?), 0)")
            bindings.append(.text(after))
        }
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        return try await contactPage("\(Self.contactColumns) \(filter) ORDER BY c.seq DESC LIMIT \(limit + 1)", bindings, limit: limit)
    }

    /// Earliest due first, then in the order recorded; the cursor is the last contact's id.
    func openFollowUps(_ request: OpenFollowUpsRequest) async throws -> SupportContactPage {
        let limit = try AgencyFields.limit(request.limit)
        var conditions = ["c.follow_up_due IS NOT NULL", "c.closed_on IS NULL"]
        var bindings: [SQLValue] = []
        if let due = request.dueThrough { conditions.append("c.follow_up_due <= ?"); bindings.append(.text(due.description)) }
        if let staff = request.staff {
            try VerenigingenRules.staffUser(staff, field: "staff", region: region)
            conditions.append("c.staff = ?")
            bindings.append(.text(staff))
        }
        if let after = request.after {
            try VerenigingenRules.id(after, prefix: "c", field: "after")
            conditions.append("(c.follow_up_due, c.seq) > (SELECT follow_up_due, seq FROM support_contacts WHERE contact_id = ?)")
            bindings.append(.text(after))
        }
        let sql = "\(Self.contactColumns) WHERE \(conditions.joined(separator: " AND ")) ORDER BY c.follow_up_due, c.seq LIMIT \(limit + 1)"
        return try await contactPage(sql, bindings, limit: limit)
    }

    private func contactPage(_ sql: String, _ bindings: [SQLValue], limit: Int) async throws -> SupportContactPage {
        try await store.database.read { connection in
            var contacts = try connection.query(sql, bindings).map(Self.contact)
            var next: String?
            if contacts.count > limit {
                contacts.removeLast()
                next = contacts.last?.contactID
            }
            return SupportContactPage(contacts: contacts, next: next)
        }
    }

    func closeFollowUp(_ request: CloseFollowUpRequest, _ context: CallContext) async throws -> SupportContact {
        try VerenigingenRules.id(request.contactID, prefix: "c", field: "contactID")
        let staff = try VerenigingenRules.staff(context)
        let closedOn = request.closedOn ?? today
        try VerenigingenRules.notAfter(closedOn, today: today, field: "closedOn")
        return try await store.change(context, request: request) { [region] scope in
            guard let row = try scope.connection.queryFirst("\(Self.contactColumns) WHERE c.contact_id = ?", [.text(request.contactID)]) else {
                throw RPCError(.notFound, "field 'contactID': no support contact with id '\(request.contactID)' in region \(region)",
                               details: ["field": "contactID"])
            }
            var contact = try Self.contact(row)
            guard var followUp = contact.followUp else {
                throw RPCError(.failedPrecondition, "field 'contactID': contact \(contact.contactID) has no follow-up", details: ["field": "contactID"])
            }
            if let closed = followUp.closedOn {
                throw RPCError(.failedPrecondition, "field 'contactID': the follow-up of contact \(contact.contactID) was closed on \(closed)",
                               details: ["field": "contactID"])
            }
            guard closedOn >= contact.on else { throw VerenigingenRules.invalid("closedOn", "is before the contact (\(contact.on))") }
            try scope.connection.run("UPDATE support_contacts SET closed_on = ?, closed_by = ? WHERE contact_id = ?",
                                     [.text(closedOn.description), .text(staff), .text(contact.contactID)])
            followUp.closedOn = closedOn
            followUp.closedBy = staff
            contact.followUp = followUp
            return contact
        }
    }

    /// Historical contacts, each added to the association imported under its external id.
    func importContacts(_ batch: ImportBatch<SupportContactImport>, _ context: CallContext) async throws -> ImportReport {
        try await store.importBatch(context, batch, recordType: Self.contactRecordType) { [self, associations, region] item, scope in
            try VerenigingenRules.staffUser(item.staff, field: "staff", region: region)
            let followUp = try checkContact(on: item.on, followUp: item.followUp)
            guard let associationID = try HistoricalImport.importedID(recordType: Self.associationRecordType, externalID: item.associationExternalID,
                                                                      on: scope.connection) else {
                throw VerenigingenRules.invalid("associationExternalID", "names no imported association")
            }
            let marks = try associations.marks(associationID, field: "associationExternalID", on: scope.connection)
            return try Self.insertContact(association: marks, on: item.on, kind: item.kind, subject: item.subject, staff: item.staff,
                                          followUp: followUp, region: region, connection: scope.connection).contactID
        }
    }
}

import SamenContracts
import Foundation
import SamenAgencyKit
import SamenReferenceData
import SamenRPC
import SamenStorage

extension IntakeService {
    /// The population register's report: each settlement validated, decided and kept once per register id.
    func reportSettlements(_ batch: ImportBatch<Settlement>, _ context: CallContext) async throws -> ImportReport {
        let rules = rules
        let region = region
        return try await store.importBatch(context, batch, recordType: "settlement") { settlement, scope in
            let checked = try Self.check(settlement, rules: rules)
            let connection = scope.connection
            let seq = try connection.queryFirst("SELECT COALESCE(MAX(seq), 0) + 1 AS next FROM settlements")!.int("next")
            let id = "\(region)-s\(seq)"
            let decision = DoelgroepRules.decide(DoelgroepFacts(settlement: checked), on: checked.settledOn)
            // A person who registered before the register reported them is linked now.
            let personID = try checked.insz.flatMap { insz in
                try connection.queryFirst("SELECT person_id FROM persons WHERE insz = ? AND settlement_id IS NULL", [.text(insz)])?.text("person_id")
            }
            let file = SettlementFile(settlementID: id, settlement: checked, decision: decision, personID: personID)
            try connection.run("""
                INSERT INTO settlements (seq, settlement_id, insz, settled_on, nationality, doelgroep, person_id, file)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, [.integer(seq), .text(id), checked.insz.map { .text($0) } ?? .null, .text(checked.settledOn.description),
                      .text(checked.nationalities[0]), .text(decision.doelgroep.rawValue), personID.map { .text($0) } ?? .null,
                      .blob(try Self.encode(file))])
            scope.touched(id)
            return id
        }
    }

    static func check(_ settlement: Settlement, rules: RegistrationRules) throws(RPCError) -> Settlement {
        var settlement = settlement
        try rules.notAfterToday(settlement.settledOn, field: "settledOn")
        try rules.birthDate(settlement.birthDate, registeredOn: settlement.settledOn)
        if let name = settlement.name { settlement.name = try rules.name(name) }
        settlement.nationalities = try rules.nationalities(settlement.nationalities)
        settlement.municipality = try rules.municipality(settlement.municipality, on: settlement.settledOn)
        if let arrival = settlement.arrivalDate { try rules.arrivalDate(arrival, birthDate: settlement.birthDate) }
        if let text = settlement.insz { settlement.insz = try rules.insz(text, birthDate: settlement.birthDate, sex: settlement.sex).digits }
        return settlement
    }

    static func encode(_ file: SettlementFile) throws -> [UInt8] {
        try StoredFile.encode(file)
    }

    /// Settlements without a registration yet, verplicht first, then by settlement date.
    func toInvite(_ request: InvitationRequest, _ context: CallContext) async throws -> InvitationPage {
        let limit = request.limit ?? 100
        guard (1...Self.maximumPageSize).contains(limit) else {
            throw RegistrationRules.invalid("limit", "must be 1...\(Self.maximumPageSize), not \(limit)")
        }
        guard request.through >= request.from else { throw RegistrationRules.invalid("through", "is before 'from'") }
        let offset: Int
        if let after = request.after {
            guard let value = Int(after), (0...1_000_000).contains(value) else { throw RegistrationRules.invalid("after", "is not a cursor this method gave") }
            offset = value
        } else {
            offset = 0
        }
        let groups: [Doelgroep] = request.doelgroep.map { [$0] } ?? [.verplicht, .rechthebbend, .onbepaald]
        let placeholders = groups.map { _ in "?" }.joined(separator: ", ")
        let sql = """
            SELECT file FROM settlements
            WHERE person_id IS NULL AND settled_on >= ? AND settled_on <= ? AND doelgroep IN (\(placeholders))
            ORDER BY CASE doelgroep WHEN 'verplicht' THEN 0 WHEN 'rechthebbend' THEN 1 ELSE 2 END, settled_on, seq
            LIMIT \(limit + 1) OFFSET \(offset)
            """
        let bindings: [SQLValue] = [.text(request.from.description), .text(request.through.description)] + groups.map { .text($0.rawValue) }
        return try await store.read(context) { scope in
            let rows = try scope.connection.query(sql, bindings)
            var settlements: [SettlementFile] = []
            for row in rows.prefix(limit) {
                let file = try StoredFile.decode(SettlementFile.self, from: try row.blob("file"))
                settlements.append(file)
                scope.touched(file.settlementID)
            }
            return InvitationPage(settlements: settlements, next: rows.count > limit ? String(offset + limit) : nil)
        }
    }
}

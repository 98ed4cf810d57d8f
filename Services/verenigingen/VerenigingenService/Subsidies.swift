import Foundation
import SamenAgencyKit
import SamenReferenceData
import SamenRPC
import SamenStorage

/// Project subsidies: calls with a budget, applications, assessment, decisions, instalments and reports. No
/// personal data: the changes are idempotent but not audited per person.
extension VerenigingenService {
    var subsidies: SubsidyRecords { SubsidyRecords(region: region) }

    func openCall(_ request: NewSubsidyCall, _ context: CallContext) async throws -> SubsidyCall {
        let theme = try VerenigingenRules.text(request.theme, field: "theme", maximum: 120)
        try VerenigingenRules.cents(request.budgetCents, field: "budgetCents", in: SubsidyRecords.budget)
        return try await store.change(context, request: request) { [region] scope in
            let seq = try scope.connection.queryFirst("SELECT COALESCE(MAX(seq), 0) + 1 AS next FROM subsidy_calls")!.int("next")
            let call = SubsidyCall(callID: "\(region)-s\(seq)", theme: theme, budgetCents: request.budgetCents, grantedCents: 0, deadline: request.deadline)
            try scope.connection.run("INSERT INTO subsidy_calls (seq, call_id, theme, budget_cents, deadline) VALUES (?, ?, ?, ?, ?)",
                                     [.integer(seq), .text(call.callID), .text(theme), .integer(call.budgetCents), .text(call.deadline.description)])
            return call
        }
    }

    func listCalls() async throws -> SubsidyCallList {
        try await store.database.read { [subsidies] connection in
            SubsidyCallList(calls: try connection.query("SELECT * FROM subsidy_calls ORDER BY seq DESC").map(subsidies.call))
        }
    }

    func call(_ callID: String) async throws -> SubsidyCallDetail {
        try VerenigingenRules.id(callID, prefix: "s", field: "callID")
        return try await store.database.read { [subsidies] connection in
            let (call, seq) = try subsidies.requireCall(callID, field: "callID", on: connection)
            let applications = try connection.query("\(SubsidyRecords.applicationColumns) WHERE p.call_seq = ? ORDER BY p.seq", [.integer(seq)])
                .map(subsidies.application)
            return SubsidyCallDetail(call: call, applications: applications)
        }
    }

    func apply(_ request: NewSubsidyApplication, _ context: CallContext) async throws -> SubsidyApplication {
        try VerenigingenRules.id(request.callID, prefix: "s", field: "callID")
        try VerenigingenRules.id(request.associationID, prefix: "v", field: "associationID")
        let project = try VerenigingenRules.text(request.project, field: "project", maximum: 200)
        try VerenigingenRules.cents(request.askedCents, field: "askedCents", in: SubsidyRecords.budget)
        let submittedOn = request.submittedOn ?? today
        try VerenigingenRules.notAfter(submittedOn, today: today, field: "submittedOn")
        return try await store.change(context, request: request) { [subsidies, associations, region] scope in
            let connection = scope.connection
            let (call, callSeq) = try subsidies.requireCall(request.callID, field: "callID", on: connection)
            let association = try associations.marks(request.associationID, field: "associationID", on: connection)
            guard request.askedCents <= call.budgetCents else {
                throw VerenigingenRules.invalid("askedCents", "(\(request.askedCents)) is more than the call's whole budget (\(call.budgetCents) cents)")
            }
            guard submittedOn <= call.deadline else {
                throw RPCError(.failedPrecondition, "field 'submittedOn': call \(call.callID) closed on \(call.deadline)", details: ["field": "submittedOn"])
            }
            guard !association.dissolved else {
                throw RPCError(.failedPrecondition, "field 'associationID': association \(association.associationID) is dissolved",
                               details: ["field": "associationID"])
            }
            let seq = try connection.queryFirst("SELECT COALESCE(MAX(seq), 0) + 1 AS next FROM subsidy_applications")!.int("next")
            let application = SubsidyApplication(
                applicationID: "\(region)-a\(seq)", callID: call.callID, associationID: association.associationID, associationName: association.name,
                womensOrganisation: association.womensOrganisation, genderNetwork: association.genderNetwork, version: 1, project: project,
                askedCents: request.askedCents, submittedOn: submittedOn, state: .submitted)
            try subsidies.insert(application, seq: seq, callSeq: callSeq, associationSeq: association.seq, on: connection)
            return application
        }
    }
}

import Foundation
import SamenAgencyKit
import SamenReferenceData
import SamenRPC
import SamenStorage

/// What happens to an application after it is submitted: assessment, decision, instalments, report. Each is one
/// write transaction at the version the caller read; a decision raises its call's granted sum in the same
/// transaction, where the call row's CHECK holds it under the budget (docs/VERENIGINGEN.md, "The budget").
extension VerenigingenService {
    /// Runs a change of one application at the version read: loads it, checks version and state, lets `change`
    /// modify it, raises the version and saves it.
    func changeApplication<Request: Encodable & Sendable>(
        _ context: CallContext, request: Request, application reference: ApplicationReference, expecting state: ApplicationState,
        _ change: @escaping @Sendable (inout SubsidyApplication, SQLiteConnection) throws -> Void) async throws -> SubsidyApplication {
        try VerenigingenRules.id(reference.applicationID, prefix: "a", field: "application.applicationID")
        return try await store.change(context, request: request) { [subsidies] scope in
            var (application, seq) = try subsidies.requireApplication(reference.applicationID, field: "application.applicationID", on: scope.connection)
            try FileVersion.check(stated: reference.version, current: application.version, file: "application \(application.applicationID)")
            guard application.state == state else {
                throw RPCError(.failedPrecondition, "field 'application': application \(application.applicationID) is \(application.state.rawValue), not \(state.rawValue)",
                               details: ["field": "application", "current": application.state.rawValue])
            }
            try change(&application, scope.connection)
            application.version += 1
            try subsidies.save(application, seq: seq, on: scope.connection)
            return application
        }
    }

    func assess(_ request: AssessmentRequest, _ context: CallContext) async throws -> SubsidyApplication {
        let assessment = try VerenigingenRules.text(request.assessment, field: "assessment", maximum: 2000)
        return try await changeApplication(context, request: request, application: request.application, expecting: .submitted) { application, _ in
            application.assessment = assessment
            application.state = .assessed
        }
    }

    func decide(_ request: DecisionRequest, _ context: CallContext) async throws -> SubsidyApplication {
        let decidedOn = request.decidedOn ?? today
        try VerenigingenRules.notAfter(decidedOn, today: today, field: "decidedOn")
        let reason: String?
        switch (request.grantedCents, request.refusalReason) {
        case (let granted?, nil):
            try VerenigingenRules.cents(granted, field: "grantedCents", in: SubsidyRecords.budget)
            reason = nil
        case (nil, let refusal?):
            reason = try VerenigingenRules.text(refusal, field: "refusalReason", maximum: 200)
        default:
            throw VerenigingenRules.invalid("grantedCents", "or 'refusalReason': give exactly one")
        }
        return try await changeApplication(context, request: request, application: request.application, expecting: .assessed) { [subsidies] application, connection in
            guard decidedOn >= application.submittedOn else {
                throw VerenigingenRules.invalid("decidedOn", "is before the application was submitted (\(application.submittedOn))")
            }
            application.decidedOn = decidedOn
            guard let granted = request.grantedCents else {
                application.state = .refused
                application.refusalReason = reason
                return
            }
            guard granted <= application.askedCents else {
                throw VerenigingenRules.invalid("grantedCents", "(\(granted)) is more than the amount asked (\(application.askedCents) cents)")
            }
            let (call, callSeq) = try subsidies.requireCall(application.callID, field: "application", on: connection)
            guard granted <= call.remainingCents else { throw Self.overBudget(call, granted) }
            do {
                try connection.run("UPDATE subsidy_calls SET granted_cents = granted_cents + ? WHERE seq = ?", [.integer(granted), .integer(callSeq)])
            } catch let error as StorageError where error.kind == .constraint {
                // The call row's CHECK refuses a sum over the budget even if the test above were wrong.
                throw Self.overBudget(call, granted)
            }
            application.state = .granted
            application.grantedCents = granted
        }
    }

    /// The refusal of an amount a call has no budget left for, naming what it has left.
    static func overBudget(_ call: SubsidyCall, _ granted: Int64) -> RPCError {
        RPCError(.failedPrecondition,
                 "field 'grantedCents': call \(call.callID) has \(call.remainingCents) cents left of its budget of \(call.budgetCents); "
                     + "granting \(granted) would exceed it",
                 details: ["field": "grantedCents", "remainingCents": "\(call.remainingCents)"])
    }

    func pay(_ request: InstalmentRequest, _ context: CallContext) async throws -> SubsidyApplication {
        try VerenigingenRules.cents(request.amountCents, field: "amountCents", in: SubsidyRecords.budget)
        let paidOn = request.paidOn ?? today
        try VerenigingenRules.notAfter(paidOn, today: today, field: "paidOn")
        return try await changeApplication(context, request: request, application: request.application, expecting: .granted) { application, _ in
            let remaining = (application.grantedCents ?? 0) - application.paidCents
            guard request.amountCents <= remaining else {
                throw RPCError(.failedPrecondition,
                               "field 'amountCents': application \(application.applicationID) has \(remaining) cents left to pay of \(application.grantedCents ?? 0) granted",
                               details: ["field": "amountCents", "remainingCents": "\(remaining)"])
            }
            if let decided = application.decidedOn, paidOn < decided {
                throw VerenigingenRules.invalid("paidOn", "is before the decision (\(decided))")
            }
            application.instalments.append(Instalment(amountCents: request.amountCents, paidOn: paidOn))
        }
    }

    func report(_ request: ProjectReportRequest, _ context: CallContext) async throws -> SubsidyApplication {
        let summary = try VerenigingenRules.text(request.report.summary, field: "report.summary", maximum: 2000)
        try VerenigingenRules.notAfter(request.report.deliveredOn, today: today, field: "report.deliveredOn")
        return try await changeApplication(context, request: request, application: request.application, expecting: .granted) { application, _ in
            if application.report != nil {
                throw RPCError(.failedPrecondition, "field 'report': the report of application \(application.applicationID) was recorded already",
                               details: ["field": "report"])
            }
            if let decided = application.decidedOn, request.report.deliveredOn < decided {
                throw VerenigingenRules.invalid("report.deliveredOn", "is before the decision (\(decided))")
            }
            application.report = ProjectReport(deliveredOn: request.report.deliveredOn, summary: summary)
        }
    }
}

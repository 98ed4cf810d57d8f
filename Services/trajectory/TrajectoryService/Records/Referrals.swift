import SamenAgencyKit
import SamenContracts
import SamenReferenceData
import SamenRPC

/// The outcomes a referral may move to (docs/TRAJECTORY-RECORDS.md, "Referrals").
enum ReferralOutcomes {
    static func allowed(from: ReferralOutcome, to: ReferralOutcome) -> Bool {
        switch (from, to) {
        case (.pending, .started), (.pending, .notStarted), (.started, .ended): true
        default: false
        }
    }
}

extension TrajectoryService {
    func addReferral(_ request: ReferralRequest, _ context: CallContext) async throws -> TrajectoryFile {
        let referredOn = try RecordsRules.day(request.referredOn, field: "referredOn", today: today)
        let organisation = try RecordsRules.text(request.organisation, field: "organisation", maximum: 120)
        let note = try RecordsRules.note(request.note)
        switch (request.kind, request.condition) {
        case (.childcare, nil):
            throw TrajectoryRules.invalid("condition", "is required for kinderopvang: the component (mo or nt2) the childcare makes it possible to attend")
        case (.childcare, let component?) where component != .mo && component != .nt2:
            throw TrajectoryRules.invalid("condition", "must be mo or nt2, the courses childcare is a condition for attending")
        case (.childcare, _), (_, nil):
            break
        case (_, .some):
            throw TrajectoryRules.invalid("condition", "belongs to a kinderopvang referral only")
        }
        return try await changeTrajectory(context, request: request, trajectory: request.trajectory) { file, _ in
            guard referredOn >= file.signedOn else {
                throw TrajectoryRules.invalid("referredOn", "is before the contract was signed (\(file.signedOn))")
            }
            var referrals = file.referrals ?? []
            guard referrals.count < 1_000 else { throw TrajectoryRules.invalid("trajectory", "has 1000 referrals, the most one trajectory keeps") }
            referrals.append(Referral(number: referrals.count + 1, kind: request.kind, referredOn: referredOn, organisation: organisation,
                                      condition: request.condition, note: note))
            file.referrals = referrals
        }
    }

    func referralOutcome(_ request: ReferralOutcomeUpdate, _ context: CallContext) async throws -> TrajectoryFile {
        let on = try RecordsRules.day(request.on, field: "on", today: today)
        guard (1...1_000).contains(request.referral) else { throw TrajectoryRules.invalid("referral", "must be 1...1000") }
        return try await changeTrajectory(context, request: request, trajectory: request.trajectory) { file, _ in
            var referrals = file.referrals ?? []
            guard let index = referrals.firstIndex(where: { $0.number == request.referral }) else {
                throw RPCError(.notFound, "trajectory \(file.trajectoryID) has no referral \(request.referral)", details: ["field": "referral"])
            }
            var referral = referrals[index]
            guard ReferralOutcomes.allowed(from: referral.outcome, to: request.outcome) else {
                throw RPCError(.failedPrecondition, "field 'outcome': a referral cannot go from \(referral.outcome.rawValue) to \(request.outcome.rawValue)",
                               details: ["field": "outcome", "current": referral.outcome.rawValue])
            }
            let since = referral.outcomeOn ?? referral.referredOn
            guard on >= since else { throw TrajectoryRules.invalid("on", "is before the referral's last change (\(since))") }
            referral.outcome = request.outcome
            referral.outcomeOn = on
            referrals[index] = referral
            file.referrals = referrals
        }
    }
}

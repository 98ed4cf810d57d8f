import Foundation
import SamenContracts
import SamenReferenceData
import SamenRPC

/// The trajectories `samenctl demo` opens in one region, through trajectory's public API as the development
/// counsellor and planner: a few counsellors, a contract for the first adults intake decided verplicht or
/// rechthebbend, their components at different stages (one trajectory finished with its certificate), referrals, and
/// two MO course groups with enrolments. Fixed idempotency keys: a second run gets the first run's answers back,
/// and the versions it sends follow from those answers, so it adds nothing.
struct DemoTrajectories {
    /// What intake answered for one demo person, as far as a contract needs it.
    struct Signable: Equatable {
        var number: Int
        var personID: String
        var registeredOn: CivilDate
    }

    /// What the demo opened in one region.
    struct Loaded: Equatable {
        var counsellors = 0
        var trajectories = 0
        var certificates = 0
        var referrals = 0
        var moGroups = 0
        var moEnrolments = 0
        var firstTrajectoryID: String?
        /// The trajectory the demo moves to another region when both gent and antwerpen are loaded: the one exempted
        /// from MO (no course place to leave behind), as the demo left it.
        var transferable: TrajectoryReference?
    }

    /// A demo trajectory moved to another region: the transfer and where the trajectory is now.
    struct Transferred: Equatable {
        var transferID: String
        var trajectoryID: String
        var from: String
        var to: String
        var newTrajectoryID: String
    }

    /// At most this many contracts per region: enough to show every stage.
    static let contracts = 5

    static let counsellors = [
        Counsellor(user: "demo-counsellor-1", languages: ["ar", "fr", "nl"]),
        Counsellor(user: "demo-counsellor-2", languages: ["prs", "ps", "en", "nl"]),
        Counsellor(user: "demo-counsellor-3", languages: ["tr", "ro", "bg", "en", "nl"]),
    ]

    let region: String
    let counsellor: TrajectoryClient
    let records: TrajectoryRecordsClient
    let planner: MOCoursesClient

    func load(_ people: [Signable]) async throws -> Loaded {
        var loaded = Loaded()
        for demo in Self.counsellors {
            _ = try await counsellor.upsert(demo, options: key("counsellor-\(demo.user)"))
            loaded.counsellors += 1
        }
        // A group that has ended takes no enrolments, so the courses are the coming term's: they start on the first
        // of next month. Their keys name the term, so a run in the same month adds nothing and a later one plans anew.
        let today = CivilDate.today()
        let term = try CivilDate(year: today.year, month: today.month, day: 1).adding(months: 1)!
        let groups = [
            MOGroupPlan(language: "ar", place: "Demo leslokaal \(region.capitalized) 1", from: term,
                        through: term.adding(days: 55)!, capacity: 12),
            MOGroupPlan(language: "en", contactLanguage: true, place: "Demo leslokaal \(region.capitalized) 2",
                        from: term.adding(days: 63)!, through: term.adding(days: 118)!, capacity: 1),
        ]
        var groupIDs: [String] = []
        for (number, plan) in groups.enumerated() {
            groupIDs.append(try await planner.createGroup(plan, options: key("mo-\(term)-group-\(number + 1)")).id)
            loaded.moGroups += 1
        }

        for (index, person) in people.prefix(Self.contracts).enumerated() {
            let signedOn = person.registeredOn.adding(days: 14)!
            let prefix = "trajectory-\(person.number)"
            var file = try await counsellor.sign(SignRequest(personID: person.personID, signedOn: signedOn), options: key("\(prefix)-sign"))
            loaded.trajectories += 1
            if loaded.firstTrajectoryID == nil { loaded.firstTrajectoryID = file.trajectoryID }
            // The stages: 0 finished with a certificate, 1 under way with a referral, 2 exempted from MO, the rest new.
            func move(_ component: TrajectoryComponent, to state: ComponentState, afterDays days: Int, reason: String? = nil) async throws {
                file = try await counsellor.updateComponent(
                    ComponentUpdate(trajectory: file.reference, component: component, state: state, on: signedOn.adding(days: days)!, reason: reason),
                    options: key("\(prefix)-\(component.rawValue)-\(state.rawValue)"))
            }
            switch index {
            case 0:
                for (offset, component) in TrajectoryComponent.allCases.enumerated() {
                    try await move(component, to: .inProgress, afterDays: 7 + offset)
                    try await move(component, to: .completed, afterDays: 180 + 30 * offset)
                }
                file = try await records.issueCertificate(CertificateIssueRequest(trajectory: file.reference, issuedOn: signedOn.adding(days: 300)!),
                                                          options: key("\(prefix)-certificate"))
                loaded.certificates += 1
            case 1:
                try await move(.trajectbegeleiding, to: .inProgress, afterDays: 3)
                try await move(.nt2, to: .inProgress, afterDays: 20)
                file = try await records.addReferral(ReferralRequest(trajectory: file.reference, kind: .vdabWork, referredOn: signedOn.adding(days: 30)!,
                                                                     organisation: "VDAB \(region.capitalized)"),
                                                     options: key("\(prefix)-referral-1"))
                loaded.referrals += 1
            case 2:
                try await move(.mo, to: .exempted, afterDays: 10, reason: "vrijstellingstoets geslaagd")
                loaded.transferable = file.reference
            default:
                break
            }
            // The trajectories under way take an MO course (after their changes, whose versions follow from answers a
            // second run gets back); the contact-language group has one place, so its second enrolment waits in line.
            if index == 1 || index >= 3 {
                let enrolment = MOEnrolmentRequest(groupID: groupIDs[index % groupIDs.count], personID: person.personID)
                _ = try await planner.enrol(enrolment, options: key("\(prefix)-mo-\(term)"))
                loaded.moEnrolments += 1
            }
        }
        return loaded
    }

    private func key(_ name: String) -> CallOptions { CallOptions(idempotencyKey: "demo-\(region)-\(name)") }

    /// Moves `trajectory` from `source` to `target` as staff of each region would (docs/TRAJECTORY-TRANSFER.md): a
    /// counsellor of the source requests it, a counsellor of the target accepts it once the offer has arrived, and
    /// the demo waits until the source shows the tombstone. Fixed keys: a second run gets the same transfer back.
    /// `within` bounds both waits.
    static func transfer(_ trajectory: TrajectoryReference, from source: (region: String, trajectory: TrajectoryClient, transfers: TransferClient),
                         to target: (region: String, municipality: String, transfers: TransferClient),
                         within: Duration) async throws -> Transferred {
        let requested = try await source.transfers.request(
            TransferRequest(trajectory: trajectory, targetRegion: target.region, municipality: target.municipality,
                            reason: "verhuisd naar \(target.region.capitalized) (demo)"),
            options: CallOptions(idempotencyKey: "demo-\(source.region)-transfer-\(trajectory.trajectoryID)"))
        let deadline = ContinuousClock.now + within
        var backoff = Backoff(initial: .milliseconds(50), maximum: .seconds(1), jitter: false)
        var accepted: TrajectoryTransfer?
        while accepted == nil {
            do {
                accepted = try await target.transfers.accept(requested.transferID,
                                                            options: CallOptions(idempotencyKey: "demo-\(target.region)-accept-\(requested.transferID)"))
            } catch let error as RPCError where error.status == .notFound && ContinuousClock.now < deadline {
                // The offer follows the request from the source; it is not there yet.
                try await Task.sleep(for: backoff.nextDelay())
            }
        }
        guard let newID = accepted?.newTrajectoryID else {
            throw CtlFailure("\(target.region) did not accept demo transfer \(requested.transferID): it is \(accepted?.state.rawValue ?? "unknown")")
        }
        backoff.reset()
        while try await source.trajectory.get(trajectory.trajectoryID).tombstone == nil {
            guard ContinuousClock.now < deadline else {
                throw CtlFailure("\(source.region) does not show the tombstone of \(trajectory.trajectoryID) yet (transfer \(requested.transferID) was accepted)",
                                 hint: "it settles on its own; run the demo again later")
            }
            try await Task.sleep(for: backoff.nextDelay())
        }
        return Transferred(transferID: requested.transferID, trajectoryID: trajectory.trajectoryID, from: source.region, to: target.region, newTrajectoryID: newID)
    }
}

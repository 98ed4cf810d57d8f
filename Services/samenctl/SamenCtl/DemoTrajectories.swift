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
}

import Foundation
import SamenContracts
import SamenReferenceData
import SamenRPC

/// The fictional associations `samenctl demo` loads into one region's verenigingen service, with the desk's support
/// contacts, a network event and a subsidy call: the same on every run, every write under a fixed idempotency key,
/// so a second run adds nothing. Every association is called "Demo Vereniging <n>"; the contact persons are
/// "Demo Contact <n>" with an address under `.test`.
struct DemoAssociations {
    /// What was loaded, for the demo's summary line.
    struct Loaded: Equatable {
        var associations = 0
        var womensOrganisations = 0
        var genderNetwork = 0
        var contacts = 0
        var followUps = 0
        var events = 0
        var applications = 0
        var granted = 0
    }

    static let count = 6
    let region: String

    private func day(_ text: String) -> CivilDate { try! CivilDate("\(DemoData.year)-\(text)") }

    /// The associations, kinds and marks varied: women's organisations, the gender network, one forming.
    var associations: [NewAssociation] {
        let focuses: [[AssociationFocus]] = [[.women, .cultural], [.youth, .sport], [.religious], [.women, .education], [.cultural, .homeland], [.welfare]]
        return (0..<Self.count).map { index in
            let kind: AssociationKind = index == 5 ? .forming : index % 2 == 0 ? .recognised : .notRecognised
            return NewAssociation(
                name: "Demo Vereniging \(index + 1)", kind: kind,
                address: AssociationAddress(street: "Demostraat \(index + 1)", postalCode: "9000", municipality: DemoData.municipality(of: region)),
                focus: focuses[index], languages: [DemoData.languages[index], "nl"],
                contactPersons: [ContactPerson(name: "Demo Contact \(index + 1)", role: .chair, email: "contact\(index + 1)@demo.test")],
                umbrellas: index % 3 == 0 ? ["Demo Koepel"] : [], genderNetwork: index == 0 || index == 3,
                foundedOn: kind == .forming ? nil : day("01-0\(index + 1)").adding(years: -5), recognisedOn: kind == .recognised ? day("01-0\(index + 1)").adding(years: -2) : nil)
        }
    }

    func load(into client: VerenigingenClient) async throws -> Loaded {
        var loaded = Loaded()
        var ids: [String] = []
        for (index, association) in associations.enumerated() {
            let file = try await client.createAssociation(association, options: key("association-\(index + 1)"))
            ids.append(file.associationID)
            loaded.associations += 1
            if file.womensOrganisation { loaded.womensOrganisations += 1 }
            if file.genderNetwork { loaded.genderNetwork += 1 }
        }
        let kinds = SupportKind.allCases
        let subjects: [SupportSubject] = [.statutes, .subsidies, .accounts, .premises, .events, .recognition, .volunteers, .communication]
        for index in 0..<subjects.count {
            let on = day("02-01").adding(days: index * 9)!
            let followUp = index % 3 == 0 ? NewFollowUp(description: "send the \(subjects[index].rawValue) checklist", due: on.adding(days: 14)!) : nil
            _ = try await client.recordContact(NewSupportContact(associationID: ids[index % ids.count], on: on, kind: kinds[index % kinds.count],
                                                                 subject: subjects[index], followUp: followUp), options: key("contact-\(index + 1)"))
            loaded.contacts += 1
            if followUp != nil { loaded.followUps += 1 }
        }
        _ = try await client.recordEvent(NewNetworkEvent(on: day("03-16"), theme: "Netwerkmoment verenigingen", organisers: ["Demo Agentschap"],
                                                         participants: Array(ids.prefix(5)), attendance: 48), options: key("event-1"))
        loaded.events = 1
        let call = try await client.openCall(NewSubsidyCall(theme: "Oefenkansen Nederlands", budgetCents: 10_000_000, deadline: day("04-30")),
                                             options: key("call-1"))
        for (index, asked) in [Int64(5_000_000), 6_000_000].enumerated() {
            let applied = try await client.apply(NewSubsidyApplication(callID: call.callID, associationID: ids[index * 3], project: "Taalcafé \(index + 1)",
                                                                       askedCents: asked, submittedOn: day("04-1\(index)")), options: key("apply-\(index + 1)"))
            let assessed = try await client.assess(AssessmentRequest(application: reference(applied), assessment: "fits the call"),
                                                   options: key("assess-\(index + 1)"))
            loaded.applications += 1
            if index == 0 {
                _ = try await client.decide(DecisionRequest(application: reference(assessed), grantedCents: asked, decidedOn: day("05-15")),
                                            options: key("decide-\(index + 1)"))
                loaded.granted += 1
            }
        }
        return loaded
    }

    private func key(_ name: String) -> CallOptions { CallOptions(idempotencyKey: "demo-\(region)-\(name)") }

    private func reference(_ application: SubsidyApplication) -> ApplicationReference {
        ApplicationReference(applicationID: application.applicationID, version: application.version)
    }
}

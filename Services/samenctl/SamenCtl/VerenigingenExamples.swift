import Foundation
import SamenContracts
import SamenReferenceData
import SamenRPC

/// Verenigingen's methods with an example request each, for `samenctl call` and docs/METHODS.md. The association
/// and its contact person are fictional.
extension MethodCatalog {
    mutating func addVerenigingen() {
        let day = try! CivilDate("2019-03-14")
        let association = NewAssociation(
            name: "Vrouwenvereniging Voorbeeld", kind: .recognised,
            address: AssociationAddress(street: "Voorbeeldstraat 1", postalCode: "9000", municipality: "44021"),
            focus: [.women, .cultural], languages: ["ar", "nl"],
            contactPersons: [ContactPerson(name: "Testa Voorbeeld", role: .chair, email: "voorzitter@voorbeeld.test")],
            umbrellas: ["FMDO"], genderNetwork: true, foundedOn: try! CivilDate("2012-09-01"), recognisedOn: try! CivilDate("2015-01-01"))
        let reference = AssociationReference(associationID: "gent-v1", version: 1)
        let application = ApplicationReference(applicationID: "gent-a1", version: 1)
        add(VerenigingenAPI.createAssociation, example: association)
        add(VerenigingenAPI.getAssociation, example: AssociationRequest(associationID: "gent-v1"))
        add(VerenigingenAPI.listAssociations, example: AssociationListRequest(womensOrganisation: true, limit: 20))
        add(VerenigingenAPI.updateAssociation, example: AssociationUpdate(association: reference, changes: AssociationChanges(umbrellas: ["FMDO", "Vrouwenraad"])))
        add(VerenigingenAPI.recordStatus, example: StatusChange(association: reference, status: .dissolved, on: day, reason: "members moved away"))
        add(VerenigingenAPI.importAssociations, example: ImportBatch(records: [ImportRecord(externalID: "old-v-0001", record: association)]))
        add(VerenigingenAPI.recordContact, example: NewSupportContact(associationID: "gent-v1", on: day, kind: .administrative, subject: .statutes,
                                                                      followUp: NewFollowUp(description: "send the model statutes", due: day.adding(days: 14)!)))
        add(VerenigingenAPI.listContacts, example: ContactListRequest(associationID: "gent-v1", from: day, through: day, limit: 20))
        add(VerenigingenAPI.openFollowUps, example: OpenFollowUpsRequest(dueThrough: day.adding(days: 14), limit: 20))
        add(VerenigingenAPI.closeFollowUp, example: CloseFollowUpRequest(contactID: "gent-c1", closedOn: day))
        add(VerenigingenAPI.importContacts, example: ImportBatch(records: [ImportRecord(externalID: "old-c-0001", record: SupportContactImport(
            associationExternalID: "old-v-0001", staff: "former-desk", on: day, kind: .informative, subject: .subsidies))]))
        add(VerenigingenAPI.recordEvent, example: NewNetworkEvent(on: try! CivilDate("2019-03-16"), theme: "Netwerkmoment",
                                                                  organisers: ["IN-Gent", "Stad Gent, Dienst Welzijn en Gelijke Kansen"],
                                                                  participants: ["gent-v1"], attendance: 64))
        add(VerenigingenAPI.listEvents, example: EventListRequest(from: try! CivilDate("2019-01-01"), through: try! CivilDate("2019-12-31"), limit: 20))
        add(VerenigingenAPI.openCall, example: NewSubsidyCall(theme: "Oefenkansen Nederlands", budgetCents: 10_000_000, deadline: try! CivilDate("2019-06-30")))
        add(VerenigingenAPI.listCalls, example: Empty())
        add(VerenigingenAPI.getCall, example: CallRequest(callID: "gent-s1"))
        add(VerenigingenAPI.apply, example: NewSubsidyApplication(callID: "gent-s1", associationID: "gent-v1", project: "Taalcafé in de wijk",
                                                                  askedCents: 5_000_000, submittedOn: day))
        add(VerenigingenAPI.assess, example: AssessmentRequest(application: application, assessment: "reaches learners the courses do not"))
        add(VerenigingenAPI.decide, example: DecisionRequest(application: ApplicationReference(applicationID: "gent-a1", version: 2), grantedCents: 5_000_000))
        add(VerenigingenAPI.pay, example: InstalmentRequest(application: ApplicationReference(applicationID: "gent-a1", version: 3), amountCents: 3_000_000))
        add(VerenigingenAPI.report, example: ProjectReportRequest(application: ApplicationReference(applicationID: "gent-a1", version: 4),
                                                                  report: ProjectReport(deliveredOn: day, summary: "38 sessions, 112 learners")))
        addFigures(VerenigingenAPI.figures, VerenigingenAPI.figuresBatch, example: "contacts.byKind")
        add(VerenigingenAPI.audit.query, example: AuditQuery(personID: "gent-v1", limit: 50))
        add(VerenigingenAPI.audit.exportPerson, example: PersonExportRequest(personID: "gent-v1"))
    }
}

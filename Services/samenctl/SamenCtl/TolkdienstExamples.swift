import Foundation
import SamenContracts
import SamenReferenceData
import SamenRPC

/// Tolkdienst's methods with an example request each, for `samenctl call` and docs/METHODS.md.
extension MethodCatalog {
    mutating func addTolkdienst() {
        let day = try! CivilDate("2019-03-14")
        let organisation = OrganisationInput(
            name: "AZ Sint-Lucas", sector: .gezondheid,
            contact: OrganisationContact(name: "Sociale dienst", email: "sociale.dienst@example.org", phone: "+32 9 224 61 11"),
            agreementFrom: try! CivilDate("2019-01-01"), agreementUntil: try! CivilDate("2019-12-31"))
        let profile = InterpreterProfile(
            name: "Amina", languages: ["ar", "fr"], modes: [.onSite, .webcam, .phone], regions: ["gent"],
            weekly: (1...5).map { WeeklyHours(weekday: $0, fromMinute: 8 * 60, untilMinute: 17 * 60) },
            exceptions: [AvailabilityException(date: day)], translationPairs: [LanguagePair(from: "ar", to: "nl")], sworn: true)
        add(TolkdienstAPI.addOrganisation, example: organisation)
        add(TolkdienstAPI.updateOrganisation, example: OrganisationUpdate(organisationID: "gent-o1", version: 1, organisation: organisation))
        add(TolkdienstAPI.listOrganisations, example: TolkdienstPageRequest(limit: 50))
        add(TolkdienstAPI.addInterpreter, example: profile)
        add(TolkdienstAPI.updateInterpreter, example: InterpreterUpdate(interpreterID: "gent-i1", version: 1, profile: profile))
        add(TolkdienstAPI.getInterpreter, example: InterpreterRequest(interpreterID: "gent-i1"))
        add(TolkdienstAPI.listInterpreters, example: TolkdienstPageRequest(limit: 50))
        add(TolkdienstAPI.createRequest, example: InterpretingRequestInput(
            organisationID: "gent-o1", mode: .onSite, language: "ar", date: day, startMinute: 10 * 60, durationMinutes: 60,
            place: "Gent, Kouter 1", personID: "gent-p1"))
        add(TolkdienstAPI.getRequest, example: RequestReference(requestID: "gent-r1"))
        add(TolkdienstAPI.listRequests, example: RequestListRequest(from: day, through: day, state: .open, limit: 50))
        add(TolkdienstAPI.cancelRequest, example: RequestChange(requestID: "gent-r1", version: 3, reason: "the appointment moved"))
        add(TolkdienstAPI.match, example: RequestReference(requestID: "gent-r1"))
        add(TolkdienstAPI.assign, example: AssignRequest(requestID: "gent-r1", version: 1, interpreterID: "gent-i1"))
        add(TolkdienstAPI.confirm, example: RequestChange(requestID: "gent-r1", version: 2))
        add(TolkdienstAPI.decline, example: RequestChange(requestID: "gent-r1", version: 2, reason: "ill"))
        add(TolkdienstAPI.complete, example: CompletionRequest(requestID: "gent-r1", version: 3, minutesInterpreted: 75))
        add(TolkdienstAPI.noShow, example: NoShowRequest(requestID: "gent-r1", version: 3, absent: .client))
        let brochure = TranslationOrderInput(organisationID: "gent-o1", kind: .informative, documentKind: .brochure, title: "Welkom in het ziekenhuis",
                                             pair: LanguagePair(from: "nl", to: "ar"), pages: 4, deadline: day)
        add(TolkdienstAPI.orderTranslation, example: brochure)
        add(TolkdienstAPI.getTranslation, example: TranslationReference(translationID: "gent-v1"))
        add(TolkdienstAPI.assignTranslator, example: TranslatorAssignment(translationID: "gent-v1", version: 1, translatorID: "gent-i1"))
        add(TolkdienstAPI.deliverTranslation, example: TranslationDelivery(translationID: "gent-v1", version: 2, addToLibrary: true))
        add(TolkdienstAPI.cancelTranslation, example: TranslationCancellation(translationID: "gent-v1", version: 1, reason: "no longer needed"))
        add(TolkdienstAPI.searchLibrary, example: LibrarySearch(documentKind: .brochure, title: "ziekenhuis", language: "ar"))
        addFigures(TolkdienstAPI.figures, TolkdienstAPI.figuresBatch, example: "minutes.byMode")
        add(TolkdienstAPI.importOrganisations, example: ImportBatch(records: [ImportRecord(externalID: "org-17", record: organisation)]))
        add(TolkdienstAPI.importInterpreters, example: ImportBatch(records: [ImportRecord(externalID: "tolk-4", record: profile)]))
        add(TolkdienstAPI.importAssignments, example: ImportBatch(records: [ImportRecord(externalID: "opdracht-2019-0001", record: HistoricalAssignment(
            organisationExternalID: "org-17", interpreterExternalID: "tolk-4", mode: .onSite, language: "ar", date: day, startMinute: 10 * 60,
            durationMinutes: 60, place: "Gent, Kouter 1", outcome: .completed, minutesInterpreted: 75))]))
        add(TolkdienstAPI.importTranslations, example: ImportBatch(records: [ImportRecord(externalID: "vertaling-2019-0001", record: HistoricalTranslation(
            organisationExternalID: "org-17", translatorExternalID: "tolk-4", kind: .official, documentKind: .birthCertificate, title: "Geboorteakte",
            pair: LanguagePair(from: "ar", to: "nl"), pages: 2, deadline: day, personID: "gent-p1", outcome: .delivered, deliveredOn: day))]))
        add(TolkdienstAPI.audit.query, example: AuditQuery(personID: "gent-p1", limit: 50))
        add(TolkdienstAPI.audit.exportPerson, example: PersonExportRequest(personID: "gent-p1"))
    }
}

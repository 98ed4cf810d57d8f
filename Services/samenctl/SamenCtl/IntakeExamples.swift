import Foundation
import SamenContracts
import SamenReferenceData
import SamenRPC

/// Intake's methods with an example request each, for `samenctl call` and docs/METHODS.md. The people in them
/// are fictional; the INSZ is valid by the rules and belongs to nobody we know of.
extension MethodCatalog {
    mutating func addIntake() {
        let day = try! CivilDate("2019-03-14")
        let registration = Registration(
            insz: "90051712430", name: PersonName(given: "Testa", family: "Voorbeeld"), birthDate: try! CivilDate("1990-05-17"),
            sex: .female, nationalities: ["MA"], languages: ["ar", "fr"], municipality: "44021", arrivalDate: try! CivilDate("2019-01-10"),
            residencePermit: ResidencePermit(kind: .limited), bornAbroad: true, firstRegistrationInFlanders: true, desk: "gent-centrum")
        let file = FileReference(personID: "gent-p1", version: 1)
        add(IntakeAPI.register, example: registration)
        add(IntakeAPI.update, example: PersonUpdate(file: file, changes: PersonChanges(languages: ["ar", "nl"])))
        add(IntakeAPI.get, example: PersonRequest(personID: "gent-p1"))
        add(IntakeAPI.findByINSZ, example: INSZRequest(insz: "90.05.17-124.30"))
        add(IntakeAPI.findMatches, example: MatchRequest(name: "Voorbeeld Testa", birthDate: try! CivilDate("1990-05-17")))
        add(IntakeAPI.matchLocal, example: MatchRequest(name: "Voorbeeld Testa", birthDate: try! CivilDate("1990-05-17"), acrossRegions: false))
        add(IntakeAPI.list, example: ListRequest(from: day, through: day, limit: 20))
        add(IntakeAPI.referToEducation, example: EducationReferralRequest(
            file: file, referral: EducationReferral(kind: .okan, school: "OKAN Voorbeeldschool", referredOn: day)))
        add(IntakeAPI.link, example: LinkRequest(file: file, link: PersonLink(region: "antwerpen", personID: "antwerpen-p7", note: "same name and birth date")))
        add(IntakeAPI.recordNT2, example: NT2RecordRequest(file: file, record: NT2Record(kind: .referral, on: day, provider: "cvo-gent")))
        add(IntakeAPI.nt2Providers, example: Empty())
        add(IntakeAPI.reportSettlements, example: ImportBatch(records: [ImportRecord(externalID: "rr-2019-0001", record: Settlement(
            birthDate: try! CivilDate("1990-05-17"), nationalities: ["BG"], municipality: "Gent", settledOn: day))]))
        add(IntakeAPI.toInvite, example: InvitationRequest(from: day, through: day))
        add(IntakeAPI.reserve, example: ClaimRequest(insz: "90051712430", claimID: "example-claim", claimantRegion: "antwerpen", checkOnly: true))
        add(IntakeAPI.release, example: ClaimRelease(insz: "90051712430", claimID: "example-claim"))
        addFigures(IntakeAPI.figures, IntakeAPI.figuresBatch, example: "registrations.byDoelgroep")
        add(IntakeAPI.importRegistrations, example: ImportBatch(records: [ImportRecord(externalID: "old-0001", record: registration)]))
        add(IntakeAPI.importNT2, example: ImportBatch(records: [ImportRecord(externalID: "old-nt2-0001", record: NT2Import(
            personExternalID: "old-0001", record: NT2Record(kind: .conversation, on: day)))]))
        add(IntakeAPI.audit.query, example: AuditQuery(personID: "gent-p1", limit: 50))
        add(IntakeAPI.audit.exportPerson, example: PersonExportRequest(personID: "gent-p1"))
    }
}

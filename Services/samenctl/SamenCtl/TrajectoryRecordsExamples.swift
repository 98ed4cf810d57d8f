import SamenContracts
import SamenReferenceData
import SamenRPC

/// Trajectory's referral, diploma, certificate and import methods with an example request each, for `samenctl
/// call` and docs/METHODS.md.
extension MethodCatalog {
    mutating func addTrajectoryRecords() {
        let day = try! CivilDate("2019-03-14")
        let trajectory = TrajectoryReference(trajectoryID: "gent-t1", version: 3)
        add(TrajectoryRecordsAPI.addReferral, example: ReferralRequest(trajectory: trajectory, kind: .childcare, referredOn: day,
                                                                       organisation: "Kinderopvang Wolterslaan", condition: .nt2))
        add(TrajectoryRecordsAPI.referralOutcome, example: ReferralOutcomeUpdate(trajectory: trajectory, referral: 1, outcome: .started, on: day))
        add(TrajectoryRecordsAPI.openDiploma, example: DiplomaOpenRequest(kind: .inburgeraar, trajectoryID: "gent-t1", openedOn: day))
        add(TrajectoryRecordsAPI.updateDiploma, example: DiplomaStateUpdate(file: DiplomaReference(diplomaID: "gent-d1", version: 1),
                                                                            state: .sentToNARIC, on: day))
        add(TrajectoryRecordsAPI.getDiploma, example: DiplomaRequest(diplomaID: "gent-d1"))
        add(TrajectoryRecordsAPI.issueCertificate, example: CertificateIssueRequest(trajectory: trajectory, issuedOn: day))
        add(TrajectoryRecordsAPI.getCertificate, example: CertificateLookup(number: "gent-a1"))
        add(TrajectoryRecordsAPI.importTrajectories, example: ImportBatch(records: [ImportRecord(externalID: "old-traject-0001", record: TrajectoryImport(
            personID: "gent-p1", doelgroep: .verplicht, signedOn: try! CivilDate("2017-09-04"), counsellor: "an-counsellor",
            components: [ImportedComponent(component: .mo, state: .completed, startedOn: try! CivilDate("2017-10-02"), endedOn: try! CivilDate("2017-12-15")),
                         ImportedComponent(component: .nt2, state: .exempted, endedOn: try! CivilDate("2017-09-20"), reason: "NT2 level A2 shown"),
                         ImportedComponent(component: .llo, state: .completed, startedOn: try! CivilDate("2018-01-08"), endedOn: try! CivilDate("2018-03-30")),
                         ImportedComponent(component: .trajectbegeleiding, state: .completed, startedOn: try! CivilDate("2017-09-04"),
                                           endedOn: try! CivilDate("2019-03-01"))],
            certificateIssuedOn: day))]))
    }
}

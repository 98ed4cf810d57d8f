import SamenRPC

/// The trajectory service's records around a trajectory (docs/TRAJECTORY-RECORDS.md): the counsellor's referrals,
/// diploma recognition files, the certificate, and the historical import. Served by the trajectory service next
/// to `TrajectoryAPI`, with the same staff of the region.
public enum TrajectoryRecordsAPI {
    static let staff = TrajectoryAPI.staff
    static let validation = TrajectoryAPI.validation
    static let stale = DeclaredError(.aborted, "the file changed since the version the request names; read it again")
    static let unknownTrajectory = DeclaredError(.notFound, "no trajectory with this id in the region")

    public static let addReferral = UnaryMethod<ReferralRequest, TrajectoryFile>(
        "trajectory/referrals.add",
        "Records a referral the counsellor made (VDAB, education, association, leisure, OCMW, CAW, childcare); it starts pending.",
        policy: .agency(roles: staff),
        errors: [validation, stale, unknownTrajectory])
    public static let referralOutcome = UnaryMethod<ReferralOutcomeUpdate, TrajectoryFile>(
        "trajectory/referrals.outcome",
        "Records what became of a referral: started or not started, later ended.",
        policy: .agency(roles: staff),
        errors: [validation, stale, .init(.notFound, "no trajectory with this id in the region, or no referral with this number in it"),
                 .init(.failedPrecondition, "the outcome cannot follow the referral's current one (details[\"field\"] is outcome)")])
    public static let openDiploma = UnaryMethod<DiplomaOpenRequest, DiplomaFile>(
        "trajectory/diplomas.open",
        "Opens a diploma recognition file (diplomagelijkschakeling) for an inburgeraar's trajectory, another person, or a VDAB referral.",
        policy: .agency(roles: staff),
        errors: [validation, unknownTrajectory])
    public static let updateDiploma = UnaryMethod<DiplomaStateUpdate, DiplomaFile>(
        "trajectory/diplomas.update",
        "Moves a recognition file to its next state (sent to NARIC, recognised, partially recognised, refused, withdrawn) at the version read.",
        policy: .agency(roles: staff),
        errors: [validation, stale,
                 .init(.notFound, "no recognition file with this id in the region"),
                 .init(.failedPrecondition, "the state cannot follow the file's current one (details[\"field\"] is state)")])
    public static let getDiploma = UnaryMethod<DiplomaRequest, DiplomaFile>(
        "trajectory/diplomas.get",
        "A recognition file with its history.",
        policy: .agency(roles: staff),
        errors: [validation, .init(.notFound, "no recognition file with this id in the region")])
    public static let issueCertificate = UnaryMethod<CertificateIssueRequest, TrajectoryFile>(
        "trajectory/certificates.issue",
        "Issues the certificate (inburgeringsattest) when every required component is completed or exempted; this ends the trajectory.",
        policy: .agency(roles: staff),
        errors: [validation, stale, unknownTrajectory,
                 .init(.failedPrecondition, "a required component is neither completed nor exempted (details[\"component\"] names the first)"),
                 .init(.alreadyExists, "the trajectory has its certificate already (details[\"number\"] names it)")])
    public static let getCertificate = UnaryMethod<CertificateLookup, Certificate>(
        "trajectory/certificates.get",
        "A certificate by its number, with its trajectory; for checking one a person shows at a desk too.",
        policy: .agency(roles: staff.union([.desk])),
        errors: [validation, .init(.notFound, "no certificate with this number in the region")])
    public static let importTrajectories = UnaryMethod<ImportBatch<TrajectoryImport>, ImportReport>(
        "trajectory/trajectories.import",
        "Imports trajectories of a previous system with their components, dates, counsellor and certificate; each checked like a live write, idempotent per external id.",
        policy: .agency(roles: ImportPolicy.roles),
        errors: [.init(.invalidArgument, "the batch holds no records or more than the maximum")])
}

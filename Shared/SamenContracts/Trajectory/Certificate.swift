import SamenReferenceData

/// The civic-integration certificate (inburgeringsattest) of a trajectory whose required components are all
/// completed or exempted. Kept in the trajectory's file, so it moves with a transfer.
public struct Certificate: Codable, Sendable, Equatable {
    /// `<region>-a<n>`, the region that issued it; unique.
    public var number: String
    public var trajectoryID: String
    /// Intake's person id of the trajectory.
    public var personID: String
    public var signedOn: CivilDate
    public var issuedOn: CivilDate
    /// Whole months from `signedOn` to `issuedOn` (`CivilDate.wholeMonths`; docs/TRAJECTORY-RECORDS.md).
    public var durationMonths: Int

    public init(number: String, trajectoryID: String, personID: String, signedOn: CivilDate, issuedOn: CivilDate, durationMonths: Int) {
        self.number = number
        self.trajectoryID = trajectoryID
        self.personID = personID
        self.signedOn = signedOn
        self.issuedOn = issuedOn
        self.durationMonths = durationMonths
    }
}

/// Issues the certificate of a trajectory at the version read.
public struct CertificateIssueRequest: Codable, Sendable, Equatable {
    public var trajectory: TrajectoryReference
    /// Nil is today; not in the future, not before the last required component ended.
    public var issuedOn: CivilDate?

    public init(trajectory: TrajectoryReference, issuedOn: CivilDate? = nil) {
        self.trajectory = trajectory
        self.issuedOn = issuedOn
    }
}

/// Asks for a certificate by its number.
public struct CertificateLookup: Codable, Sendable, Equatable {
    public var number: String
    public init(number: String) { self.number = number }
}

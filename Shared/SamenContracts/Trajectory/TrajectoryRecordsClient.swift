import SamenRPC

/// Typed calls to a region's trajectory records: `try await records.issueCertificate(CertificateIssueRequest(...))`.
public struct TrajectoryRecordsClient: Sendable {
    public let channel: any RPCChannel
    public init(channel: any RPCChannel) { self.channel = channel }

    public func addReferral(_ request: ReferralRequest, options: CallOptions = CallOptions()) async throws -> TrajectoryFile {
        try await channel.call(TrajectoryRecordsAPI.addReferral, request, options: options)
    }
    public func referralOutcome(_ request: ReferralOutcomeUpdate, options: CallOptions = CallOptions()) async throws -> TrajectoryFile {
        try await channel.call(TrajectoryRecordsAPI.referralOutcome, request, options: options)
    }
    public func openDiploma(_ request: DiplomaOpenRequest, options: CallOptions = CallOptions()) async throws -> DiplomaFile {
        try await channel.call(TrajectoryRecordsAPI.openDiploma, request, options: options)
    }
    public func updateDiploma(_ request: DiplomaStateUpdate, options: CallOptions = CallOptions()) async throws -> DiplomaFile {
        try await channel.call(TrajectoryRecordsAPI.updateDiploma, request, options: options)
    }
    public func diploma(_ diplomaID: String, options: CallOptions = CallOptions()) async throws -> DiplomaFile {
        try await channel.call(TrajectoryRecordsAPI.getDiploma, DiplomaRequest(diplomaID: diplomaID), options: options)
    }
    public func issueCertificate(_ request: CertificateIssueRequest, options: CallOptions = CallOptions()) async throws -> TrajectoryFile {
        try await channel.call(TrajectoryRecordsAPI.issueCertificate, request, options: options)
    }
    public func certificate(_ number: String, options: CallOptions = CallOptions()) async throws -> Certificate {
        try await channel.call(TrajectoryRecordsAPI.getCertificate, CertificateLookup(number: number), options: options)
    }
    public func importTrajectories(_ batch: ImportBatch<TrajectoryImport>, options: CallOptions = CallOptions()) async throws -> ImportReport {
        try await channel.call(TrajectoryRecordsAPI.importTrajectories, batch, options: options)
    }
}

import SamenRPC

/// Typed calls to a region's intake: `try await intake.register(registration, options: ...)`.
public struct IntakeClient: Sendable {
    public let channel: any RPCChannel
    public init(channel: any RPCChannel) { self.channel = channel }

    public func register(_ registration: Registration, options: CallOptions = CallOptions()) async throws -> PersonFile {
        try await channel.call(IntakeAPI.register, registration, options: options)
    }
    public func update(_ update: PersonUpdate, options: CallOptions = CallOptions()) async throws -> PersonFile {
        try await channel.call(IntakeAPI.update, update, options: options)
    }
    public func get(_ personID: String, options: CallOptions = CallOptions()) async throws -> PersonFile {
        try await channel.call(IntakeAPI.get, PersonRequest(personID: personID), options: options)
    }
    public func find(insz: String, options: CallOptions = CallOptions()) async throws -> PersonFile {
        try await channel.call(IntakeAPI.findByINSZ, INSZRequest(insz: insz), options: options)
    }
    public func findMatches(_ request: MatchRequest, options: CallOptions = CallOptions()) async throws -> MatchResponse {
        try await channel.call(IntakeAPI.findMatches, request, options: options)
    }
    public func list(_ request: ListRequest, options: CallOptions = CallOptions()) async throws -> PersonPage {
        try await channel.call(IntakeAPI.list, request, options: options)
    }
    public func referToEducation(_ request: EducationReferralRequest, options: CallOptions = CallOptions()) async throws -> PersonFile {
        try await channel.call(IntakeAPI.referToEducation, request, options: options)
    }
    public func link(_ request: LinkRequest, options: CallOptions = CallOptions()) async throws -> PersonFile {
        try await channel.call(IntakeAPI.link, request, options: options)
    }
    public func recordNT2(_ request: NT2RecordRequest, options: CallOptions = CallOptions()) async throws -> PersonFile {
        try await channel.call(IntakeAPI.recordNT2, request, options: options)
    }
    public func nt2Providers(options: CallOptions = CallOptions()) async throws -> NT2Providers {
        try await channel.call(IntakeAPI.nt2Providers, Empty(), options: options)
    }
    public func reportSettlements(_ batch: ImportBatch<Settlement>, options: CallOptions = CallOptions()) async throws -> ImportReport {
        try await channel.call(IntakeAPI.reportSettlements, batch, options: options)
    }
    public func toInvite(_ request: InvitationRequest, options: CallOptions = CallOptions()) async throws -> InvitationPage {
        try await channel.call(IntakeAPI.toInvite, request, options: options)
    }
    public func reserve(_ request: ClaimRequest, options: CallOptions = CallOptions()) async throws -> ClaimAnswer {
        try await channel.call(IntakeAPI.reserve, request, options: options)
    }
    public func release(_ request: ClaimRelease, options: CallOptions = CallOptions()) async throws {
        _ = try await channel.call(IntakeAPI.release, request, options: options)
    }
    public func matchLocal(_ request: MatchRequest, options: CallOptions = CallOptions()) async throws -> MatchResponse {
        try await channel.call(IntakeAPI.matchLocal, request, options: options)
    }
    public func figures(_ request: AggregateRequest, options: CallOptions = CallOptions()) async throws -> AggregateTable {
        try await channel.call(IntakeAPI.figures, request, options: options)
    }
    public func importRegistrations(_ batch: ImportBatch<Registration>, options: CallOptions = CallOptions()) async throws -> ImportReport {
        try await channel.call(IntakeAPI.importRegistrations, batch, options: options)
    }
    public func importNT2(_ batch: ImportBatch<NT2Import>, options: CallOptions = CallOptions()) async throws -> ImportReport {
        try await channel.call(IntakeAPI.importNT2, batch, options: options)
    }
    public func audit(_ query: AuditQuery, options: CallOptions = CallOptions()) async throws -> AuditPage {
        try await channel.call(IntakeAPI.audit.query, query, options: options)
    }
    public func export(personID: String, options: CallOptions = CallOptions()) async throws -> PersonExport {
        try await channel.call(IntakeAPI.audit.exportPerson, PersonExportRequest(personID: personID), options: options)
    }
}

import SamenRPC

/// Typed calls to a region's verenigingen service: `try await verenigingen.createAssociation(NewAssociation(...))`.
public struct VerenigingenClient: Sendable {
    public let channel: any RPCChannel
    public init(channel: any RPCChannel) { self.channel = channel }

    public func createAssociation(_ association: NewAssociation, options: CallOptions = CallOptions()) async throws -> AssociationFile {
        try await channel.call(VerenigingenAPI.createAssociation, association, options: options)
    }
    public func association(_ associationID: String, options: CallOptions = CallOptions()) async throws -> AssociationFile {
        try await channel.call(VerenigingenAPI.getAssociation, AssociationRequest(associationID: associationID), options: options)
    }
    public func listAssociations(_ request: AssociationListRequest = AssociationListRequest(), options: CallOptions = CallOptions()) async throws -> AssociationPage {
        try await channel.call(VerenigingenAPI.listAssociations, request, options: options)
    }
    public func updateAssociation(_ update: AssociationUpdate, options: CallOptions = CallOptions()) async throws -> AssociationFile {
        try await channel.call(VerenigingenAPI.updateAssociation, update, options: options)
    }
    public func recordStatus(_ change: StatusChange, options: CallOptions = CallOptions()) async throws -> AssociationFile {
        try await channel.call(VerenigingenAPI.recordStatus, change, options: options)
    }
    public func importAssociations(_ batch: ImportBatch<NewAssociation>, options: CallOptions = CallOptions()) async throws -> ImportReport {
        try await channel.call(VerenigingenAPI.importAssociations, batch, options: options)
    }
    public func recordContact(_ contact: NewSupportContact, options: CallOptions = CallOptions()) async throws -> SupportContact {
        try await channel.call(VerenigingenAPI.recordContact, contact, options: options)
    }
    public func listContacts(_ request: ContactListRequest = ContactListRequest(), options: CallOptions = CallOptions()) async throws -> SupportContactPage {
        try await channel.call(VerenigingenAPI.listContacts, request, options: options)
    }
    public func openFollowUps(_ request: OpenFollowUpsRequest = OpenFollowUpsRequest(), options: CallOptions = CallOptions()) async throws -> SupportContactPage {
        try await channel.call(VerenigingenAPI.openFollowUps, request, options: options)
    }
    public func closeFollowUp(_ request: CloseFollowUpRequest, options: CallOptions = CallOptions()) async throws -> SupportContact {
        try await channel.call(VerenigingenAPI.closeFollowUp, request, options: options)
    }
    public func importContacts(_ batch: ImportBatch<SupportContactImport>, options: CallOptions = CallOptions()) async throws -> ImportReport {
        try await channel.call(VerenigingenAPI.importContacts, batch, options: options)
    }
    public func recordEvent(_ event: NewNetworkEvent, options: CallOptions = CallOptions()) async throws -> NetworkEvent {
        try await channel.call(VerenigingenAPI.recordEvent, event, options: options)
    }
    public func listEvents(_ request: EventListRequest = EventListRequest(), options: CallOptions = CallOptions()) async throws -> NetworkEventPage {
        try await channel.call(VerenigingenAPI.listEvents, request, options: options)
    }
    public func openCall(_ call: NewSubsidyCall, options: CallOptions = CallOptions()) async throws -> SubsidyCall {
        try await channel.call(VerenigingenAPI.openCall, call, options: options)
    }
    public func listCalls(options: CallOptions = CallOptions()) async throws -> SubsidyCallList {
        try await channel.call(VerenigingenAPI.listCalls, Empty(), options: options)
    }
    public func call(_ callID: String, options: CallOptions = CallOptions()) async throws -> SubsidyCallDetail {
        try await channel.call(VerenigingenAPI.getCall, CallRequest(callID: callID), options: options)
    }
    public func apply(_ application: NewSubsidyApplication, options: CallOptions = CallOptions()) async throws -> SubsidyApplication {
        try await channel.call(VerenigingenAPI.apply, application, options: options)
    }
    public func assess(_ request: AssessmentRequest, options: CallOptions = CallOptions()) async throws -> SubsidyApplication {
        try await channel.call(VerenigingenAPI.assess, request, options: options)
    }
    public func decide(_ request: DecisionRequest, options: CallOptions = CallOptions()) async throws -> SubsidyApplication {
        try await channel.call(VerenigingenAPI.decide, request, options: options)
    }
    public func pay(_ request: InstalmentRequest, options: CallOptions = CallOptions()) async throws -> SubsidyApplication {
        try await channel.call(VerenigingenAPI.pay, request, options: options)
    }
    public func report(_ request: ProjectReportRequest, options: CallOptions = CallOptions()) async throws -> SubsidyApplication {
        try await channel.call(VerenigingenAPI.report, request, options: options)
    }
    public func figures(_ request: AggregateRequest, options: CallOptions = CallOptions()) async throws -> AggregateTable {
        try await channel.call(VerenigingenAPI.figures, request, options: options)
    }
    public func audit(_ query: AuditQuery, options: CallOptions = CallOptions()) async throws -> AuditPage {
        try await channel.call(VerenigingenAPI.audit.query, query, options: options)
    }
}

import SamenRPC

/// Typed calls to a region's tolkdienst: `try await tolkdienst.assign(AssignRequest(...))`.
public struct TolkdienstClient: Sendable {
    public let channel: any RPCChannel
    public init(channel: any RPCChannel) { self.channel = channel }

    public func addOrganisation(_ input: OrganisationInput, options: CallOptions = CallOptions()) async throws -> Organisation {
        try await channel.call(TolkdienstAPI.addOrganisation, input, options: options)
    }
    public func updateOrganisation(_ update: OrganisationUpdate, options: CallOptions = CallOptions()) async throws -> Organisation {
        try await channel.call(TolkdienstAPI.updateOrganisation, update, options: options)
    }
    public func organisations(_ page: TolkdienstPageRequest = TolkdienstPageRequest(), options: CallOptions = CallOptions()) async throws -> OrganisationPage {
        try await channel.call(TolkdienstAPI.listOrganisations, page, options: options)
    }
    public func addInterpreter(_ profile: InterpreterProfile, options: CallOptions = CallOptions()) async throws -> Interpreter {
        try await channel.call(TolkdienstAPI.addInterpreter, profile, options: options)
    }
    public func updateInterpreter(_ update: InterpreterUpdate, options: CallOptions = CallOptions()) async throws -> Interpreter {
        try await channel.call(TolkdienstAPI.updateInterpreter, update, options: options)
    }
    public func interpreter(_ interpreterID: String, options: CallOptions = CallOptions()) async throws -> Interpreter {
        try await channel.call(TolkdienstAPI.getInterpreter, InterpreterRequest(interpreterID: interpreterID), options: options)
    }
    public func interpreters(_ page: TolkdienstPageRequest = TolkdienstPageRequest(), options: CallOptions = CallOptions()) async throws -> InterpreterPage {
        try await channel.call(TolkdienstAPI.listInterpreters, page, options: options)
    }
    public func createRequest(_ input: InterpretingRequestInput, options: CallOptions = CallOptions()) async throws -> InterpretingRequest {
        try await channel.call(TolkdienstAPI.createRequest, input, options: options)
    }
    public func request(_ requestID: String, options: CallOptions = CallOptions()) async throws -> InterpretingRequest {
        try await channel.call(TolkdienstAPI.getRequest, RequestReference(requestID: requestID), options: options)
    }
    public func requests(_ request: RequestListRequest, options: CallOptions = CallOptions()) async throws -> RequestPage {
        try await channel.call(TolkdienstAPI.listRequests, request, options: options)
    }
    public func cancel(_ change: RequestChange, options: CallOptions = CallOptions()) async throws -> InterpretingRequest {
        try await channel.call(TolkdienstAPI.cancelRequest, change, options: options)
    }
    public func match(_ requestID: String, options: CallOptions = CallOptions()) async throws -> MatchResult {
        try await channel.call(TolkdienstAPI.match, RequestReference(requestID: requestID), options: options)
    }
    public func assign(_ request: AssignRequest, options: CallOptions = CallOptions()) async throws -> InterpretingRequest {
        try await channel.call(TolkdienstAPI.assign, request, options: options)
    }
    public func confirm(_ change: RequestChange, options: CallOptions = CallOptions()) async throws -> InterpretingRequest {
        try await channel.call(TolkdienstAPI.confirm, change, options: options)
    }
    public func decline(_ change: RequestChange, options: CallOptions = CallOptions()) async throws -> InterpretingRequest {
        try await channel.call(TolkdienstAPI.decline, change, options: options)
    }
    public func complete(_ request: CompletionRequest, options: CallOptions = CallOptions()) async throws -> InterpretingRequest {
        try await channel.call(TolkdienstAPI.complete, request, options: options)
    }
    public func noShow(_ request: NoShowRequest, options: CallOptions = CallOptions()) async throws -> InterpretingRequest {
        try await channel.call(TolkdienstAPI.noShow, request, options: options)
    }
    public func order(_ input: TranslationOrderInput, options: CallOptions = CallOptions()) async throws -> TranslationOrderResult {
        try await channel.call(TolkdienstAPI.orderTranslation, input, options: options)
    }
    public func translation(_ translationID: String, options: CallOptions = CallOptions()) async throws -> Translation {
        try await channel.call(TolkdienstAPI.getTranslation, TranslationReference(translationID: translationID), options: options)
    }
    public func assignTranslator(_ assignment: TranslatorAssignment, options: CallOptions = CallOptions()) async throws -> Translation {
        try await channel.call(TolkdienstAPI.assignTranslator, assignment, options: options)
    }
    public func deliver(_ delivery: TranslationDelivery, options: CallOptions = CallOptions()) async throws -> Translation {
        try await channel.call(TolkdienstAPI.deliverTranslation, delivery, options: options)
    }
    public func cancel(_ cancellation: TranslationCancellation, options: CallOptions = CallOptions()) async throws -> Translation {
        try await channel.call(TolkdienstAPI.cancelTranslation, cancellation, options: options)
    }
    public func searchLibrary(_ search: LibrarySearch, options: CallOptions = CallOptions()) async throws -> LibraryPage {
        try await channel.call(TolkdienstAPI.searchLibrary, search, options: options)
    }
    public func figures(_ request: AggregateRequest, options: CallOptions = CallOptions()) async throws -> AggregateTable {
        try await channel.call(TolkdienstAPI.figures, request, options: options)
    }
    public func audit(_ query: AuditQuery, options: CallOptions = CallOptions()) async throws -> AuditPage {
        try await channel.call(TolkdienstAPI.audit.query, query, options: options)
    }
}

import SamenRPC

/// Typed calls to a region's trajectory service: `try await trajectory.sign(SignRequest(personID: id))`.
public struct TrajectoryClient: Sendable {
    public let channel: any RPCChannel
    public init(channel: any RPCChannel) { self.channel = channel }

    public func sign(_ request: SignRequest, options: CallOptions = CallOptions()) async throws -> TrajectoryFile {
        try await channel.call(TrajectoryAPI.sign, request, options: options)
    }
    public func get(_ trajectoryID: String, options: CallOptions = CallOptions()) async throws -> TrajectoryFile {
        try await channel.call(TrajectoryAPI.get, TrajectoryRequest(trajectoryID: trajectoryID), options: options)
    }
    public func list(_ request: TrajectoryListRequest, options: CallOptions = CallOptions()) async throws -> TrajectoryPage {
        try await channel.call(TrajectoryAPI.list, request, options: options)
    }
    public func updateComponent(_ request: ComponentUpdate, options: CallOptions = CallOptions()) async throws -> TrajectoryFile {
        try await channel.call(TrajectoryAPI.updateComponent, request, options: options)
    }
    public func reassign(_ request: ReassignRequest, options: CallOptions = CallOptions()) async throws -> TrajectoryFile {
        try await channel.call(TrajectoryAPI.reassign, request, options: options)
    }
    public func upsert(_ counsellor: Counsellor, options: CallOptions = CallOptions()) async throws -> CounsellorLoad {
        try await channel.call(TrajectoryAPI.upsertCounsellor, counsellor, options: options)
    }
    public func counsellors(options: CallOptions = CallOptions()) async throws -> CounsellorList {
        try await channel.call(TrajectoryAPI.listCounsellors, Empty(), options: options)
    }
    public func figures(_ request: AggregateRequest, options: CallOptions = CallOptions()) async throws -> AggregateTable {
        try await channel.call(TrajectoryAPI.figures, request, options: options)
    }
    public func audit(_ query: AuditQuery, options: CallOptions = CallOptions()) async throws -> AuditPage {
        try await channel.call(TrajectoryAPI.audit.query, query, options: options)
    }
}

import SamenRPC

/// Typed calls to a region's MO course supply: `try await mo.enrol(MOEnrolmentRequest(...), options: ...)`.
public struct MOCoursesClient: Sendable {
    public let channel: any RPCChannel
    public init(channel: any RPCChannel) { self.channel = channel }

    public func createGroup(_ plan: MOGroupPlan, options: CallOptions = CallOptions()) async throws -> MOGroup {
        try await channel.call(MOCoursesAPI.createGroup, plan, options: options)
    }
    public func listGroups(_ query: MOGroupQuery = MOGroupQuery(), options: CallOptions = CallOptions()) async throws -> MOGroupPage {
        try await channel.call(MOCoursesAPI.listGroups, query, options: options)
    }
    public func group(_ groupID: String, options: CallOptions = CallOptions()) async throws -> MOGroupDetail {
        try await channel.call(MOCoursesAPI.group, MOGroupRequest(groupID: groupID), options: options)
    }
    public func enrol(_ request: MOEnrolmentRequest, options: CallOptions = CallOptions()) async throws -> MOEnrolment {
        try await channel.call(MOCoursesAPI.enrol, request, options: options)
    }
    public func cancel(_ request: MOEnrolmentRequest, options: CallOptions = CallOptions()) async throws -> MOCancellation {
        try await channel.call(MOCoursesAPI.cancel, request, options: options)
    }
}

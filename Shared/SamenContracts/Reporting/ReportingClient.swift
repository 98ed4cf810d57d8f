import SamenRPC

/// A typed client of reporting: the annual report as tables, HTML or CSV.
public struct ReportingClient: Sendable {
    public let channel: any RPCChannel

    public init(channel: any RPCChannel) {
        self.channel = channel
    }

    public func build(_ request: ReportRequest, options: CallOptions = CallOptions()) async throws -> Report {
        try await channel.call(ReportingAPI.build, request, options: options)
    }

    public func html(_ request: ReportRequest, options: CallOptions = CallOptions()) async throws -> ReportDocument {
        try await channel.call(ReportingAPI.html, request, options: options)
    }

    public func close(_ request: ReportRequest, options: CallOptions = CallOptions()) async throws -> Report {
        try await channel.call(ReportingAPI.close, request, options: options)
    }

    public func csv(_ request: ReportRequest, options: CallOptions = CallOptions()) async throws -> ReportDocument {
        try await channel.call(ReportingAPI.csv, request, options: options)
    }
}

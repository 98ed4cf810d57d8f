import Foundation
import SamenContracts
import SamenHost
import SamenRPC

/// The annual report of a region or of all regions, built on request from the figures each region's services
/// give over the mesh (docs/REPORTING.md). It keeps no data of its own: every report is computed live.
public final class ReportingService: Sendable {
    /// Everything the service needs.
    public struct Configuration: Sendable {
        public var identity: ServiceIdentity
        public var logger: Logger

        public init(identity: ServiceIdentity, logger: Logger) {
            self.identity = identity
            self.logger = logger
        }
    }

    public let configuration: Configuration
    let builder: ReportBuilder

    public init(configuration: Configuration, source: any FigureSource) {
        self.configuration = configuration
        builder = ReportBuilder(source: source)
    }

    /// Registers every ReportingAPI method with the policy its contract declares.
    public func register(on server: RPCServer) {
        server.register(ReportingAPI.build) { [self] request, context in try await report(request, context) }
        server.register(ReportingAPI.html) { [self] request, context in
            ReportDocument(mediaType: ReportHTML.mediaType, text: ReportHTML.render(try await report(request, context)))
        }
        server.register(ReportingAPI.csv) { [self] request, context in
            ReportDocument(mediaType: ReportCSV.mediaType, text: ReportCSV.render(try await report(request, context)))
        }
    }

    /// A region's report is for the staff of that region; the report of all regions for analysts and
    /// administrators of any region (the method's policy admits only those roles).
    func report(_ request: ReportRequest, _ context: CallContext) async throws -> Report {
        let regions = try await builder.regions(of: request)
        if let region = request.region, let staff = context.staff, staff.identity.region != region {
            throw RPCError(.permissionDenied, "the report of \(region.prefix(60)) is for staff of \(region.prefix(60)); "
                               + "\(staff.identity.region) staff may ask for their own region's or all regions' report")
        }
        let report = await builder.build(request, regions: regions)
        // Who produced which report: counts only, so the line names the staff member and the scope, never a person.
        context.logger.info("report built", [("user", context.staff?.identity.uri ?? context.peer.uri), ("year", "\(request.year)"),
                                             ("scope", report.scope), ("missing", "\(report.tables.filter { $0.missing != nil }.count)")])
        return report
    }
}

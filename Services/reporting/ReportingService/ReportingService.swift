import Foundation
import SamenAgencyKit
import SamenContracts
import SamenHost
import SamenReferenceData
import SamenRPC
import SamenStorage

/// The annual report of a region or of all regions, built on request from the figures each region's services
/// give over the mesh (docs/REPORTING.md). An open year is computed live; a closed year is answered from
/// `<data>/reporting.sqlite`, as it was when it was closed.
public final class ReportingService: Sendable {
    /// Everything the service needs.
    public struct Configuration: Sendable {
        public var identity: ServiceIdentity
        public var databasePath: String
        /// The report's tables; the annual report's by default.
        public var tables: [TableDeclaration] = AnnualReport.tables
        public var now: @Sendable () -> Date = Date.init
        public var logger: Logger

        public init(identity: ServiceIdentity, databasePath: String, logger: Logger) {
            self.identity = identity
            self.databasePath = databasePath
            self.logger = logger
        }
    }

    public let configuration: Configuration
    let builder: ReportBuilder
    let source: any FigureSource
    /// The kit's store: its audit trail records every report produced; the closed years are a table of its file.
    let store: AgencyStore
    let closed: ClosedReports

    public init(configuration: Configuration, source: any FigureSource) throws {
        self.configuration = configuration
        self.source = source
        builder = ReportBuilder(source: source, declarations: configuration.tables)
        store = try AgencyStore(path: configuration.databasePath, service: configuration.identity, migrations: ReportingSchema.migrations,
                                now: configuration.now)
        closed = ClosedReports(database: store.database)
    }

    /// Registers every ReportingAPI method with the policy its contract declares.
    public func register(on server: RPCServer) {
        server.register(ReportingAPI.build) { [self] request, context in try await answer(request, context).report }
        server.register(ReportingAPI.html) { [self] request, context in
            let answer = try await answer(request, context)
            return ReportDocument(mediaType: ReportHTML.mediaType, text: answer.published?.html ?? ReportHTML.render(answer.report))
        }
        server.register(ReportingAPI.csv) { [self] request, context in
            let answer = try await answer(request, context)
            return ReportDocument(mediaType: ReportCSV.mediaType, text: answer.published?.csv ?? ReportCSV.render(answer.report))
        }
        server.register(ReportingAPI.close) { [self] request, context in try await close(request, context) }
        // Reporting keeps no person's file: an export finds none.
        store.registerAudit(on: server, api: ReportingAPI.audit) { _, _ in nil }
    }

    public func stop() async {
        store.close()
    }

    /// The regions of the request's report, once the caller may see it: a region's report is for the staff of that
    /// region; the report of all regions for the roles the method admits, of any region.
    func authorize(_ request: ReportRequest, _ context: CallContext) async throws -> [String] {
        let regions = try await builder.regions(of: request)
        try permit(request, context)
        return regions
    }

    /// A region's report is for the staff of that region.
    func permit(_ request: ReportRequest, _ context: CallContext) throws(RPCError) {
        if let region = request.region, let staff = context.staff, staff.identity.region != region {
            throw RPCError(.permissionDenied, "the report of \(region) is for staff of \(region); "
                               + "\(staff.identity.region) staff may ask for their own region's or all regions' report")
        }
    }

    /// The stored report of a closed year, else the report computed now, with the documents published when the year
    /// was closed (nil for an open year or a public version); the caller renders only the format it answers.
    func answer(_ request: ReportRequest, _ context: CallContext) async throws -> (report: Report, published: (csv: String, html: String)?) {
        try ReportBuilder.check(request)
        let below = request.suppressBelow ?? 0
        // A closed year is answered from the file alone, without asking the registry for the regions: a stored scope
        // was a region of the federation when it was closed.
        if let stored = try await closed.load(year: request.year, scope: request.region ?? "all") {
            try permit(request, context)
            try await log("closed report read", stored.report, context)
            // The stored documents are the published ones; a public version of them is rendered from the stored report.
            guard below > 1 else { return (stored.report, (stored.csv, stored.html)) }
            return (SmallCells.suppress(stored.report, below: below, declarations: builder.declarations), nil)
        }
        let regions = try await authorize(request, context)
        let report = SmallCells.suppress(await builder.build(request, regions: regions), below: below, declarations: builder.declarations)
        try await log("report built", report, context)
        return (report, nil)
    }

    /// Freezes the year's report for the request's scope: refused while the year runs, when a table is missing
    /// (a published report must be whole) and when the year is closed already.
    func close(_ request: ReportRequest, _ context: CallContext) async throws -> Report {
        let regions = try await authorize(request, context)
        let scope = request.region ?? "all"
        let today = CivilDate.today(at: configuration.now())
        guard request.year < today.year else {
            throw RPCError(.failedPrecondition, "field 'year': \(request.year) has not ended yet (today is \(today)); only a past year can be closed",
                           details: ["field": "year"])
        }
        if let stored = try await closed.load(year: request.year, scope: scope) {
            throw Self.alreadyClosed(stored.report)
        }
        // The stored report is the agency's own, every figure shown; a public version is suppressed when read.
        var report = await builder.build(ReportRequest(year: request.year, region: request.region), regions: regions)
        let missing = report.tables.filter { $0.missing != nil }
        guard missing.isEmpty else {
            throw RPCError(.failedPrecondition, "the \(request.year) report of \(scope) cannot be closed while tables are missing: "
                               + missing.map { "\($0.id) (\($0.missing ?? ""))" }.joined(separator: "; "))
        }
        let services = Set(builder.declarations.map(\.service))
        let versions: [ServiceVersion]
        do {
            versions = try await source.versions(of: services, in: regions)
        } catch {
            throw RPCError(.unavailable, "the registry did not list the services' versions: \(error)")
        }
        let closedBy = context.staff?.identity.uri ?? context.peer.uri
        report.closed = ClosedYear(closedMilliseconds: configuration.now().millisecondsSince1970,
                                   closedBy: closedBy, versions: versions)
        let stored = ClosedReport(report: report, csv: ReportCSV.render(report), html: ReportHTML.render(report))
        guard try await closed.store(stored) else {
            // Another close of the same year won the race: the first one stays.
            throw Self.alreadyClosed(try await closed.load(year: request.year, scope: scope)?.report ?? report)
        }
        try await log("year closed", report, context, access: .change)
        return report
    }

    static func alreadyClosed(_ report: Report) -> RPCError {
        let when = report.closed.map { Date(timeIntervalSince1970: Double($0.closedMilliseconds) / 1000).ISO8601Format() } ?? "earlier"
        return RPCError(.alreadyExists, "the \(report.year) report of \(report.scope) was closed at \(when) by \(report.closed?.closedBy ?? "?")")
    }

    /// Who produced which report, in the audit trail (`report/<scope>/<year>`, the method its format: counts only,
    /// so no person) and the log, before the report leaves.
    private func log(_ message: String, _ report: Report, _ context: CallContext, access: AuditAccess = .read) async throws {
        try await store.record([Self.auditSubject(year: report.year, scope: report.scope)], access: access, context: context)
        context.logger.info(message, [("user", context.staff?.identity.uri ?? context.peer.uri), ("year", "\(report.year)"),
                                      ("scope", report.scope), ("missing", "\(report.tables.filter { $0.missing != nil }.count)")])
    }

    /// The audit trail's subject of a report: its scope (a region or `all`) and year.
    public static func auditSubject(year: Int, scope: String) -> String { "report/\(scope)/\(year)" }
}

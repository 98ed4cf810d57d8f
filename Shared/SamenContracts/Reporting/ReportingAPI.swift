import SamenRPC

/// Reporting's API: the annual report of a region or of every region, built over the mesh from each service's
/// figures (docs/REPORTING.md). Analysts and administrators call it; a region's report is for the staff of that
/// region, the report of all regions for analysts and administrators of any region (it holds counts only).
public enum ReportingAPI {
    public static let service = "reporting"

    static let readers: Set<StaffRole> = [.analyst, .admin]
    static let errors: [DeclaredError] = [
        .init(.invalidArgument, "year outside 1891...2199, an unknown region, or suppressBelow outside 0...1000; details[\"field\"] names it"),
        .init(.permissionDenied, "a region's report asked by staff of another region"),
        .init(.unavailable, "the registry could not list the regions"),
    ]

    public static let build = UnaryMethod<ReportRequest, Report>(
        "reporting/report.build",
        "The annual report of a year next to the previous year, for a region or all regions, as tables (a table a service could not give says so).",
        policy: .agency(roles: readers, staffRegions: .anyRegion), errors: errors)
    public static let html = UnaryMethod<ReportRequest, ReportDocument>(
        "reporting/report.html",
        "The same report as one self-contained HTML page: a section, a table and an inline SVG chart per table.",
        policy: .agency(roles: readers, staffRegions: .anyRegion), errors: errors)
    public static let close = UnaryMethod<ReportRequest, Report>(
        "reporting/year.close",
        "Closes a year for a region or all regions: its report is stored with the date and the services' versions, and every later report of that year is that one, byte for byte.",
        policy: .agency(roles: [.admin], staffRegions: .anyRegion),
        errors: errors + [.init(.alreadyExists, "the year is already closed for this scope (the message says when)"),
                          .init(.failedPrecondition, "the year has not ended yet, or a table is missing (the message names it)")])
    public static let csv = UnaryMethod<ReportRequest, ReportDocument>(
        "reporting/report.csv",
        "The same report as CSV: one line per row of every table (table, label, rank, year, previous year, difference, mark).",
        policy: .agency(roles: readers, staffRegions: .anyRegion), errors: errors)
    /// Who produced which report (`personID` `report/<region or all>/<year>`, the method its format), for the data
    /// protection officer and administrators of the instance's region; reporting keeps no person's file, so
    /// `audit.exportPerson` answers `not_found`.
    public static let audit = AuditAPI(service: service)
}

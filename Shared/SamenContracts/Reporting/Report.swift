import SamenRPC

/// Asks for the annual report of one year next to the year before, for one region or for all regions together.
public struct ReportRequest: Codable, Sendable, Equatable {
    /// The report's year, 1891...2199 (the previous year must be a date too).
    public var year: Int
    /// The region; nil: every region of the federation, summed.
    public var region: String?
    /// For a report meant for the public: a row with a figure from 1 to `suppressBelow - 1` in either year is
    /// suppressed (see `ReportRow.suppressed`). nil or 0: every figure shown, as the agency's own use needs. 0...1000.
    public var suppressBelow: Int?

    public init(year: Int, region: String? = nil, suppressBelow: Int? = nil) {
        self.year = year
        self.region = region
        self.suppressBelow = suppressBelow
    }
}

/// Which way a figure went from the previous year to this one.
public enum ReportMark: String, Codable, Sendable, Equatable, CaseIterable {
    case rising, falling, equal
}

/// One row of a report table: a dimension value with this year's and the previous year's figure.
public struct ReportRow: Codable, Sendable, Equatable {
    public var label: String
    /// 1 for the largest this year, in tables ranked by value; nil otherwise (and for the rest and the total).
    public var rank: Int?
    public var current: Int64
    public var previous: Int64
    /// `current - previous`.
    public var difference: Int64
    public var mark: ReportMark
    /// A small figure hidden for a public report: `current`, `previous` and `difference` are then 0 and `mark`
    /// `equal`, and the CSV and HTML show `<N` instead; a reader must check this before reading the numbers.
    public var suppressed: Bool

    public init(label: String, rank: Int? = nil, current: Int64, previous: Int64, suppressed: Bool = false) {
        self.label = label
        self.rank = rank
        self.current = current
        self.previous = previous
        let (difference, overflow) = current.subtractingReportingOverflow(previous)
        // Counts come from other services: a difference past Int64 saturates instead of trapping.
        self.difference = overflow ? (current > previous ? .max : .min) : difference
        mark = current > previous ? .rising : current < previous ? .falling : .equal
        self.suppressed = suppressed
    }
}

/// How the HTML page draws a table.
public enum ReportChart: String, Codable, Sendable, Equatable, CaseIterable {
    /// Horizontal bars of this year's figures (the top 20).
    case bars
    /// Bars of this year beside the previous year's, per row.
    case groupedBars
    /// One bar per year split into the rows' shares of the year's total.
    case stackedShares
    /// No chart: a headline figure.
    case none
}

/// One table of the report, computed from its declaration (docs/REPORTING.md).
public struct ReportTable: Codable, Sendable, Equatable {
    /// Stable name (`inflow.byNationality`, ...): the CSV's first column and the HTML section's anchor.
    public var id: String
    public var title: String
    /// Where the figure comes from: `<service>/figures` `<figure>`.
    public var source: String
    /// The dimension the rows are values of, and what the numbers count.
    public var dimension: String
    public var measure: String
    public var chart: ReportChart
    public var rows: [ReportRow]
    /// The sum of every row (the rest included); nil for tables without a total.
    public var total: ReportRow?
    /// Why the table has no figures (the service could not be asked): its rows are then empty, never zeros.
    public var missing: String?

    public init(id: String, title: String, source: String, dimension: String, measure: String, chart: ReportChart,
                rows: [ReportRow], total: ReportRow?, missing: String? = nil) {
        self.id = id
        self.title = title
        self.source = source
        self.dimension = dimension
        self.measure = measure
        self.chart = chart
        self.rows = rows
        self.total = total
        self.missing = missing
    }
}

/// When a service's figure was read: all figures of one service in one region come from one read transaction, so
/// they share one instant (see docs/REPORTING.md).
public struct ReportSnapshot: Codable, Sendable, Equatable {
    public var service: String
    public var region: String
    public var figure: String
    public var year: Int
    public var asOfMilliseconds: Int64

    public init(service: String, region: String, figure: String, year: Int, asOfMilliseconds: Int64) {
        self.service = service
        self.region = region
        self.figure = figure
        self.year = year
        self.asOfMilliseconds = asOfMilliseconds
    }
}

/// One instance of a service as the registry listed it when a year was closed.
public struct ServiceVersion: Codable, Sendable, Equatable {
    public var service: String
    public var region: String
    public var instance: String
    public var version: String

    public init(service: String, region: String, instance: String, version: String) {
        self.service = service
        self.region = region
        self.instance = instance
        self.version = version
    }
}

/// When and by whom a year's report was frozen, and which versions of the services gave its figures.
public struct ClosedYear: Codable, Sendable, Equatable {
    public var closedMilliseconds: Int64
    /// The staff member who closed it (`samen://<region>/staff/<user>`).
    public var closedBy: String
    public var versions: [ServiceVersion]

    public init(closedMilliseconds: Int64, closedBy: String, versions: [ServiceVersion]) {
        self.closedMilliseconds = closedMilliseconds
        self.closedBy = closedBy
        self.versions = versions
    }
}

/// The annual report: every declared table for a year next to the previous year.
public struct Report: Codable, Sendable, Equatable {
    public var year: Int
    public var previousYear: Int
    /// The region, or `all` for the federation summed.
    public var scope: String
    /// The regions summed (one for a region's report).
    public var regions: [String]
    public var tables: [ReportTable]
    public var snapshots: [ReportSnapshot]
    /// Set when the year is closed: the report is then the one stored at closing, whatever records came since.
    public var closed: ClosedYear?
    /// The request's `suppressBelow` when it suppressed small figures; 0 when every figure is shown.
    public var suppressBelow: Int

    public init(year: Int, scope: String, regions: [String], tables: [ReportTable], snapshots: [ReportSnapshot], closed: ClosedYear? = nil) {
        self.year = year
        previousYear = year - 1
        self.scope = scope
        self.regions = regions
        self.tables = tables
        self.snapshots = snapshots
        self.closed = closed
        suppressBelow = 0
    }

    /// The table with this id, if the report declares it.
    public func table(_ id: String) -> ReportTable? { tables.first { $0.id == id } }
}

/// A report rendered as text (CSV or HTML), with its media type.
public struct ReportDocument: Codable, Sendable, Equatable {
    public var mediaType: String
    public var text: String

    public init(mediaType: String, text: String) {
        self.mediaType = mediaType
        self.text = text
    }
}

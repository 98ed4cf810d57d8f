import SamenContracts

/// One table of the annual report, declared once: which service's figure, which of its dimensions the rows are,
/// what it measures, how the rows are ordered, whether it has a total and how it is drawn. The period is always
/// the report's year (and the year before), as each service's figure defines what falls in a period. The JSON,
/// CSV and HTML outputs, the totals and the marks all come from this declaration.
public struct TableDeclaration: Sendable, Equatable {
    /// How the rows are chosen and ordered.
    public enum Ordering: Sendable, Equatable {
        /// The `top` largest of the year, ranked (ties by label), the previous year's figure for the same values,
        /// and the rest of both years summed in one row.
        case ranked(top: Int)
        /// These values first, in this order, even when both years have none; then, if `othersToo`, every other
        /// value either year has, by label. Without `othersToo` other values are left out, of the total too.
        case listed([String], othersToo: Bool)
    }

    /// A row worked out from two of the table's rows: `of` ÷ `per`, rounded half up once (0 when `per` is 0), e.g.
    /// the certificates' average duration from their summed months and their number.
    public struct Average: Sendable, Equatable {
        public let label: String
        public let of: String
        public let per: String

        public init(label: String, of: String, per: String) {
            self.label = label
            self.of = of
            self.per = per
        }
    }

    public let id: String
    public let title: String
    public let service: String
    public let figure: String
    /// The figure's dimension the rows are values of (other dimensions are summed); nil: one row, `measure`.
    public let dimension: String?
    public let measure: String
    public let ordering: Ordering
    public let total: Bool
    public let chart: ReportChart
    /// Each row's and the total's sums are divided by this once, at the end, rounded half up (60: minutes to hours).
    public let divisor: Int64
    /// Only the figure's rows with `value` in `dimension` (e.g. tolkdienst's `service` = `interpreting`), for a
    /// figure whose rows must not be summed across that dimension.
    public struct Only: Sendable, Equatable {
        public let dimension: String
        public let value: String
    }

    /// Only some of the figure's rows (see `Only`); nil: every row.
    public let only: Only?
    /// A last row worked out from two others (see `Average`); nil: none.
    public let average: Average?

    public init(id: String, title: String, service: String, figure: String, dimension: String?, measure: String,
                ordering: Ordering = .listed([], othersToo: true), total: Bool = true, chart: ReportChart = .groupedBars, divisor: Int64 = 1,
                only: (dimension: String, value: String)? = nil, average: Average? = nil) {
        self.id = id
        self.title = title
        self.service = service
        self.figure = figure
        self.dimension = dimension
        self.measure = measure
        self.ordering = ordering
        self.total = total
        self.chart = chart
        self.divisor = divisor
        self.only = only.map { Only(dimension: $0.dimension, value: $0.value) }
        self.average = average
    }

    /// The label of the row of everything outside the top.
    public static let restLabel = "rest"
    /// The label of a table's total row.
    public static let totalLabel = "total"

    /// The table from the figure's sums per value this year and the year before (empty maps for values with none).
    public func table(current: [String: Int64], previous: [String: Int64]) -> ReportTable {
        var rows: [ReportRow]
        var totalCurrent = Self.sum(current.values)
        var totalPrevious = Self.sum(previous.values)
        switch ordering {
        case .ranked(let top):
            let ranked = current.filter { $0.value > 0 }.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(top)
            var listed = ranked.enumerated().map { index, entry in
                ReportRow(label: entry.key, rank: index + 1, current: scaled(entry.value), previous: scaled(previous[entry.key] ?? 0))
            }
            let restCurrent = totalCurrent - Self.sum(ranked.map(\.value))
            let restPrevious = totalPrevious - Self.sum(ranked.map { previous[$0.key] ?? 0 })
            if restCurrent != 0 || restPrevious != 0 {
                listed.append(ReportRow(label: Self.restLabel, current: scaled(restCurrent), previous: scaled(restPrevious)))
            }
            rows = listed
        case .listed(let values, let othersToo):
            let others = othersToo ? Set(current.keys).union(previous.keys).subtracting(values).sorted() : []
            let labels = values + others
            if !othersToo {
                totalCurrent = Self.sum(values.map { current[$0] ?? 0 })
                totalPrevious = Self.sum(values.map { previous[$0] ?? 0 })
            }
            rows = labels.map { ReportRow(label: $0, current: scaled(current[$0] ?? 0), previous: scaled(previous[$0] ?? 0)) }
        }
        if let average {
            func ratio(_ sums: [String: Int64]) -> Int64 { Self.rounded(sums[average.of] ?? 0, dividedBy: sums[average.per] ?? 0) }
            rows.append(ReportRow(label: average.label, current: ratio(current), previous: ratio(previous)))
        }
        return ReportTable(id: id, title: title, source: source, dimension: dimension ?? "", measure: measure, chart: chart,
                           rows: rows, total: total ? ReportRow(label: Self.totalLabel, current: scaled(totalCurrent), previous: scaled(totalPrevious)) : nil)
    }

    /// The table of a figure that could not be read: no rows, never zeros, and why.
    public func missing(_ reason: String) -> ReportTable {
        ReportTable(id: id, title: title, source: source, dimension: dimension ?? "", measure: measure, chart: chart,
                    rows: [], total: nil, missing: reason)
    }

    /// The figure the table comes from, with the value it is limited to.
    var source: String {
        "\(service)/figures \(figure)" + (only.map { " (\($0.dimension) \($0.value))" } ?? "")
    }

    /// Sums are never negative (the collector refuses negative counts), so rounding half up is on the remainder.
    private func scaled(_ value: Int64) -> Int64 {
        guard divisor > 1 else { return value }
        return Self.rounded(value, dividedBy: divisor)
    }

    /// `value` ÷ `divisor` rounded half up, for counts (never negative); 0 when `divisor` is not positive.
    static func rounded(_ value: Int64, dividedBy divisor: Int64) -> Int64 {
        guard divisor > 0 else { return 0 }
        let value = max(value, 0)
        return value / divisor + (value % divisor >= divisor - value % divisor ? 1 : 0)
    }

    /// Sums counts from other services, saturating instead of trapping.
    static func sum<S: Sequence>(_ values: S) -> Int64 where S.Element == Int64 {
        values.reduce(Int64(0)) { total, value in
            let (sum, overflow) = total.addingReportingOverflow(value)
            return overflow ? (value > 0 ? .max : .min) : sum
        }
    }
}

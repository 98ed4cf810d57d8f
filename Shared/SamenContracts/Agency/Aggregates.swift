import SamenReferenceData
import SamenRPC

/// Asks a service for one of its figures over a period: what reporting builds the annual report from, so that no
/// service's database is ever read by another.
public struct AggregateRequest: Codable, Sendable, Equatable {
    /// The figure's name, as the service's contract lists them (`intake.newInhabitants.byNationality`, ...).
    public var figure: String
    /// The period, both days included.
    public var from: CivilDate
    public var through: CivilDate

    public init(figure: String, from: CivilDate, through: CivilDate) {
        self.figure = figure
        self.from = from
        self.through = through
    }
}

/// A figure as a table of counts: one row per combination of the figure's dimensions.
public struct AggregateTable: Codable, Sendable, Equatable {
    public var figure: String
    /// The dimensions' names, in the order of each row's `keys` (e.g. `["nationality", "doelgroep"]`).
    public var dimensions: [String]
    /// What is counted (`persons`, `registrations`, `minutes`, ...).
    public var measure: String
    public var rows: [AggregateRow]
    /// The service's data as of this instant (milliseconds since 1970): one consistent snapshot.
    public var asOfMilliseconds: Int64

    public init(figure: String, dimensions: [String], measure: String, rows: [AggregateRow], asOfMilliseconds: Int64) {
        self.figure = figure
        self.dimensions = dimensions
        self.measure = measure
        self.rows = rows
        self.asOfMilliseconds = asOfMilliseconds
    }
}

/// One combination of dimension values and its count.
public struct AggregateRow: Codable, Sendable, Equatable {
    public var keys: [String]
    public var value: Int64
    public init(keys: [String], value: Int64) {
        self.keys = keys
        self.value = value
    }
}

/// Several figures, each over its own period, answered from one read transaction of the service's data: what
/// reporting asks of each service of a region for one report, so that all of a service's tables in it describe the
/// same moment.
public struct AggregateBatchRequest: Codable, Sendable, Equatable {
    /// How many figures one batch may ask: the annual report asks at most a few dozen of one service.
    public static let limit = 1...64

    public var requests: [AggregateRequest]

    public init(requests: [AggregateRequest]) {
        self.requests = requests
    }

    /// The field an error names for the figure of request `index` (`requests[3].figure`).
    public static func figureField(_ index: Int) -> String { "requests[\(index)].figure" }

    /// The request whose figure `error` refuses as unknown (`invalid_argument` naming `figureField(i)`), if any.
    public static func unknownFigure(in error: RPCError) -> Int? {
        guard error.status == .invalidArgument, let field = error.details["field"], field.hasPrefix("requests["),
              field.hasSuffix("].figure") else { return nil }
        return Int(field.dropFirst("requests[".count).dropLast("].figure".count))
    }
}

/// The answers to an `AggregateBatchRequest`, in the order asked, all with the same `asOfMilliseconds`.
public struct AggregateBatch: Codable, Sendable, Equatable {
    public var tables: [AggregateTable]

    public init(tables: [AggregateTable]) {
        self.tables = tables
    }
}

/// The two figure methods every agency service answers, declared once: `<service>/figures` (one figure) and
/// `<service>/figures.batch` (several from one snapshot), for reporting and analysts.
public enum FigureMethods {
    /// Reporting of any region, and the service's region's analysts.
    public static let policy = CallerPolicy.agency(services: ["reporting"], roles: [.analyst], regions: .anyRegion)
    static let errors: [DeclaredError] = [.init(.invalidArgument, "unknown figure, a period that ends before it starts, or too many figures")]

    /// `<service>/figures`; `page` is the service's documentation page, which lists its figures.
    public static func single(_ service: String, page: String, policy: CallerPolicy = policy) -> UnaryMethod<AggregateRequest, AggregateTable> {
        UnaryMethod("\(service)/figures", "One of \(service)'s figures over a period (see \(page) for the list), from one consistent snapshot.",
                    policy: policy, errors: errors)
    }

    /// `<service>/figures.batch`: up to 64 figures, each over its own period, from one read transaction.
    public static func batch(_ service: String, page: String, policy: CallerPolicy = policy) -> UnaryMethod<AggregateBatchRequest, AggregateBatch> {
        UnaryMethod("\(service)/figures.batch", "Several of \(service)'s figures (see \(page)), each over its own period, all from one snapshot.",
                    policy: policy, errors: errors)
    }
}

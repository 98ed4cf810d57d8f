import SamenReferenceData

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

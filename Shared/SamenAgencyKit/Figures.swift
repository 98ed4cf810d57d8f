import Foundation
import SamenContracts
import SamenRPC
import SamenStorage

/// How one of a service's figures is counted: its dimensions, what it counts, and the SQL, which selects the
/// dimensions as `k0`, `k1`, ... and the count as `n`, with `?` twice for the period's first and last day.
public struct FigureQuery: Sendable {
    public let dimensions: [String]
    public let measure: String
    public let sql: String

    public init(dimensions: [String], measure: String, sql: String) {
        self.dimensions = dimensions
        self.measure = measure
        self.sql = sql
    }
}

/// A service's figures as an enum: each case's raw value names one figure (`minutes.byMode`), and `query` says how it
/// is counted. A `FigureBook` gathers a service's catalogues.
public protocol FigureCatalogue: RawRepresentable<String>, CaseIterable, Sendable {
    var query: FigureQuery { get }
}

/// Every figure a service answers, from all its catalogues (trajectory's come from four): what
/// `AgencyStore.aggregate(_:from:)` looks a requested name up in.
public struct FigureBook: Sendable {
    /// The service's name, for the refusal of an unknown figure.
    public let service: String
    /// The figures' names in the order the catalogues list them.
    public private(set) var names: [String] = []
    private var queries: [String: FigureQuery] = [:]

    public init(service: String) {
        self.service = service
    }

    /// This book with every figure of `catalogue` added (a name already present is a programming error).
    public func adding<Catalogue: FigureCatalogue>(_ catalogue: Catalogue.Type) -> FigureBook {
        var book = self
        for figure in Catalogue.allCases {
            precondition(book.queries[figure.rawValue] == nil, "figure \(figure.rawValue) declared twice in \(service)'s book")
            book.names.append(figure.rawValue)
            book.queries[figure.rawValue] = figure.query
        }
        return book
    }

    /// The query of the figure `name`; an unknown name is `invalid_argument` (`field`) listing the service's figures.
    func query(_ name: String, field: String) throws -> FigureQuery {
        guard let query = queries[name] else {
            throw RPCError.invalidField(field, "'\(name.prefix(60))' is not one of \(service)'s figures (\(names.joined(separator: ", ")))")
        }
        return query
    }
}

extension AgencyStore {
    /// The figure the request names over its period, its rows sorted by their keys. Throws `invalid_argument`
    /// naming `figure` for a name not in `book`, or `through` for a period that ends before it starts.
    public func aggregate(_ request: AggregateRequest, from book: FigureBook) async throws -> AggregateTable {
        try await aggregate([request], from: book) { _ in ("figure", "through") }[0]
    }

    /// Every figure the batch asks, each over its own period, all in one read transaction (one snapshot, one
    /// `asOfMilliseconds`), in the order asked. The whole batch is checked before anything is read: an unknown
    /// figure or a backwards period is `invalid_argument` naming `requests[i].figure` or `requests[i].through`, a
    /// batch of no figures or more than `AggregateBatchRequest.limit` names `requests`.
    public func aggregate(_ batch: AggregateBatchRequest, from book: FigureBook) async throws -> AggregateBatch {
        let limit = AggregateBatchRequest.limit
        guard limit.contains(batch.requests.count) else {
            throw RPCError.invalidField("requests", "must hold \(limit.lowerBound)...\(limit.upperBound) figures, found \(batch.requests.count)")
        }
        let tables = try await aggregate(batch.requests, from: book) { index in (AggregateBatchRequest.figureField(index), "requests[\(index)].through") }
        return AggregateBatch(tables: tables)
    }

    private func aggregate(_ requests: [AggregateRequest], from book: FigureBook,
                           fields: (Int) -> (figure: String, through: String)) async throws -> [AggregateTable] {
        let queries = try requests.enumerated().map { index, request in
            let (figureField, throughField) = fields(index)
            let query = try book.query(request.figure, field: figureField)
            guard request.through >= request.from else { throw RPCError.invalidField(throughField, "is before 'from'") }
            return query
        }
        let asOf = currentTime.millisecondsSince1970
        return try await database.read { connection in
            try zip(requests, queries).map { request, query in
                let rows = try connection.query(query.sql, [.text(request.from.description), .text(request.through.description)]).map { row in
                    AggregateRow(keys: try (0..<query.dimensions.count).map { try row.optionalText("k\($0)") ?? "" }, value: try row.int("n"))
                }
                return AggregateTable(figure: request.figure, dimensions: query.dimensions, measure: query.measure,
                                      rows: rows.sorted { $0.keys.lexicographicallyPrecedes($1.keys) }, asOfMilliseconds: asOf)
            }
        }
    }
}

extension AgencyStore {
    /// Registers a service's two figure methods (`FigureMethods`), both answered from `book`. `prepare`, when
    /// given, runs before the read with the figures asked (tolkdienst fills columns of records older than them).
    public func registerFigures(on server: RPCServer, _ single: UnaryMethod<AggregateRequest, AggregateTable>,
                                _ batch: UnaryMethod<AggregateBatchRequest, AggregateBatch>, book: FigureBook,
                                prepare: (@Sendable ([AggregateRequest]) async throws -> Void)? = nil) {
        server.register(single) { [self] request, _ in
            try await prepare?([request])
            return try await aggregate(request, from: book)
        }
        server.register(batch) { [self] requests, _ in
            try await prepare?(requests.requests)
            return try await aggregate(requests, from: book)
        }
    }
}

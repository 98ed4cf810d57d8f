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

extension AgencyStore {
    /// A figure over the request's period, from one snapshot, its rows sorted by their keys. Throws
    /// `invalid_argument` (field `through`) for a period that ends before it starts.
    public func aggregate(_ figure: String, _ query: FigureQuery, over request: AggregateRequest) async throws -> AggregateTable {
        guard request.through >= request.from else {
            throw RPCError.invalidField("through", "is before 'from'")
        }
        let asOf = Int64((currentTime.timeIntervalSince1970 * 1000).rounded(.down))
        return try await database.read { connection in
            let rows = try connection.query(query.sql, [.text(request.from.description), .text(request.through.description)]).map { row in
                AggregateRow(keys: try (0..<query.dimensions.count).map { try row.optionalText("k\($0)") ?? "" }, value: try row.int("n"))
            }
            return AggregateTable(figure: figure, dimensions: query.dimensions, measure: query.measure,
                                  rows: rows.sorted { $0.keys.lexicographicallyPrecedes($1.keys) }, asOfMilliseconds: asOf)
        }
    }
}

/// A service's figures as an enum: each case's raw value names one figure (`minutes.byMode`), and `query` says how it
/// is counted. `AgencyStore.aggregate(_:service:over:)` answers a request for any of them.
public protocol FigureCatalogue: RawRepresentable<String>, CaseIterable, Sendable {
    var query: FigureQuery { get }
}

extension AgencyStore {
    /// The figure the request names, counted over its period; an unknown name is `invalid_argument` (field `figure`)
    /// listing the service's figures.
    public func aggregate<Figure: FigureCatalogue>(_ catalogue: Figure.Type, service: String, over request: AggregateRequest) async throws -> AggregateTable {
        guard let figure = Figure(rawValue: request.figure) else {
            throw RPCError.invalidField("figure", "'\(request.figure.prefix(60))' is not one of \(service)'s figures "
                                            + "(\(Figure.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        return try await aggregate(figure.rawValue, figure.query, over: request)
    }
}

import SamenContracts
import SamenReferenceData
import SamenRPC

/// Builds the report from the declarations: asks each service of every region in scope, in one batch (one snapshot of
/// that service), for each declared figure over the year and the year before; all services and regions at once,
/// each figure once. Sums the regions, and lets each declaration make its table.
public struct ReportBuilder: Sendable {
    let source: any FigureSource
    let declarations: [TableDeclaration]

    public init(source: any FigureSource, declarations: [TableDeclaration] = AnnualReport.tables) {
        self.source = source
        self.declarations = declarations
    }

    /// One figure of one service in one region for one year.
    struct FigureKey: Hashable, Sendable {
        let service: String
        let figure: String
        let region: String
        let year: Int
    }

    /// The regions the request's report sums: the one it names, or every region of the federation. Throws
    /// `invalid_argument` naming `year` or `region`, `unavailable` when the regions cannot be listed.
    public func regions(of request: ReportRequest) async throws -> [String] {
        try Self.check(request)
        let federation = try await source.regions()
        guard let region = request.region else { return federation.sorted() }
        guard federation.contains(region) else {
            throw RPCError.invalidField("region", "'\(region.prefix(60))' is not a region of the federation (\(federation.sorted().joined(separator: ", ")))")
        }
        return [region]
    }

    /// The request's own fields: `invalid_argument` naming `year` or `suppressBelow` when out of range.
    public static func check(_ request: ReportRequest) throws(RPCError) {
        guard (CivilDate.earliestYear + 1...CivilDate.latestYear).contains(request.year) else {
            throw RPCError.invalidField("year", "must be \(CivilDate.earliestYear + 1)...\(CivilDate.latestYear), found \(request.year)")
        }
        if let below = request.suppressBelow, !SmallCells.limit.contains(below) {
            throw RPCError.invalidField("suppressBelow", "must be \(SmallCells.limit.lowerBound)...\(SmallCells.limit.upperBound), found \(below)")
        }
    }

    /// The report over `regions` (from `regions(of:)`). A figure that cannot be read marks its table missing (naming
    /// the service and region); the rest is reported.
    public func build(_ request: ReportRequest, regions: [String]) async -> Report {
        let years = [request.year, request.year - 1]
        var keys: Set<FigureKey> = []
        for declaration in declarations {
            for region in regions {
                for year in years { keys.insert(FigureKey(service: declaration.service, figure: declaration.figure, region: region, year: year)) }
            }
        }
        let fetched = await fetch(keys)
        var snapshots: [ReportSnapshot] = []
        for (key, result) in fetched {
            if case .success(let table) = result {
                snapshots.append(ReportSnapshot(service: key.service, region: key.region, figure: key.figure, year: key.year,
                                                asOfMilliseconds: table.asOfMilliseconds))
            }
        }
        snapshots.sort { ($0.service, $0.figure, $0.region, $0.year) < ($1.service, $1.figure, $1.region, $1.year) }
        let tables = declarations.map { declaration in
            do {
                let sums = try years.map { year in
                    try regions.reduce(into: [String: Int64]()) { sums, region in
                        let key = FigureKey(service: declaration.service, figure: declaration.figure, region: region, year: year)
                        for (label, value) in try Self.values(of: declaration, in: fetched[key]!, key: key) {
                            sums[label] = TableDeclaration.sum([sums[label] ?? 0, value])
                        }
                    }
                }
                return declaration.table(current: sums[0], previous: sums[1])
            } catch {
                return declaration.missing("\(error)")
            }
        }
        return Report(year: request.year, scope: request.region ?? "all", regions: regions, tables: tables, snapshots: snapshots)
    }

    private func fetch(_ keys: Set<FigureKey>) async -> [FigureKey: Result<AggregateTable, RPCError>] {
        // One batch per service and region (split only if a service had more figures than a batch may hold).
        let batches = Dictionary(grouping: keys) { "\($0.service)/\($0.region)" }.values.flatMap { keys in
            let sorted = keys.sorted { ($0.figure, $0.year) < ($1.figure, $1.year) }
            return stride(from: 0, to: sorted.count, by: AggregateBatchRequest.limit.upperBound).map {
                Array(sorted[$0..<min($0 + AggregateBatchRequest.limit.upperBound, sorted.count)])
            }
        }
        return await withTaskGroup(of: [(FigureKey, Result<AggregateTable, RPCError>)].self) { group in
            for batch in batches {
                group.addTask { [source] in await Self.fetch(batch, from: source) }
            }
            var results: [FigureKey: Result<AggregateTable, RPCError>] = [:]
            for await answered in group {
                for (key, result) in answered { results[key] = result }
            }
            return results
        }
    }

    /// One batch of one service and region. A figure the service does not know (an older version than the
    /// declarations) fails alone: it is taken out and the rest asked again.
    private static func fetch(_ batch: [FigureKey], from source: any FigureSource) async -> [(FigureKey, Result<AggregateTable, RPCError>)] {
        var results: [(FigureKey, Result<AggregateTable, RPCError>)] = []
        var asking = batch
        while !asking.isEmpty {
            let requests = asking.map { key in
                AggregateRequest(figure: key.figure, from: try! CivilDate(year: key.year, month: 1, day: 1),
                                 through: try! CivilDate(year: key.year, month: 12, day: 31))
            }
            do {
                let answer = try await source.figures(service: asking[0].service, region: asking[0].region, AggregateBatchRequest(requests: requests))
                guard answer.tables.count == asking.count else {
                    throw RPCError(.internal, "\(asking[0].service) of \(asking[0].region) answered \(answer.tables.count) figures for \(asking.count) asked")
                }
                return results + zip(asking, answer.tables).map { key, table in
                    (key, table.figure == key.figure ? .success(table) : .failure(RPCError(.internal, "answered \(table.figure.prefix(60)) for \(key.figure)")))
                }
            } catch {
                let failure = (error as? RPCError) ?? RPCError(.unavailable, "\(error)")
                if let index = AggregateBatchRequest.unknownFigure(in: failure), asking.indices.contains(index) {
                    results.append((asking.remove(at: index), .failure(failure)))
                    continue
                }
                return results + asking.map { ($0, .failure(failure)) }
            }
        }
        return results
    }

    /// A figure's counts per value of the declaration's dimension, the other dimensions summed; of a figure with a
    /// `region` dimension (a service serving several regions) only the rows of the region asked, so that a region
    /// served from elsewhere is not counted twice when all regions are summed.
    static func values(of declaration: TableDeclaration, in result: Result<AggregateTable, RPCError>,
                       key: FigureKey) throws(ReportSourceError) -> [String: Int64] {
        let table: AggregateTable
        switch result {
        case .success(let answered): table = answered
        case .failure(let error): throw ReportSourceError(key: key, problem: "\(error.status.name): \(error.message)")
        }
        let column = try declaration.dimension.map { dimension throws(ReportSourceError) in
            guard let index = table.dimensions.firstIndex(of: dimension) else {
                throw ReportSourceError(key: key, problem: "the figure has no dimension '\(dimension)' (it has \(table.dimensions))")
            }
            return index
        }
        let regionColumn = table.dimensions.firstIndex(of: "region")
        let only = try declaration.only.map { only throws(ReportSourceError) in
            guard let index = table.dimensions.firstIndex(of: only.dimension) else {
                throw ReportSourceError(key: key, problem: "the figure has no dimension '\(only.dimension)' (it has \(table.dimensions))")
            }
            return (index, only.value)
        }
        var values: [String: Int64] = [:]
        for row in table.rows {
            guard row.keys.count == table.dimensions.count else {
                throw ReportSourceError(key: key, problem: "a row has \(row.keys.count) keys for \(table.dimensions.count) dimensions")
            }
            guard row.value >= 0 else { throw ReportSourceError(key: key, problem: "a negative count (\(row.value))") }
            if let regionColumn, row.keys[regionColumn] != key.region { continue }
            if let only, row.keys[only.0] != only.1 { continue }
            let label = column.map { row.keys[$0] } ?? declaration.measure
            values[label] = TableDeclaration.sum([values[label] ?? 0, row.value])
        }
        return values
    }
}

/// A figure reporting could not use, naming the service, region and year, so a table says why it is missing.
public struct ReportSourceError: Error, CustomStringConvertible {
    let key: ReportBuilder.FigureKey
    let problem: String

    public var description: String {
        "\(key.service) of \(key.region) did not give \(key.figure) for \(key.year): \(problem)"
    }
}

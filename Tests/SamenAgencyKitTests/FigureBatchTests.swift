import Foundation
import SamenAgencyKit
import SamenContracts
import SamenReferenceData
import SamenRPC
import SamenStorage
import SamenTestSupport
import XCTest

/// Visits counted two ways: per kind and in all. Both from the same table, so one snapshot must make them agree.
enum VisitFigure: String, FigureCatalogue {
    case byKind = "visits.byKind"
    case total = "visits.total"

    var query: FigureQuery {
        switch self {
        case .byKind: FigureQuery(dimensions: ["kind"], measure: "visits", sql: "SELECT kind AS k0, COUNT(*) AS n FROM visits WHERE day BETWEEN ? AND ? GROUP BY k0")
        case .total: FigureQuery(dimensions: [], measure: "visits", sql: "SELECT COUNT(*) AS n FROM visits WHERE day BETWEEN ? AND ?")
        }
    }
}

/// The kit's figures: a batch is checked whole before anything is read, and answered from one read transaction.
final class FigureBatchTests: XCTestCase {
    var mesh: TestMesh!
    var store: AgencyStore!
    let book = FigureBook(service: "visits").adding(VisitFigure.self)

    override func setUp() async throws {
        mesh = try TestMesh()
        store = try AgencyStore(path: "\(mesh.directory)/visits.sqlite", service: mesh.identity("visits"), migrations: [
            Migration(version: 100, sql: "CREATE TABLE visits (seq INTEGER PRIMARY KEY, kind TEXT NOT NULL, day TEXT NOT NULL)"),
        ])
    }

    override func tearDown() async throws {
        store.close()
    }

    func visit(_ kind: String, on day: String) async throws {
        try await store.database.write { connection in
            _ = try connection.run("INSERT INTO visits (kind, day) VALUES (?, ?)", [.text(kind), .text(day)])
        }
    }

    func request(_ figure: String, _ year: Int) -> AggregateRequest {
        AggregateRequest(figure: figure, from: try! CivilDate(year: year, month: 1, day: 1), through: try! CivilDate(year: year, month: 12, day: 31))
    }

    func testABatchAnswersInTheOrderAskedEachOverItsPeriodAtOneInstant() async throws {
        for (kind, day) in [("desk", "2019-03-01"), ("desk", "2019-04-01"), ("phone", "2019-05-01"), ("desk", "2018-06-01")] {
            try await visit(kind, on: day)
        }
        let answer = try await store.aggregate(AggregateBatchRequest(requests: [request("visits.total", 2018), request("visits.byKind", 2019),
                                                                              request("visits.total", 2019)]), from: book)
        XCTAssertEqual(answer.tables.map(\.figure), ["visits.total", "visits.byKind", "visits.total"])
        XCTAssertEqual(answer.tables.map(\.rows), [[AggregateRow(keys: [], value: 1)],
                                                   [AggregateRow(keys: ["desk"], value: 2), AggregateRow(keys: ["phone"], value: 1)],
                                                   [AggregateRow(keys: [], value: 3)]])
        XCTAssertEqual(Set(answer.tables.map(\.asOfMilliseconds)).count, 1)
    }

    func testABadBatchIsRefusedNamingTheRequestAndItsField() async throws {
        let unknown = await assertRPCError(.invalidArgument) {
            try await self.store.aggregate(AggregateBatchRequest(requests: [self.request("visits.total", 2019), self.request("visits.byDay", 2019)]),
                                           from: self.book)
        }
        XCTAssertEqual(unknown?.details["field"], "requests[1].figure")
        XCTAssertTrue(unknown?.message.contains("visits.byKind, visits.total") == true, unknown?.message ?? "")
        var backwards = request("visits.total", 2019)
        backwards.through = try CivilDate("2018-12-31")
        let period = await assertRPCError(.invalidArgument) {
            try await self.store.aggregate(AggregateBatchRequest(requests: [backwards]), from: self.book)
        }
        XCTAssertEqual(period?.details["field"], "requests[0].through")
        for count in [0, AggregateBatchRequest.limit.upperBound + 1] {
            let size = await assertRPCError(.invalidArgument) {
                try await self.store.aggregate(AggregateBatchRequest(requests: Array(repeating: self.request("visits.total", 2019), count: count)),
                                               from: self.book)
            }
            XCTAssertEqual(size?.details["field"], "requests")
        }
        // One figure alone names its own fields.
        let single = await assertRPCError(.invalidArgument) { try await self.store.aggregate(self.request("visits", 2019), from: self.book) }
        XCTAssertEqual(single?.details["field"], "figure")
    }

    /// Visits arrive without pause while batches are read: in every answer the kinds add up to the total, which two
    /// separate reads would miss whenever a visit committed between them.
    func testTheFiguresOfABatchDescribeOneMoment() async throws {
        let database = store.database
        let writing = Task {
            for index in 0..<2_000 where !Task.isCancelled {
                try await database.write { connection in
                    _ = try connection.run("INSERT INTO visits (kind, day) VALUES (?, '2019-07-01')", [.text(index % 3 == 0 ? "phone" : "desk")])
                }
            }
        }
        defer { writing.cancel() }
        var batches = 0
        var changedWhileReading = 0
        var previousTotal: Int64 = -1
        while batches < 200 {
            let answer = try await store.aggregate(AggregateBatchRequest(requests: [request("visits.byKind", 2019), request("visits.total", 2019)]),
                                                   from: book)
            let kinds = answer.tables[0].rows.reduce(0) { $0 + $1.value }
            let total = answer.tables[1].rows.first?.value ?? 0
            XCTAssertEqual(kinds, total, "batch \(batches)")
            if total != previousTotal { changedWhileReading += 1 }
            previousTotal = total
            batches += 1
        }
        try await writing.value
        XCTAssertGreaterThan(changedWhileReading, 1, "visits arrived while the batches were read")
    }
}

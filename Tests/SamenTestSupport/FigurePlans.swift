import SamenAgencyKit
import SamenStorage

extension TestMesh {
    /// How SQLite would run a figure's query (its period bound as `?1`/`?2` or `?` twice) over a new file with the
    /// service's tables: the detail lines of `EXPLAIN QUERY PLAN`, for tests that hold the annual report's figures
    /// to reading an index alone rather than a row, with its whole file, per record.
    public func queryPlan(_ sql: String, service: String, migrations: [Migration]) async throws -> [String] {
        let store = try AgencyStore(path: "\(directory)/\(service)-plans.sqlite", service: identity(service), migrations: migrations)
        defer { store.close() }
        return try await store.database.read { connection in
            try connection.query("EXPLAIN QUERY PLAN " + sql, [.text("2019-01-01"), .text("2019-12-31")]).map { try $0.text("detail") }
        }
    }
}

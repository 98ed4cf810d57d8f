import Foundation
import XCTest
@testable import SamenStorage

final class ValueTests: XCTestCase {
    /// A column without a declared type has no affinity, so every value is stored exactly as bound.
    private let valuesMigration = Migration(version: 1, sql: "CREATE TABLE vals (id INTEGER PRIMARY KEY, v);")

    func testEverySQLValueKindRoundTrips() async throws {
        let database = try Database(path: try temporaryDatabasePath(), migrations: [valuesMigration])
        defer { database.close() }
        var large = [UInt8](repeating: 0, count: 4 * 1024 * 1024)
        for index in large.indices {
            large[index] = UInt8(truncatingIfNeeded: index &* 31 &+ index >> 11)
        }
        let values: [SQLValue] = [
            .null,
            .integer(Int64.min), .integer(Int64.max), .integer(0), .integer(-1),
            .real(3.141592653589793), .real(-0.5), .real(1e300), .real(Double.leastNonzeroMagnitude),
            .text(""), .text("Zoë en Björn — 日本語 🇧🇪 𝄞"), .text("embedded\u{0}nul"),
            .blob([]), .blob([0, 0, 0]), .blob(large),
        ]
        let stored = values
        try await database.write { connection in
            for value in stored {
                try connection.run("INSERT INTO vals (v) VALUES (?)", [value])
            }
        }
        let readBack = try await database.read { connection in
            try connection.query("SELECT v FROM vals ORDER BY id").map { $0[0] }
        }
        XCTAssertEqual(readBack.count, values.count)
        for (expected, actual) in zip(values, readBack) {
            XCTAssertEqual(expected, actual, "round trip of \(expected.typeName)")
        }
        let types = try await database.read { connection in
            try connection.query("SELECT typeof(v) AS t FROM vals ORDER BY id").map { try $0.text("t") }
        }
        XCTAssertEqual(types, values.map { $0.typeName.lowercased() }, "an empty text or blob must not become NULL")
    }

    func testConvertibleTypesRoundTrip() async throws {
        let database = try Database(path: try temporaryDatabasePath(), migrations: [Migration(version: 1, sql: """
            CREATE TABLE things (id INTEGER PRIMARY KEY, count INTEGER, flag INTEGER, at REAL, uid TEXT,
                                 note TEXT, raw BLOB, amount REAL);
            """)])
        defer { database.close() }
        let date = Date(timeIntervalSince1970: 1_700_000_000.25)
        let uid = UUID()
        let noNote: String? = nil
        try await database.write { connection in
            try connection.run("INSERT INTO things (count, flag, at, uid, note, raw, amount) VALUES (?, ?, ?, ?, ?, ?, ?)",
                               [SQLValue(42), SQLValue(true), SQLValue(date), SQLValue(uid), SQLValue(noNote),
                                SQLValue(Data([1, 2, 3])), 2.5])
        }
        let row = try await database.read { try $0.queryFirst("SELECT * FROM things") }
        let found = try XCTUnwrap(row)
        XCTAssertEqual(try found.get("count", as: Int.self), 42)
        XCTAssertEqual(try found.bool("flag"), true)
        XCTAssertEqual(try found.date("at"), date)
        XCTAssertEqual(try found.uuid("uid"), uid)
        XCTAssertNil(try found.optionalText("note"))
        XCTAssertEqual(found["note"], .null)
        XCTAssertEqual(try found.get("raw", as: Data.self), Data([1, 2, 3]))
        XCTAssertEqual(try found.double("amount"), 2.5)
        XCTAssertEqual(try found.optionalInt("count"), 42)
        XCTAssertNil(found["no_such_column"])
    }

    func testRowAccessorsReportMissingColumnsAndWrongTypes() async throws {
        let database = try Database(path: try temporaryDatabasePath(), migrations: [itemsMigration])
        defer { database.close() }
        try await database.write { try $0.run("INSERT INTO items (name) VALUES (?)", ["widget"]) }
        let row = try await database.read { try $0.queryFirst("SELECT id, name FROM items") }
        let found = try XCTUnwrap(row)
        XCTAssertEqual(found.columns, ["id", "name"])

        let missing = storageErrorSync { try found.text("colour") }
        XCTAssertEqual(missing?.kind, .missingColumn)
        XCTAssertTrue(missing?.message.contains("colour") ?? false)

        let wrongType = storageErrorSync { try found.int("name") }
        XCTAssertEqual(wrongType?.kind, .typeMismatch)
        XCTAssertTrue(wrongType?.message.contains("name") ?? false)
        XCTAssertTrue(wrongType?.message.contains("TEXT") ?? false)
        XCTAssertFalse(wrongType?.message.contains("widget") ?? true, "values are not put in messages")
    }

    func testMisuseIsReportedAndStatementsAreCached() async throws {
        let database = try Database(path: try temporaryDatabasePath(), migrations: [itemsMigration])
        defer { database.close() }
        let wrongCount = await storageError {
            try await database.write { try $0.run("INSERT INTO items (name) VALUES (?)", ["a", "b"]) }
        }
        XCTAssertEqual(wrongCount?.kind, .misuse)
        let twoStatements = await storageError {
            try await database.write { try $0.run("DELETE FROM items; DELETE FROM items") }
        }
        XCTAssertEqual(twoStatements?.kind, .misuse)
        let syntax = await storageError { try await database.write { try $0.run("SELEC 1") } }
        XCTAssertEqual(syntax?.kind, .other)
        XCTAssertEqual(syntax?.sql, "SELEC 1")

        let (cached, rowID) = try await database.write { connection in
            let before = connection.cachedStatementCount
            for name in ["a", "b", "c"] {
                try connection.run("INSERT INTO items (name) SELECT ?", [.text(name)])
            }
            return (connection.cachedStatementCount - before, connection.lastInsertRowID)
        }
        XCTAssertEqual(cached, 1, "the same SQL is prepared once")
        XCTAssertEqual(rowID, 3)
    }
}

import Foundation
@testable import RegistryService
import SamenContracts
import SamenRPC
import SamenStorage
import SamenTestSupport
import XCTest

/// One bad row in the catalogue file must never stop the registry: it starts, sets the row aside, and serves
/// the rest.
final class QuarantineTests: XCTestCase {
    /// Rows no register call could store, written straight into the file between two runs.
    private static let badRows: [(service: String, region: String, address: SQLValue, version: String, metadata: String, ttl: Double)] = [
        ("poison", "gent", .text("[a]:b]:1"), "1", "{}", 10),
        ("unbracketed", "gent", .text("::1:7100"), "1", "{}", 10),
        ("blob-address", "gent", .blob([0xFF, 0x00]), "1", "{}", 10),
        ("broken-metadata", "gent", .text("127.0.0.1:7104"), "1", "{not json", 10),
        ("control-metadata", "gent", .text("127.0.0.1:7105"), "1", #"{"naam":"Jan Peeters\u0007"}"#, 10),
        ("empty-version", "gent", .text("127.0.0.1:7106"), "", "{}", 10),
        ("negative-ttl", "gent", .text("127.0.0.1:7107"), "1", "{}", -5),
        ("Bad Name", "gent", .text("127.0.0.1:7108"), "1", "{}", 10),
        ("other-region", "antwerpen", .text("127.0.0.1:7109"), "1", "{}", 10),
    ]

    func testBadRowsAreQuarantinedAndTheRestIsServedAfterARestart() async throws {
        let mesh = try TestMesh()
        let database = "\(mesh.directory)/poisoned.sqlite"
        let first = try await mesh.startRegistry(database: database)
        for (service, port) in [("intake", 7101), ("tolk", 7103)] {
            let client = try mesh.registryClient(port: first.port, as: mesh.identity(service))
            _ = try await client.register(RegisterRequest(service: service, region: "gent", instance: "1",
                                                          address: Endpoint(host: "127.0.0.1", port: port), version: "1", ttlSeconds: 60))
        }
        await first.stop()

        let file = try CatalogueStore.open(path: database)
        let now = Date().timeIntervalSince1970
        try await file.write { connection in
            for row in Self.badRows {
                try connection.run("""
                    INSERT INTO instances (service, region, instance, address, version, metadata, health, ttl_seconds,
                                           registered_at, last_heartbeat_at)
                    VALUES (?, ?, '1', ?, ?, ?, 'passing', ?, ?, ?)
                    """, [.text(row.service), .text(row.region), row.address, .text(row.version), .text(row.metadata),
                          .real(row.ttl), .real(now), .real(now)])
            }
        }
        file.close()

        let second = try await mesh.startRegistry(database: database)
        let operator_ = try mesh.registryClient(port: second.port, as: mesh.identity("operator"))
        let catalog = try await operator_.catalog(CatalogRequest())
        XCTAssertEqual(catalog.instances.map(\.service), ["intake", "tolk"])
        let lookup = try await operator_.lookup(LookupRequest(service: "intake"))
        XCTAssertEqual(lookup.instances.map(\.address), [Endpoint(host: "127.0.0.1", port: 7101)])
        let all = try await operator_.catalog(CatalogRequest(allRegions: true))
        XCTAssertEqual(all.instances.map(\.service), ["intake", "tolk"])

        let quarantined = try await quarantinedRows(database)
        XCTAssertEqual(quarantined.count, Self.badRows.count, "\(quarantined)")
        XCTAssertTrue(quarantined.contains { $0.reason == "invalid field 'address'" }, "\(quarantined)")
        XCTAssertTrue(quarantined.contains { $0.reason == "invalid field 'region'" }, "\(quarantined)")
        let logged = mesh.logLines().filter { $0.contains("catalogue row quarantined") }
        XCTAssertEqual(logged.count, Self.badRows.count, logged.joined(separator: "\n"))
        XCTAssertFalse(mesh.logLines().contains { $0.contains("Jan Peeters") || $0.contains("a]:b") }, "no stored values in the log")
        await second.stop()

        // The bad rows are gone from the catalogue for good: a third start quarantines nothing more.
        let third = try await mesh.startRegistry(database: database)
        let again = try mesh.registryClient(port: third.port, as: mesh.identity("operator"))
        let catalogAgain = try await again.catalog(CatalogRequest())
        XCTAssertEqual(catalogAgain.instances.map(\.service), ["intake", "tolk"])
        let quarantinedAgain = try await quarantinedRows(database)
        XCTAssertEqual(quarantinedAgain.count, Self.badRows.count)
        await third.stop()
    }

    private func quarantinedRows(_ path: String) async throws -> [(rowid: Int64, reason: String)] {
        let file = try CatalogueStore.open(path: path)
        defer { file.close() }
        return try await CatalogueStore.quarantined(file)
    }
}

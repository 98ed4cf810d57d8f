import Foundation
import SamenContracts
import SamenRPC
import SamenStorage

/// The catalogue's SQLite file: one row per registered instance of this region, with wall-clock timestamps.
///
/// The statements are written for the writer connection inside a `Database.write` closure, so that the change
/// to memory and the change to disk happen in the same order (see `RegistryService.mutate`).
enum CatalogueStore {
    static let migrations = [
        Migration(version: 1, sql: """
            CREATE TABLE instances (
                service TEXT NOT NULL,
                region TEXT NOT NULL,
                instance TEXT NOT NULL,
                address TEXT NOT NULL,
                version TEXT NOT NULL,
                metadata TEXT NOT NULL,
                health TEXT NOT NULL,
                ttl_seconds REAL NOT NULL,
                registered_at REAL NOT NULL,
                last_heartbeat_at REAL NOT NULL,
                PRIMARY KEY (service, instance)
            );
            """),
    ]

    static func open(path: String) throws -> Database {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        return try Database(path: path, migrations: migrations)
    }

    static func loadAll(_ database: Database) async throws -> [ServiceInstance] {
        try await database.read { connection in
            try connection.query("SELECT * FROM instances ORDER BY service, instance").map(decode)
        }
    }

    static func upsert(_ instance: ServiceInstance, on connection: SQLiteConnection) throws {
        let metadata = String(decoding: try JSONEncoder.sorted.encode(instance.metadata), as: UTF8.self)
        try connection.run("""
            INSERT INTO instances (service, region, instance, address, version, metadata, health, ttl_seconds,
                                   registered_at, last_heartbeat_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (service, instance) DO UPDATE SET
                region = excluded.region, address = excluded.address, version = excluded.version,
                metadata = excluded.metadata, health = excluded.health, ttl_seconds = excluded.ttl_seconds,
                registered_at = excluded.registered_at, last_heartbeat_at = excluded.last_heartbeat_at
            """, [.text(instance.service), .text(instance.region), .text(instance.instance),
                  .text(instance.address.description), .text(instance.version), .text(metadata),
                  .text(instance.health.rawValue), .real(instance.ttlSeconds), instance.registeredAt.sqlValue,
                  instance.lastHeartbeatAt.sqlValue])
    }

    static func updateHeartbeat(_ key: InstanceKey, at time: Date, health: InstanceHealth, on connection: SQLiteConnection) throws {
        try connection.run("UPDATE instances SET last_heartbeat_at = ?, health = ? WHERE service = ? AND instance = ?",
                           [time.sqlValue, .text(health.rawValue), .text(key.service), .text(key.instance)])
    }

    static func updateHealth(_ key: InstanceKey, _ health: InstanceHealth, on connection: SQLiteConnection) throws {
        try connection.run("UPDATE instances SET health = ? WHERE service = ? AND instance = ?",
                           [.text(health.rawValue), .text(key.service), .text(key.instance)])
    }

    static func delete(_ key: InstanceKey, on connection: SQLiteConnection) throws {
        try connection.run("DELETE FROM instances WHERE service = ? AND instance = ?", [.text(key.service), .text(key.instance)])
    }

    private static func decode(_ row: Row) throws -> ServiceInstance {
        let addressText = try row.text("address")
        let address: Endpoint
        do {
            address = try Endpoint(addressText)
        } catch {
            throw StorageError(kind: .typeMismatch, message: "stored address '\(addressText)' is not host:port: \(error.message)")
        }
        let metadata = try JSONDecoder().decode([String: String].self, from: Data(try row.text("metadata").utf8))
        return ServiceInstance(
            service: try row.text("service"), region: try row.text("region"), instance: try row.text("instance"),
            address: address, version: try row.text("version"), metadata: metadata,
            health: InstanceHealth(rawValue: try row.text("health")) ?? .critical, ttlSeconds: try row.double("ttl_seconds"),
            registeredAt: try row.date("registered_at"), lastHeartbeatAt: try row.date("last_heartbeat_at"))
    }
}

extension JSONEncoder {
    /// Sorted keys: the same metadata always stores as the same text.
    static var sorted: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }
}

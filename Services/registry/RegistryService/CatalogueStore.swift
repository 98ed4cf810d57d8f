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
        IdempotencyLedger.migration(version: 2),
        // Rows that could not be read back are moved here, as they were, with the reason: the registry starts
        // without them, and an operator can still see what was there. No column types: values keep their type.
        Migration(version: 3, sql: """
            CREATE TABLE quarantined_instances (
                original_rowid, service, region, instance, address, version, metadata, health, ttl_seconds,
                registered_at, last_heartbeat_at,
                reason TEXT NOT NULL,
                quarantined_at REAL NOT NULL
            );
            """),
    ]

    static func open(path: String) throws -> Database {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        return try Database(path: path, migrations: migrations)
    }

    /// Every readable row. A row that cannot be decoded or breaks the registration rules is moved to
    /// `quarantined_instances` and logged by row id and reason only (its values may be anything), so one bad row
    /// never stops the registry from starting.
    /// Rows of another region than `region` are quarantined too: no register call could have stored them.
    static func loadAll(_ database: Database, region: String, logger: Logger) async throws -> [ServiceInstance] {
        let rows = try await database.read { connection in
            try connection.query("SELECT rowid AS samen_rowid, * FROM instances ORDER BY rowid")
        }
        var instances: [ServiceInstance] = []
        var rejected: [(rowid: Int64, reason: String)] = []
        for row in rows {
            do {
                let instance = try decode(row)
                try RequestValidation.stored(instance)
                guard instance.region == region else {
                    throw RPCError(.invalidArgument, "another region's instance", details: ["field": "region"])
                }
                instances.append(instance)
            } catch {
                rejected.append((try row.int("samen_rowid"), reason(error)))
            }
        }
        if !rejected.isEmpty {
            let quarantined = rejected
            try await database.write { connection in
                let now = Date().sqlValue
                for (rowid, reason) in quarantined {
                    try connection.run("""
                        INSERT INTO quarantined_instances
                        SELECT rowid, service, region, instance, address, version, metadata, health, ttl_seconds,
                               registered_at, last_heartbeat_at, ?, ? FROM instances WHERE rowid = ?
                        """, [.text(reason), now, .integer(rowid)])
                    try connection.run("DELETE FROM instances WHERE rowid = ?", [.integer(rowid)])
                }
            }
            for (rowid, reason) in rejected {
                logger.error("catalogue row quarantined", [("rowid", "\(rowid)"), ("reason", reason),
                                                           ("table", "quarantined_instances")])
            }
        }
        return instances.sorted { InstanceKey($0) < InstanceKey($1) }
    }

    /// The quarantined rows' ids and reasons, oldest first.
    static func quarantined(_ database: Database) async throws -> [(rowid: Int64, reason: String)] {
        try await database.read { connection in
            try connection.query("SELECT original_rowid, reason FROM quarantined_instances ORDER BY rowid").map {
                (try $0.int("original_rowid"), try $0.text("reason"))
            }
        }
    }

    /// The field at fault, never the stored value: values may hold anything, and logs hold no personal data.
    private static func reason(_ error: any Error) -> String {
        switch error {
        case let error as RPCError: "invalid field '\(error.details["field"] ?? "?")'"
        case let error as StorageError: "unreadable column (\(error.kind))"
        case is DecodingError: "invalid field 'metadata' (not a JSON object of strings)"
        default: "unreadable (\(type(of: error)))"
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
        let metadata = try JSONDecoder().decode([String: String].self, from: Data(try row.text("metadata").utf8))
        return ServiceInstance(
            service: try row.text("service"), region: try row.text("region"), instance: try row.text("instance"),
            address: try Endpoint(try row.text("address")), version: try row.text("version"), metadata: metadata,
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

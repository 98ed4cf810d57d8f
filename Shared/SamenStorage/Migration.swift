/// One schema step: the SQL that brings the schema from `version - 1` (or the previous listed version) to `version`.
///
/// Versions are positive and unique; ``Database`` applies the pending ones in ascending order, each in its
/// own transaction together with `PRAGMA user_version = version`. Never edit a released migration; add a new one.
public struct Migration: Sendable, Hashable {
    /// The schema version this migration produces; stored in `PRAGMA user_version` once applied.
    public let version: Int
    /// One or more SQL statements, run without bindings.
    public let sql: String

    /// Creates a migration.
    public init(version: Int, sql: String) {
        self.version = version
        self.sql = sql
    }
}

/// Applies migrations to the writer connection while a ``Database`` opens.
enum Migrator {
    /// Checks the list and refuses a newer file; returns the migrations still to apply, in order.
    /// Reads only, so a refused file is left untouched.
    static func pending(_ migrations: [Migration], for connection: SQLiteConnection) throws -> [Migration] {
        let sorted = try validated(migrations)
        let current = try userVersion(of: connection)
        let latest = sorted.last?.version ?? 0
        guard current <= latest else {
            throw StorageError(kind: .schemaTooNew,
                               message: "the database has schema version \(current) but this program knows only up to "
                                   + "\(latest); it was written by a newer version and is not opened")
        }
        return sorted.filter { $0.version > current }
    }

    /// Applies `migrations` in order, each in its own transaction with its `PRAGMA user_version`. Another process
    /// may open the same new file at the same moment (two instances on one data folder): the version is read again
    /// under the write lock, so a migration the other one applied meanwhile is skipped, not run twice.
    static func apply(_ migrations: [Migration], to connection: SQLiteConnection) throws {
        for migration in migrations {
            do {
                try connection.inTransaction(.immediate) { connection in
                    guard try userVersion(of: connection) < migration.version else { return }
                    try connection.execute(migration.sql)
                    try connection.execute("PRAGMA user_version = \(migration.version)")
                }
            } catch let error as StorageError {
                throw StorageError(kind: .migration, code: error.code,
                                   message: "migration \(migration.version) failed: \(error.message)", sql: error.sql)
            }
        }
    }

    /// The schema version recorded in the file (0 for a new file).
    static func userVersion(of connection: SQLiteConnection) throws -> Int {
        let row = try connection.queryFirst("PRAGMA user_version")
        return Int(try row?.int("user_version") ?? 0)
    }

    private static func validated(_ migrations: [Migration]) throws -> [Migration] {
        let sorted = migrations.sorted { $0.version < $1.version }
        var previous = 0
        for migration in sorted {
            guard migration.version > 0 else {
                throw StorageError(kind: .migration, message: "migration versions must be positive, got \(migration.version)")
            }
            guard migration.version != previous else {
                throw StorageError(kind: .migration, message: "migration version \(migration.version) is listed twice")
            }
            previous = migration.version
        }
        return sorted
    }
}

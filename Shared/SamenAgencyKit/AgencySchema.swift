import SamenStorage

/// The tables the kit keeps in every agency service's SQLite file, as migrations 1...99; a service numbers its own
/// migrations from `firstServiceVersion` on, so kit and service grow their schemas without ever colliding.
public enum AgencySchema {
    public static let firstServiceVersion = 100

    public static let migrations: [Migration] = [
        IdempotencyLedger.migration(version: 1),
        Migration(version: 2, sql: AuditTrail.schemaSQL),
        Migration(version: 3, sql: ImportLedger.schemaSQL),
    ]

    /// The kit's migrations and the service's, after checking the service's start at `firstServiceVersion`.
    public static func all(with serviceMigrations: [Migration]) throws(KitError) -> [Migration] {
        if let low = serviceMigrations.first(where: { $0.version < firstServiceVersion }) {
            throw KitError("service migration \(low.version) is below \(firstServiceVersion); 1...\(firstServiceVersion - 1) belong to the kit")
        }
        return migrations + serviceMigrations
    }
}

/// A mistake in how a service uses the kit (a programming error caught at start, not a caller's).
public struct KitError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

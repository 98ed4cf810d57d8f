import CSQLite
import SamenFiles

/// A service's durable SQLite store: one writer connection and one reader connection, each on its own serial queue.
///
/// Durability: the file runs in WAL mode with `synchronous=FULL`, so a write acknowledged by ``write(_:)``
/// is on disk before the call returns and survives a crash or power loss. Writes that arrive while another
/// commits are grouped into one transaction (one sync for many writes; see ``write(_:)``). Reads run on the reader
/// connection concurrently with a write (WAL readers see the last committed snapshot).
///
/// All SQLite work happens on the two private queues, never on the cooperative thread pool.
/// No shared mutable state escapes: closures get the ``SQLiteConnection`` only for their duration.
public final class Database: Sendable {
    /// The file path given at open.
    public let path: String
    /// The database's files (main, -wal, -shm) that existed with group or other permissions and were made 0600 at
    /// open; the owner logs them.
    public let tightenedFiles: [String]
    private let writer: WriteGroups
    private let reader: ConnectionQueue

    /// Opens or creates the file, configures it and applies pending migrations.
    ///
    /// Sets `journal_mode=WAL`, `synchronous=FULL`, `foreign_keys=ON` and a busy timeout; applies each
    /// migration above the file's `PRAGMA user_version` in its own transaction; refuses (`.schemaTooNew`)
    /// a file whose `user_version` is above the newest known migration, since a newer program wrote it.
    /// Runs synchronously on the calling thread: call it at startup, not from a hot path.
    ///
    /// - Parameters:
    ///   - path: the database file; its directory must exist. `:memory:` is not supported (the reader needs the file).
    ///     The file is created 0600 before SQLite opens it, since SQLite gives its -wal and -shm files the main
    ///     file's mode; looser existing files are tightened (`tightenedFiles`).
    ///   - migrations: every migration of the service, any order, unique positive versions.
    ///   - busyTimeoutMilliseconds: how long to wait for a lock held by another process before `.busy`.
    ///   - groupCommit: group writes that queue up into shared transactions (the default); `false` commits each
    ///     write alone, for comparison in benchmarks. The promises of ``write(_:)`` hold either way.
    public init(path: String, migrations: [Migration], busyTimeoutMilliseconds: Int32 = 5_000, groupCommit: Bool = true) throws {
        self.path = path
        do {
            var tightened: [String] = []
            if try PrivateFiles.createFile(path) { tightened.append(path) }
            for companion in [path + "-wal", path + "-shm"] where try PrivateFiles.tighten(companion) { tightened.append(companion) }
            tightenedFiles = tightened
        } catch {
            throw StorageError(kind: .open, message: error.message)
        }
        let writerConnection = try SQLiteConnection(path: path, flags: SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)
        try Self.configure(writerConnection, busyTimeoutMilliseconds: busyTimeoutMilliseconds)
        // Refuse a newer (or unreadable) file before anything writes to it, even the WAL header change.
        let pending = try Migrator.pending(migrations, for: writerConnection)
        try Self.enableWAL(on: writerConnection, busyTimeoutMilliseconds: busyTimeoutMilliseconds)
        try Migrator.apply(pending, to: writerConnection)

        // Read-only: a read closure cannot write by accident.
        let readerConnection = try SQLiteConnection(path: path, flags: SQLITE_OPEN_READONLY)
        try Self.configure(readerConnection, busyTimeoutMilliseconds: busyTimeoutMilliseconds)

        writer = WriteGroups(queue: ConnectionQueue(label: "samen.storage.writer", connection: writerConnection),
                             grouped: groupCommit)
        reader = ConnectionQueue(label: "samen.storage.reader", connection: readerConnection)
    }

    /// Runs `body` atomically in a write transaction (`BEGIN IMMEDIATE` … `COMMIT`) on the writer connection.
    ///
    /// When this returns, the transaction is committed and durable. When `body` throws, everything it changed is
    /// rolled back and the error rethrown unchanged. Writes run one at a time in call order.
    /// Once enqueued, the body runs even if the calling task is cancelled, so the outcome is never unknown
    /// to the file; check cancellation before calling if you want to skip the work.
    ///
    /// Writes that queue up while a transaction commits share the next one (group commit), each in its own
    /// savepoint; a body's outcome is the same as alone, except that its reads also see the changes of the
    /// writes before it in the group (as they would in call order once committed). If that group's COMMIT fails,
    /// the body gets COMMIT's error. Inside `body`, BEGIN, COMMIT and ROLLBACK are refused (`.misuse`); use
    /// `SAVEPOINT name` … `RELEASE name` for a nested atomic step.
    @discardableResult
    public func write<T: Sendable>(_ body: @escaping @Sendable (SQLiteConnection) throws -> T) async throws -> T {
        try await writer.write(body)
    }

    /// Transactions and writes committed since open: writes per group is how well commits are shared.
    public var writeStatistics: WriteStatistics { writer.statistics }

    /// Writes waiting for the writer (tests use it to build a group deterministically).
    var pendingWriteCount: Int { writer.pendingCount }

    /// Runs `body` in a read transaction on the reader connection: it sees one consistent committed snapshot
    /// and runs concurrently with a write. The connection is read-only; writing fails with an SQLite error.
    @discardableResult
    public func read<T: Sendable>(_ body: @escaping @Sendable (SQLiteConnection) throws -> T) async throws -> T {
        try await reader.perform { connection in
            try connection.inTransaction(.deferred, body)
        }
    }

    /// Waits for queued work, then closes both connections; later calls throw `.closed`.
    /// Do not call it from inside a `write` or `read` closure (it traps rather than deadlocks).
    public func close() {
        reader.close()
        writer.close()
    }

    private static func configure(_ connection: SQLiteConnection, busyTimeoutMilliseconds: Int32) throws {
        sqlite3_busy_timeout(connection.handle, busyTimeoutMilliseconds)
        try connection.execute("PRAGMA foreign_keys = ON")
    }

    private static func enableWAL(on connection: SQLiteConnection, busyTimeoutMilliseconds: Int32) throws {
        // Another process may be switching the same new file to WAL right now; SQLite then answers busy at once,
        // without waiting in its busy handler, so this waits here, as long as the busy timeout allows.
        var waited: Int32 = 0
        var mode: String?
        while true {
            do {
                mode = try connection.queryFirst("PRAGMA journal_mode = WAL")?.text("journal_mode")
                break
            } catch let error as StorageError where error.kind == .busy && waited < busyTimeoutMilliseconds {
                waited += max(1, sqlite3_sleep(5))
            }
        }
        guard mode?.lowercased() == "wal" else {
            throw StorageError(kind: .open, message: "the database cannot use WAL mode (journal_mode is \(mode ?? "unknown"))",
                               sql: "PRAGMA journal_mode = WAL")
        }
        // synchronous is per connection; FULL syncs the WAL on every commit.
        try connection.execute("PRAGMA synchronous = FULL")
    }
}

import CSQLite
import Foundation
import SamenFiles

/// Copies a SQLite database, live or not, with SQLite's online backup API: the copy is one consistent snapshot
/// (whatever the WAL holds included), and the service keeps writing meanwhile. Copying the file of a live WAL
/// database instead can miss committed writes or tear a page.
///
/// Restoring is the same copy the other way, into a service's database path while that service is stopped.
public enum OnlineBackup {
    /// A step that finds the source or destination locked is retried after this pause, at most `busyRetries`
    /// times in a row (about a minute).
    static let busyPause: useconds_t = 50_000
    static let busyRetries = 1_200

    /// Copies `source` (which must exist) to `destination`; an existing destination is replaced only with
    /// `replace`. A new destination file is created 0600. Checks the copy with `PRAGMA quick_check` and returns its
    /// size in pages.
    @discardableResult
    public static func copy(from source: String, to destination: String, replace: Bool = false) throws(StorageError) -> Int {
        guard FileManager.default.fileExists(atPath: source) else {
            throw StorageError(kind: .open, message: "\(source) does not exist")
        }
        if FileManager.default.fileExists(atPath: destination) {
            guard replace else { throw StorageError(kind: .misuse, message: "\(destination) already exists") }
            return try copyPages(from: source, to: destination)
        }
        do { try PrivateFiles.createFile(destination) } catch {
            throw StorageError(kind: .open, message: "cannot create \(destination): \(error)")
        }
        do {
            return try copyPages(from: source, to: destination)
        } catch {
            // A half-made new copy is no backup; one that replaced a file is left for its check to report.
            unlink(destination)
            throw error
        }
    }

    private static func copyPages(from source: String, to destination: String) throws(StorageError) -> Int {
        let from = try open(source, flags: SQLITE_OPEN_READONLY)
        defer { sqlite3_close_v2(from) }
        let to = try open(destination, flags: SQLITE_OPEN_READWRITE)
        defer { sqlite3_close_v2(to) }
        // Neither side waits inside SQLite: a locked step is paused and retried here, bounded.
        sqlite3_busy_timeout(from, 0)
        sqlite3_busy_timeout(to, 0)

        guard let backup = sqlite3_backup_init(to, "main", from, "main") else {
            throw StorageError.sqlite(sqlite3_errcode(to), handle: to, sql: nil)
        }
        // All pages in one step, in one read transaction of the source: in WAL mode it does not hold the service's
        // writers back, and it is one snapshot. Copying in several steps would start over after every write the
        // service commits in between (another connection changed the source), so a busy file might never finish.
        var result = SQLITE_OK
        var busyInARow = 0
        while true {
            result = sqlite3_backup_step(backup, -1)
            if result == SQLITE_DONE { break }
            if result == SQLITE_OK { busyInARow = 0; continue }
            if (result & 0xFF) == SQLITE_BUSY || (result & 0xFF) == SQLITE_LOCKED, busyInARow < busyRetries {
                busyInARow += 1
                usleep(busyPause)
                continue
            }
            break
        }
        let pages = Int(sqlite3_backup_pagecount(backup))
        sqlite3_backup_finish(backup)
        guard result == SQLITE_DONE else {
            throw StorageError(kind: StorageError.kind(forSQLiteCode: result), code: result,
                               message: "the copy of \(source) to \(destination) stopped: \(String(cString: sqlite3_errstr(result)))")
        }
        try check(to, destination)
        return pages
    }

    private static func open(_ path: String, flags: Int32) throws(StorageError) -> OpaquePointer {
        var handle: OpaquePointer?
        let result = sqlite3_open_v2(path, &handle, flags | SQLITE_OPEN_EXRESCODE, nil)
        guard result == SQLITE_OK, let handle else {
            let error = StorageError.sqlite(result, handle: handle, sql: nil)
            sqlite3_close_v2(handle)
            throw StorageError(kind: .open, code: error.code, message: "cannot open \(path): \(error.message)")
        }
        return handle
    }

    /// `PRAGMA quick_check` answers one row "ok" for a sound file (and reads every page, so a source that was not a
    /// database fails here if not before).
    private static func check(_ handle: OpaquePointer, _ path: String) throws(StorageError) {
        var statement: OpaquePointer?
        let sql = "PRAGMA quick_check"
        guard sqlite3_prepare_v2(handle, sql, -1, &statement, nil) == SQLITE_OK, let statement else {
            throw StorageError.sqlite(sqlite3_errcode(handle), handle: handle, sql: sql)
        }
        defer { sqlite3_finalize(statement) }
        let step = sqlite3_step(statement)
        guard step == SQLITE_ROW else { throw StorageError.sqlite(step, handle: handle, sql: sql) }
        let answer = sqlite3_column_text(statement, 0).map { String(cString: $0) } ?? ""
        guard answer == "ok" else {
            throw StorageError(kind: .corrupt, message: "the copy in \(path) fails its check: \(answer.prefix(200))", sql: sql)
        }
    }
}

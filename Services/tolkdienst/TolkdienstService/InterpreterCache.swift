import Foundation
import SamenContracts
import SamenStorage
import Synchronization

/// The interpreters as matching last decoded them, by id with their version. Matching compares every interpreter
/// with a request, and decoding each stored profile again was most of its time; a profile is decoded again only when
/// its version in the file differs, so a change made through another instance on the same file is seen at once.
final class InterpreterCache: Sendable {
    private let decoded = Mutex<[String: Interpreter]>([:])

    /// Every interpreter, in the order they were added, as the file holds them in the connection's transaction.
    func interpreters(on connection: SQLiteConnection, records: TolkdienstRecords) throws -> [Interpreter] {
        let current = try connection.query("SELECT id, version FROM interpreters ORDER BY seq").map { (try $0.text("id"), try $0.int("version")) }
        let known = decoded.withLock { $0 }
        var result: [Interpreter] = []
        var fresh: [String: Interpreter] = [:]
        for (id, version) in current {
            if let cached = known[id], cached.version == version {
                result.append(cached)
            } else {
                let interpreter = try records.require(.interpreters, id, as: Interpreter.self, field: "interpreterID", on: connection)
                fresh[id] = interpreter
                result.append(interpreter)
            }
        }
        if !fresh.isEmpty { decoded.withLock { $0.merge(fresh) { _, new in new } } }
        return result
    }
}

import Dispatch

/// A connection confined to its own serial dispatch queue, so blocking SQLite calls (fsync) never run on
/// the Swift concurrency cooperative pool. The async API hops to the queue and back with a continuation.
final class ConnectionQueue: @unchecked Sendable {
    // @unchecked: `connection` is read and written only on `queue`, which serializes all access.
    private let queue: DispatchQueue
    private var connection: SQLiteConnection?

    init(label: String, connection: SQLiteConnection) {
        self.queue = DispatchQueue(label: label, qos: .userInitiated)
        self.connection = connection
    }

    deinit {
        // No other references exist, so no work is queued; closing here is safe.
        connection?.close()
    }

    /// Runs `body` on the queue with the connection; throws `.closed` after ``close()``.
    ///
    /// Once enqueued the work runs to completion even if the calling task is cancelled, so an
    /// acknowledged outcome always reflects what happened in the file.
    func perform<T: Sendable>(_ body: @escaping @Sendable (SQLiteConnection) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            enqueue { connection in
                guard let connection else {
                    continuation.resume(throwing: StorageError.closed)
                    return
                }
                continuation.resume(with: Result { try body(connection) })
            }
        }
    }

    /// Runs `work` on the queue with the connection, or with nil once ``close()`` ran.
    func enqueue(_ work: @escaping @Sendable (SQLiteConnection?) -> Void) {
        queue.async {
            work(self.connection)
        }
    }

    /// Waits for queued work, then closes the connection. Must not be called from this queue (it would deadlock).
    func close() {
        dispatchPrecondition(condition: .notOnQueue(queue))
        queue.sync {
            connection?.close()
            connection = nil
        }
    }
}

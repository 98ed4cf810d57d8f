import Dispatch
import SamenTestSupport
import XCTest
@testable import SamenStorage

/// Keeps the writer busy inside one write until ``release()``, so that writes submitted meanwhile queue up and
/// form the next group, deterministically and in a known order.
final class HeldWriter: Sendable {
    private struct TimedOut: Error {}

    let database: Database
    private let entered = DispatchSemaphore(value: 0)
    private let released = DispatchSemaphore(value: 0)
    private let holder: Task<Void, any Error>

    /// Returns once the writer is inside the holding write.
    init(_ database: Database) async throws {
        self.database = database
        let (entered, released) = (entered, released)
        holder = Task {
            try await database.write { _ in
                entered.signal()
                // Hang guard only: the test releases it as soon as its writes are queued.
                guard released.wait(timeout: .now() + 60) == .success else { throw TimedOut() }
            }
        }
        guard await waitOffPool(entered) else { throw TimedOut() }
    }

    /// Submits `body` and returns once it is queued, so writes queued one after another arrive in that order.
    func enqueue<T: Sendable>(_ body: @escaping @Sendable (SQLiteConnection) throws -> T,
                              file: StaticString = #filePath, line: UInt = #line) async -> Task<T, any Error> {
        let before = database.pendingWriteCount
        let task = Task { try await database.write(body) }
        _ = await eventually("the write was not queued", file: file, line: line) { database.pendingWriteCount == before + 1 }
        return task
    }

    /// Lets the holding write commit; the queued writes follow as one group.
    func release() async throws {
        released.signal()
        try await holder.value
    }
}

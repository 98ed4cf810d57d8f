import Synchronization

/// The writer side of a ``Database``: group commit. Writes that arrive while a transaction commits (its fsync)
/// queue up; the writer then runs them together in one `BEGIN IMMEDIATE … COMMIT`, each in its own savepoint, so
/// many writes share one sync of the WAL.
///
/// What callers keep, compared with one transaction per write:
/// - A write returns only after the COMMIT that contains it succeeded (WAL, `synchronous=FULL`), so it is durable.
/// - A write that throws is rolled back to its savepoint, leaving no trace, and gets its own error; the others
///   of its group commit. A failed COMMIT gives its error to every write of the group that would have committed.
/// - Writes run in arrival order, one at a time; a group is at most ``maximumGroupSize`` writes.
/// - A write cannot end or undo the shared transaction (BEGIN, COMMIT, ROLLBACK and the group's savepoint are
///   refused as misuse), cannot defer its foreign keys into another's COMMIT, and an unresolved deferred foreign
///   key fails only the write that left it.
/// The one difference that remains: a write's reads see the changes of earlier writes of its group, not yet
/// committed; that is what it would see running after them, as writes are ordered anyway.
final class WriteGroups: Sendable {
    /// The most writes one transaction holds, so a long queue cannot delay the first write's acknowledgement
    /// without bound.
    static let maximumGroupSize = 256

    private struct State: Sendable {
        var pending: [PendingWrite] = []
        var draining = false
        var statistics = WriteStatistics()
    }

    private let queue: ConnectionQueue
    private let groupLimit: Int
    private let state = Mutex(State())

    /// `grouped: false` commits each write alone (for comparison in the benchmark).
    init(queue: ConnectionQueue, grouped: Bool) {
        self.queue = queue
        self.groupLimit = grouped ? Self.maximumGroupSize : 1
    }

    /// Runs `body` in its savepoint of the next group and returns its result once the group committed.
    func write<T: Sendable>(_ body: @escaping @Sendable (SQLiteConnection) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            submit(PendingWrite(
                run: { connection in
                    let result = connection.inWriteSavepoint(body)
                    let failed = if case .failure = result { true } else { false }
                    return WriteOutcome(failed: failed) { groupError in
                        if let groupError, !failed {
                            continuation.resume(throwing: groupError)
                        } else {
                            continuation.resume(with: result)
                        }
                    }
                },
                fail: { continuation.resume(throwing: $0) }))
        }
    }

    /// Groups and writes committed so far.
    var statistics: WriteStatistics { state.withLock { $0.statistics } }

    /// Writes queued and not yet taken into a group.
    var pendingCount: Int { state.withLock { $0.pending.count } }

    /// Waits for queued writes, then closes the connection.
    func close() {
        queue.close()
    }

    private func submit(_ write: PendingWrite) {
        let startsDrain = state.withLock { state in
            state.pending.append(write)
            guard !state.draining else { return false }
            state.draining = true
            return true
        }
        if startsDrain {
            queue.enqueue { connection in self.drain(connection) }
        }
    }

    /// Commits groups until the queue is empty; one drain runs at a time, on the connection's queue.
    private func drain(_ connection: SQLiteConnection?) {
        while true {
            let group = state.withLock { state -> [PendingWrite] in
                let taken = Array(state.pending.prefix(groupLimit))
                state.pending.removeFirst(taken.count)
                if taken.isEmpty { state.draining = false }
                return taken
            }
            if group.isEmpty { return }
            guard let connection else {
                group.forEach { $0.fail(StorageError.closed) }
                continue
            }
            var remaining = group[...]
            while !remaining.isEmpty {
                remaining = commit(remaining, on: connection)
            }
        }
    }

    /// Runs the writes in one transaction and answers them. Returns the writes not yet run when SQLite ended the
    /// transaction by itself part-way (they go into a new one).
    private func commit(_ group: ArraySlice<PendingWrite>, on connection: SQLiteConnection) -> ArraySlice<PendingWrite> {
        do {
            try connection.control("BEGIN IMMEDIATE")
        } catch {
            group.forEach { $0.fail(error) }
            return []
        }
        var outcomes: [WriteOutcome] = []
        outcomes.reserveCapacity(group.count)
        for index in group.indices {
            let outcome = group[index].run(connection)
            outcomes.append(outcome)
            if !connection.isInTransaction {
                outcomes.forEach { $0.answer(StorageError.transactionLost) }
                return group[(index + 1)...]
            }
        }
        do {
            try connection.control("COMMIT")
        } catch {
            if connection.isInTransaction {
                try? connection.execute("ROLLBACK")
            }
            outcomes.forEach { $0.answer(error) }
            return []
        }
        let committed = outcomes.count(where: { !$0.failed })
        state.withLock { $0.statistics.record(groupOf: committed) }
        outcomes.forEach { $0.answer(nil) }
        return []
    }
}

/// How many groups committed and how many writes they held (for the benchmark and tests).
public struct WriteStatistics: Sendable, Equatable {
    /// Transactions committed with at least one write.
    public internal(set) var groups = 0
    /// Writes committed.
    public internal(set) var writes = 0
    /// Writes in the largest group.
    public internal(set) var largestGroup = 0

    mutating func record(groupOf count: Int) {
        guard count > 0 else { return }
        groups += 1
        writes += count
        largestGroup = max(largestGroup, count)
    }
}

/// A queued write, its type erased so writes of different result types share one queue.
private struct PendingWrite: Sendable {
    /// Runs the body in its savepoint of the open transaction.
    let run: @Sendable (SQLiteConnection) -> WriteOutcome
    /// Answers the caller without running the body (BEGIN failed, or the database is closed).
    let fail: @Sendable (any Error) -> Void
}

/// What a body did, and how to answer its caller once the group's fate is known.
private struct WriteOutcome: Sendable {
    /// The body threw or was rolled back: its own error is its answer whatever happens to the group.
    let failed: Bool
    /// Resumes the caller: with the group's error (a failed COMMIT) when given, else with the body's result.
    let answer: @Sendable ((any Error)?) -> Void
}

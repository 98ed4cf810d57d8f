import Synchronization

/// A service's background task (a re-check, a reconciler), set once at start and cancelled at stop.
public final class BackgroundTask: Sendable {
    private let task = Mutex<Task<Void, Never>?>(nil)

    public init() {}

    public func set(_ value: Task<Void, Never>) { task.withLock { $0 = value } }

    public func cancel() async {
        let running = task.withLock { task in defer { task = nil }; return task }
        running?.cancel()
        await running?.value
    }
}

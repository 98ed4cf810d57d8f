import Foundation
import Synchronization

/// Wakes the watch streams of a service when its instances may have changed.
///
/// Signals carry no data and coalesce (a buffer of one): a watcher that is busy sending just recomputes the
/// snapshot once afterwards, so a slow watcher never makes the registry queue changes for it.
final class WatchHub: Sendable {
    private struct Subscriber {
        let service: String
        let continuation: AsyncStream<Void>.Continuation
    }

    private let subscribers = Mutex<[UInt64: Subscriber]>([:])
    private let nextID = Atomic<UInt64>(0)
    private let closed = Atomic<Bool>(false)

    func subscribe(_ service: String) -> (id: UInt64, signals: AsyncStream<Void>) {
        let id = nextID.add(1, ordering: .relaxed).oldValue
        let (stream, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        if closed.load(ordering: .acquiring) {
            continuation.finish()
        } else {
            subscribers.withLock { $0[id] = Subscriber(service: service, continuation: continuation) }
        }
        return (id, stream)
    }

    func unsubscribe(_ id: UInt64) {
        subscribers.withLock { $0.removeValue(forKey: id) }?.continuation.finish()
    }

    func changed(_ services: Set<String>) {
        guard !services.isEmpty else { return }
        for subscriber in subscribers.withLock({ Array($0.values) }) where services.contains(subscriber.service) {
            subscriber.continuation.yield()
        }
    }

    /// How many watches of `service` are open.
    func count(of service: String) -> Int {
        subscribers.withLock { $0.values.filter { $0.service == service }.count }
    }

    var isClosed: Bool { closed.load(ordering: .acquiring) }

    /// Ends every watch (the registry is stopping); later subscriptions end at once.
    func close() {
        closed.store(true, ordering: .releasing)
        for subscriber in subscribers.withLock({ state in defer { state = [:] }; return Array(state.values) }) {
            subscriber.continuation.finish()
        }
    }
}

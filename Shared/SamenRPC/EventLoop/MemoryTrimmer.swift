import CLinux
import Dispatch
import Synchronization

/// Hands freed heap back to the system after a burst of connection closures.
///
/// glibc keeps freed memory in its arenas, so resident memory stays at its peak after many connections close.
/// `malloc_trim(0)` returns it, but walks every arena: it runs on a background queue, a second after the burst
/// began (so one call covers the whole burst), and at most once a second.
final class MemoryTrimmer: Sendable {
    private struct State {
        var closures = 0
        var scheduled = false
    }

    private let state = Mutex(State())
    private let threshold: Int
    private let delay: DispatchTimeInterval

    init(threshold: Int = 32, delay: DispatchTimeInterval = .seconds(1)) {
        self.threshold = max(1, threshold)
        self.delay = delay
    }

    /// Counts one closure; the one that completes a burst schedules a trim.
    func noteClosure() {
        let schedule = state.withLock { state -> Bool in
            state.closures += 1
            guard state.closures >= threshold, !state.scheduled else { return false }
            state.scheduled = true
            return true
        }
        guard schedule else { return }
        DispatchQueue.global(qos: .utility).asyncAfter(deadline: .now() + delay) { [self] in
            state.withLock { $0 = State() }
            _ = samen_malloc_trim(0)
        }
    }
}

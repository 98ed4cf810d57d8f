#if canImport(Glibc)
import Glibc
#endif

/// Nanoseconds on CLOCK_MONOTONIC: immune to wall-clock changes, which matters for deadlines and leases.
public enum MonotonicClock {
    public static var now: UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }
}

extension Duration {
    /// The duration in whole nanoseconds, clamped at zero.
    public var nanoseconds: UInt64 {
        let (seconds, attoseconds) = components
        if seconds < 0 { return 0 }
        return UInt64(seconds) * 1_000_000_000 + UInt64(attoseconds / 1_000_000_000)
    }

    /// The duration in whole microseconds, clamped at zero.
    public var microseconds: UInt64 { nanoseconds / 1_000 }
}

/// A scheduled piece of work on an event loop; `cancel()` stops it from running. Loop-thread only.
final class TimerHandle {
    let deadline: UInt64
    private var work: (() -> Void)?
    fileprivate var sequence: UInt64 = 0

    init(deadline: UInt64, work: @escaping () -> Void) {
        self.deadline = deadline
        self.work = work
    }

    var isCancelled: Bool { work == nil }

    func cancel() { work = nil }

    func fire() {
        guard let work else { return }
        self.work = nil
        work()
    }
}

/// A binary min-heap of timers by deadline; cancelled timers are dropped lazily when they reach the top.
struct TimerHeap {
    private var heap: [TimerHandle] = []
    private var nextSequence: UInt64 = 0

    mutating func insert(_ timer: TimerHandle) {
        timer.sequence = nextSequence
        nextSequence &+= 1
        heap.append(timer)
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard less(heap[child], heap[parent]) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    mutating func popExpired(now: UInt64) -> TimerHandle? {
        while let top = heap.first {
            if top.isCancelled {
                removeTop()
                continue
            }
            guard top.deadline <= now else { return nil }
            removeTop()
            return top
        }
        return nil
    }

    /// How long epoll may sleep: until the earliest live timer, or forever (-1).
    mutating func millisecondsUntilNext() -> Int32 {
        while let top = heap.first, top.isCancelled { removeTop() }
        guard let top = heap.first else { return -1 }
        let now = MonotonicClock.now
        if top.deadline <= now { return 0 }
        let millis = (top.deadline - now + 999_999) / 1_000_000
        return Int32(min(millis, 60_000))
    }

    private func less(_ a: TimerHandle, _ b: TimerHandle) -> Bool {
        a.deadline != b.deadline ? a.deadline < b.deadline : a.sequence < b.sequence
    }

    private mutating func removeTop() {
        let last = heap.removeLast()
        guard !heap.isEmpty else { return }
        heap[0] = last
        var parent = 0
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var smallest = parent
            if left < heap.count && less(heap[left], heap[smallest]) { smallest = left }
            if right < heap.count && less(heap[right], heap[smallest]) { smallest = right }
            if smallest == parent { return }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
    }
}

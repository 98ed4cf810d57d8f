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

/// A scheduled piece of work on an event loop; `cancel()` stops it from running. Loop-thread only.
///
/// A cancelled timer leaves the heap at once: calls schedule a deadline each and almost all finish long before
/// it, so lazily skipped entries would pile up by the hundred thousand.
final class TimerHandle {
    let deadline: UInt64
    private var work: (() -> Void)?
    fileprivate var sequence: UInt64 = 0
    fileprivate var heapIndex = -1
    fileprivate unowned(unsafe) var heap: TimerHeapStorage?

    init(deadline: UInt64, work: @escaping () -> Void) {
        self.deadline = deadline
        self.work = work
    }

    var isCancelled: Bool { work == nil }

    func cancel() {
        work = nil
        if heapIndex >= 0, let heap { heap.remove(at: heapIndex) }
    }

    func fire() {
        guard let work else { return }
        self.work = nil
        work()
    }
}

/// A binary min-heap of timers by deadline, where every timer knows its index so it can be removed directly.
final class TimerHeapStorage {
    private var heap: [TimerHandle] = []
    private var nextSequence: UInt64 = 0

    var count: Int { heap.count }

    func insert(_ timer: TimerHandle) {
        timer.sequence = nextSequence
        nextSequence &+= 1
        timer.heap = self
        heap.append(timer)
        timer.heapIndex = heap.count - 1
        siftUp(heap.count - 1)
    }

    func popExpired(now: UInt64) -> TimerHandle? {
        guard let top = heap.first, top.deadline <= now else { return nil }
        remove(at: 0)
        return top
    }

    /// How long epoll may sleep: until the earliest timer, or forever (-1).
    func millisecondsUntilNext() -> Int32 {
        guard let top = heap.first else { return -1 }
        let now = MonotonicClock.now
        if top.deadline <= now { return 0 }
        // Rounded up, without adding to a deadline that may be "never" (UInt64.max).
        let remaining = top.deadline - now
        let millis = remaining / 1_000_000 + (remaining % 1_000_000 == 0 ? 0 : 1)
        return Int32(min(millis, 60_000))
    }

    fileprivate func remove(at index: Int) {
        let removed = heap[index]
        removed.heapIndex = -1
        let last = heap.removeLast()
        guard index < heap.count else { return }
        heap[index] = last
        last.heapIndex = index
        siftDown(index)
        siftUp(last.heapIndex)
    }

    private func less(_ a: TimerHandle, _ b: TimerHandle) -> Bool {
        a.deadline != b.deadline ? a.deadline < b.deadline : a.sequence < b.sequence
    }

    private func swapAt(_ i: Int, _ j: Int) {
        heap.swapAt(i, j)
        heap[i].heapIndex = i
        heap[j].heapIndex = j
    }

    private func siftUp(_ index: Int) {
        var child = index
        while child > 0 {
            let parent = (child - 1) / 2
            guard less(heap[child], heap[parent]) else { return }
            swapAt(child, parent)
            child = parent
        }
    }

    private func siftDown(_ index: Int) {
        var parent = index
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var smallest = parent
            if left < heap.count && less(heap[left], heap[smallest]) { smallest = left }
            if right < heap.count && less(heap[right], heap[smallest]) { smallest = right }
            if smallest == parent { return }
            swapAt(parent, smallest)
            parent = smallest
        }
    }
}

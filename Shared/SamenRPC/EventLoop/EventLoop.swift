#if canImport(Glibc)
import Glibc
#endif
import CLinux
import Foundation
import Synchronization

/// Something registered with an event loop for readiness of one file descriptor.
protocol Selectable: AnyObject {
    /// Called on the loop's thread when the descriptor is readable, writable, or has hung up or failed.
    func handleEvent(readable: Bool, writable: Bool, hangup: Bool)
}

/// One thread driving non-blocking sockets through epoll, plus timers and a queue of work.
///
/// Every connection belongs to exactly one loop and its state is touched only on that loop's thread, so the
/// I/O path needs no locks. The loop is also a Swift `TaskExecutor`: tasks started with it as their executor
/// preference (request handlers, a benchmark's callers) run their synchronous parts on this thread, which
/// saves a thread hop per request and lets every response of one loop pass leave in one TLS write.
public final class EventLoop: @unchecked Sendable, TaskExecutor {
    private enum Work {
        case closure(@Sendable () -> Void)
        case job(UnownedJob)
    }

    private let epollFD: Int32
    private let wakeFD: Int32
    private let queue = Mutex<[Work]>([])
    private let name: String
    private let stopped = Atomic<Bool>(false)
    private nonisolated(unsafe) var threadID = pthread_t()
    private let started = Mutex<Bool>(false)

    // Touched only on the loop thread.
    private var selectables: [Int32: Selectable] = [:]
    private let timers = TimerHeapStorage()
    private var flushQueue: [Flushable] = []
    private var runningWork: [Work] = []
    /// When epoll_wait last returned: one clock read per loop pass for what needs only a coarse time (a
    /// connection's last activity), instead of one per frame. Loop thread only.
    private(set) var wakeTime: UInt64 = MonotonicClock.now

    public init(name: String) {
        self.name = name
        epollFD = epoll_create1(Int32(EPOLL_CLOEXEC))
        precondition(epollFD >= 0, "epoll_create1 failed: errno \(errno)")
        wakeFD = eventfd(0, Int32(EFD_NONBLOCK) | Int32(EFD_CLOEXEC))
        precondition(wakeFD >= 0, "eventfd failed: errno \(errno)")
        var event = epoll_event()
        event.events = EPOLLIN.rawValue
        event.data.fd = wakeFD
        precondition(epoll_ctl(epollFD, EPOLL_CTL_ADD, wakeFD, &event) == 0)
    }

    deinit {
        close(wakeFD)
        close(epollFD)
    }

    /// Starts the loop's thread; returns once it runs.
    public func start() {
        let ready = Mutex<Bool>(false)
        let thread = Thread { [self] in
            threadID = pthread_self()
            ready.withLock { $0 = true }
            run()
        }
        thread.name = name
        thread.stackSize = 4 << 20
        thread.start()
        while !ready.withLock({ $0 }) { sched_yield() }
        started.withLock { $0 = true }
    }

    /// Asks the loop to stop after its current pass. Registered descriptors are not closed by this.
    public func stop() {
        stopped.store(true, ordering: .releasing)
        wake()
    }

    /// True on the loop's own thread.
    public var inEventLoop: Bool { pthread_equal(pthread_self(), threadID) != 0 }

    /// Runs `work` on the loop's thread, soon.
    public func execute(_ work: @escaping @Sendable () -> Void) {
        enqueue(.closure(work))
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        enqueue(.job(UnownedJob(job)))
    }

    private func enqueue(_ work: Work) {
        let wasEmpty = queue.withLock { queue in
            queue.append(work)
            return queue.count == 1
        }
        if wasEmpty && !inEventLoop { wake() }
    }

    private func wake() {
        var one: UInt64 = 1
        _ = write(wakeFD, &one, 8)
    }

    // MARK: Loop-thread API

    func register(_ fd: Int32, _ selectable: Selectable, writable: Bool = false) {
        assert(inEventLoop)
        selectables[fd] = selectable
        var event = epoll_event()
        event.events = interest(readable: true, writable: writable)
        event.data.fd = fd
        epoll_ctl(epollFD, EPOLL_CTL_ADD, fd, &event)
    }

    /// What `fd` is watched for; a connection that stops reading (its output is backed up) watches for neither
    /// input nor the peer's half-close, which would otherwise report at once, every pass.
    func setInterest(_ fd: Int32, readable: Bool = true, writable: Bool) {
        assert(inEventLoop)
        var event = epoll_event()
        event.events = interest(readable: readable, writable: writable)
        event.data.fd = fd
        epoll_ctl(epollFD, EPOLL_CTL_MOD, fd, &event)
    }

    func unregister(_ fd: Int32) {
        assert(inEventLoop)
        selectables[fd] = nil
        epoll_ctl(epollFD, EPOLL_CTL_DEL, fd, nil)
    }

    private func interest(readable: Bool, writable: Bool) -> UInt32 {
        (readable ? EPOLLIN.rawValue | EPOLLRDHUP.rawValue : 0) | (writable ? EPOLLOUT.rawValue : 0)
    }

    /// Runs `work` on this loop after `delay`; the handle cancels it. Call on the loop thread.
    @discardableResult
    func schedule(after delay: Duration, _ work: @escaping () -> Void) -> TimerHandle {
        assert(inEventLoop)
        let handle = TimerHandle(deadline: MonotonicClock.deadline(after: delay), work: work)
        timers.insert(handle)
        return handle
    }

    /// Schedules `flushable.flush()` for the end of the current loop pass, once however often it is asked.
    func scheduleFlush(_ flushable: Flushable) {
        assert(inEventLoop)
        guard !flushable.flushScheduled else { return }
        flushable.flushScheduled = true
        flushQueue.append(flushable)
    }

    // MARK: The loop

    private func run() {
        var events = [epoll_event](repeating: epoll_event(), count: 256)
        while !stopped.load(ordering: .acquiring) {
            runQueuedWork()
            runExpiredTimers()
            runQueuedWork()
            flushPending()
            let pending = queue.withLock { !$0.isEmpty }
            let timeout: Int32 = pending ? 0 : timers.millisecondsUntilNext()
            let count = events.withUnsafeMutableBufferPointer { epoll_wait(epollFD, $0.baseAddress, Int32($0.count), timeout) }
            wakeTime = MonotonicClock.now
            guard count > 0 else { continue }
            for index in 0..<Int(count) {
                let event = events[index]
                let fd = event.data.fd
                if fd == wakeFD {
                    var value: UInt64 = 0
                    _ = read(wakeFD, &value, 8)
                    continue
                }
                guard let selectable = selectables[fd] else { continue }
                let flags = event.events
                selectable.handleEvent(
                    readable: flags & EPOLLIN.rawValue != 0,
                    writable: flags & EPOLLOUT.rawValue != 0,
                    hangup: flags & (EPOLLHUP.rawValue | EPOLLERR.rawValue | EPOLLRDHUP.rawValue) != 0)
            }
        }
        // Leave nothing half-run: work queued before stop still executes (it may complete continuations).
        runQueuedWork()
    }

    private func runQueuedWork() {
        // Bounded so that a task that keeps re-enqueueing itself cannot starve I/O.
        for _ in 0..<64 {
            // Swap the shared queue with the (empty) batch array so both keep their storage.
            queue.withLock { swap(&$0, &runningWork) }
            if runningWork.isEmpty { return }
            for work in runningWork {
                switch work {
                case .closure(let closure): closure()
                case .job(let job): job.runSynchronously(on: asUnownedTaskExecutor())
                }
            }
            runningWork.removeAll(keepingCapacity: true)
        }
    }

    private func runExpiredTimers() {
        let now = MonotonicClock.now
        while let timer = timers.popExpired(now: now) {
            timer.fire()
        }
    }

    private func flushPending() {
        var index = 0
        // A flush may schedule more flushes (e.g. closing after an error); take them in the same pass.
        while index < flushQueue.count {
            let flushable = flushQueue[index]
            flushable.flushScheduled = false
            flushable.flush()
            index += 1
        }
        flushQueue.removeAll(keepingCapacity: true)
    }
}

/// Something that buffers output and writes it once per loop pass.
protocol Flushable: AnyObject {
    var flushScheduled: Bool { get set }
    func flush()
}

extension EventLoop {
    /// Runs `work` right away when already on the loop thread (not nested in loop callbacks), else enqueues it.
    func runOnLoop(_ work: @escaping @Sendable () -> Void) {
        if inEventLoop { work() } else { execute(work) }
    }
}

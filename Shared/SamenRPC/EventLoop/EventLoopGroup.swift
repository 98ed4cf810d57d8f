#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// A fixed set of event loops, one per core by default; new connections are spread over them in turn.
public final class EventLoopGroup: Sendable {
    public let loops: [EventLoop]
    private let nextIndex = Atomic<Int>(0)

    public init(loopCount: Int = System.coreCount, name: String = "samen-loop") {
        loops = (0..<max(1, loopCount)).map { EventLoop(name: "\(name)-\($0)") }
        for loop in loops { loop.start() }
    }

    public func next() -> EventLoop {
        let index = nextIndex.add(1, ordering: .relaxed).oldValue
        return loops[index % loops.count]
    }

    public func shutdown() {
        for loop in loops { loop.stop() }
    }
}

/// Facts about the machine the process runs on.
public enum System {
    public static var coreCount: Int {
        #if canImport(Glibc)
        return Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
        #else
        return 2
        #endif
    }
}

#if canImport(Glibc)
import Glibc
#endif
import Dispatch
import Foundation
import SamenTLS
import SamenWire
import Synchronization

extension System {
    /// Writing to a socket the peer closed must be an error return, not a process-killing SIGPIPE.
    public static func ignoreBrokenPipes() {
        signal(SIGPIPE, SIG_IGN)
    }
}

/// Waits for one of a set of signals without installing a process-wide handler function.
public enum SignalWaiter {
    /// Holds the dispatch sources until one fires; they are touched only on the waiter's serial queue.
    private final class Sources: @unchecked Sendable {
        var sources: [DispatchSourceSignal] = []
        var fired = false
    }

    public static func wait(for signals: [Int32]) async {
        let queue = DispatchQueue(label: "samen.signals")
        let holder = Sources()
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            queue.sync {
                for number in signals {
                    signal(number, SIG_IGN)
                    let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
                    source.setEventHandler {
                        guard !holder.fired else { return }
                        holder.fired = true
                        for source in holder.sources { source.cancel() }
                        continuation.resume()
                    }
                    holder.sources.append(source)
                    source.resume()
                }
            }
        }
    }
}

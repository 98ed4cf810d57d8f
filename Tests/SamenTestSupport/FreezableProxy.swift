#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Synchronization

/// A loopback TCP proxy that can stop forwarding without closing anything: from either end the peer looks
/// alive at the TCP level but never answers, which is what a dead or partitioned peer looks like.
public final class FreezableProxy: Sendable {
    public let port: Int
    private let listener: Int32
    private let target: Int
    private let frozen = Atomic<Bool>(false)
    private let repliesHeld = Atomic<Bool>(false)
    private let stopped = Atomic<Bool>(false)

    public init(targetPort: Int) throws {
        target = targetPort
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.listener = listener
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var one: Int32 = 1
        setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(listener, 16) == 0 else { throw LoopbackError("proxy cannot listen") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) }
        }
        port = Int(UInt16(bigEndian: address.sin_port))
        Thread.detachNewThread { [self] in
            while !stopped.load(ordering: .relaxed) {
                let client = accept(listener, nil, nil)
                guard client >= 0 else { return }
                let upstream = Loopback.connect(port: target)
                guard upstream >= 0 else { close(client); continue }
                Thread.detachNewThread { self.pump(from: client, to: upstream, replies: false) }
                Thread.detachNewThread { self.pump(from: upstream, to: client, replies: true) }
            }
        }
    }

    public func freeze() { frozen.store(true, ordering: .relaxed) }

    /// Forwards again what was held while frozen, and everything after: a healed link.
    public func thaw() { frozen.store(false, ordering: .relaxed) }

    /// Holds back (without losing) what the server sends while true; what the client sends still flows.
    public func holdReplies(_ hold: Bool) { repliesHeld.store(hold, ordering: .relaxed) }

    public func stop() {
        stopped.store(true, ordering: .relaxed)
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    private func pump(from source: Int32, to destination: Int32, replies: Bool) {
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while !stopped.load(ordering: .relaxed) {
            if frozen.load(ordering: .relaxed) || (replies && repliesHeld.load(ordering: .relaxed)) {
                usleep(20_000)
                continue
            }
            var poller = pollfd(fd: source, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 50) >= 0 else { break }
            // Held or frozen while polling: what arrived stays unread until released.
            if poller.revents == 0 || frozen.load(ordering: .relaxed) || (replies && repliesHeld.load(ordering: .relaxed)) { continue }
            let count = read(source, &buffer, buffer.count)
            if count <= 0 { break }
            var offset = 0
            while offset < count {
                let written = buffer[offset..<count].withUnsafeBytes { write(destination, $0.baseAddress, $0.count) }
                if written <= 0 { break }
                offset += written
            }
        }
        if !frozen.load(ordering: .relaxed) {
            shutdown(destination, Int32(SHUT_WR))
        }
    }
}

#if canImport(Glibc)
import Glibc
#endif
import Dispatch
import Foundation

/// The process's open-file limit (RLIMIT_NOFILE), which bounds how many connections a server can hold.
///
/// Many systems start processes with a soft limit of 1,024 while the hard limit is far higher; a server raises
/// its soft limit to the hard one when it starts, unless the environment variable `SAMEN_OPEN_FILE_LIMIT` says
/// otherwise: `hard` (the default), `keep` (leave it as given, e.g. a test's small limit), or a number (raise to at
/// most that, never above the hard limit, never lower than given).
public enum OpenFileLimit {
    public static let environmentVariable = "SAMEN_OPEN_FILE_LIMIT"

    /// What the limit was and is after `apply`.
    public struct Change: Equatable, Sendable {
        public var before: Int
        public var after: Int
        public var hard: Int
    }

    /// The (soft, hard) limits now; a limit of "unlimited" reads as Int.max.
    public static var current: (soft: Int, hard: Int) {
        var limit = rlimit()
        guard getrlimit(RLIMIT_NOFILE_VALUE, &limit) == 0 else { return (1024, 1024) }
        return (clamp(limit.rlim_cur), clamp(limit.rlim_max))
    }

    /// Applies the policy named by `setting` (the environment variable's value, nil for the default).
    public static func apply(setting: String?) throws(RPCError) -> Change {
        let (soft, hard) = current
        let target: Int
        switch setting?.trimmingCharacters(in: .whitespaces).lowercased() {
        case nil, "", "hard":
            target = hard
        case "keep":
            target = soft
        case let text?:
            guard let number = Int(text), number >= 1 else {
                throw RPCError(.invalidArgument, "\(environmentVariable) must be hard, keep or a positive number of files, found '\(text)'")
            }
            target = min(max(number, soft), hard)
        }
        guard target > soft else { return Change(before: soft, after: soft, hard: hard) }
        var limit = rlimit()
        limit.rlim_cur = rlim_t(target)
        limit.rlim_max = hard == Int.max ? rlim_t.max : rlim_t(hard)
        guard setrlimit(RLIMIT_NOFILE_VALUE, &limit) == 0 else { return Change(before: soft, after: soft, hard: hard) }
        return Change(before: soft, after: target, hard: hard)
    }

    /// Descriptors this process has open now (counted in /proc/self/fd; 0 where that is unavailable).
    static func descriptorsInUse() -> Int {
        guard let directory = opendir("/proc/self/fd") else { return 0 }
        defer { closedir(directory) }
        var count = 0
        // The name is read where it lies, never by loading `entry.pointee`: a record is only as long as its name, so
        // copying a whole `dirent` can read past the end of the kernel's buffer (a crash at a page boundary, seen).
        let nameOffset = MemoryLayout<dirent>.offset(of: \dirent.d_name)!
        while let entry = readdir(directory) {
            let name = UnsafeRawPointer(entry).advanced(by: nameOffset).assumingMemoryBound(to: CChar.self)
            if strcmp(name, ".") != 0 && strcmp(name, "..") != 0 { count += 1 }
        }
        // The directory stream itself holds one while counting.
        return max(0, count - 1)
    }

    /// Connections that fit: half the descriptors still free. The rest is for connections evicted but not yet
    /// closed (up to the handshake budget), the process's own files and outgoing connections, and the listener's
    /// reserve, so that running out hits the accept path first, where it is handled.
    static func connectionRoom(soft: Int, inUse: Int) -> Int {
        max(1, max(0, soft - inUse) / 2)
    }

    /// libdispatch sets up its epoll instance and timer descriptors on first use and crashes if it cannot; using a
    /// timer of each clock at start, while descriptors are plentiful, means it never meets EMFILE later.
    static func prepareDispatch() {
        let queue = DispatchQueue.global(qos: .utility)
        queue.asyncAfter(deadline: .now() + .milliseconds(1)) {}
        queue.asyncAfter(wallDeadline: .now() + .milliseconds(1)) {}
        Task.detached {
            try? await Task.sleep(for: .milliseconds(1))
            try? await Task.sleep(until: .now + .milliseconds(1), clock: SuspendingClock())
        }
    }

    /// RLIM_INFINITY (all ones on Linux) does not import into Swift; `rlim_t.max` is the same value.
    private static func clamp(_ value: rlim_t) -> Int {
        value == rlim_t.max || value > rlim_t(Int.max) ? Int.max : Int(value)
    }

    private static var RLIMIT_NOFILE_VALUE: __rlimit_resource_t {
        #if canImport(Glibc)
        return __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
        #endif
    }
}

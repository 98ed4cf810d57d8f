#if canImport(Glibc)
import Glibc
#endif
import CLinux

/// Thin, typed wrappers over the BSD socket calls the runtime needs; every socket is non-blocking.
enum Socket {
    /// Opens a listening socket; returns it and the port actually bound (useful with port 0).
    static func listen(on endpoint: Endpoint, backlog: Int32 = 1024) throws(RPCError) -> (fd: Int32, port: Int) {
        var address = try resolve(endpoint).storage
        let fd = socket(Int32(address.ss_family), Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw systemError("socket", endpoint) }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        let length = socklen_t(address.ss_family == sa_family_t(AF_INET6) ? MemoryLayout<sockaddr_in6>.size : MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        guard bound == 0 else {
            let error = systemError("bind", endpoint)
            close(fd)
            throw error
        }
        guard Glibc.listen(fd, backlog) == 0 else {
            let error = systemError("listen", endpoint)
            close(fd)
            throw error
        }
        return (fd, localPort(fd))
    }

    /// Starts a non-blocking connect to an already resolved address; completion shows as writability, then
    /// `pendingError` tells the outcome.
    static func connect(to endpoint: Endpoint, address: ResolvedAddress) throws(RPCError) -> Int32 {
        var address = address.storage
        let fd = socket(Int32(address.ss_family), Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw systemError("socket", endpoint) }
        setNoDelay(fd)
        let length = socklen_t(address.ss_family == sa_family_t(AF_INET6) ? MemoryLayout<sockaddr_in6>.size : MemoryLayout<sockaddr_in>.size)
        let result = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, length) } }
        if result != 0 && errno != EINPROGRESS {
            let error = systemError("connect", endpoint)
            close(fd)
            throw error
        }
        return fd
    }

    /// What one `accept` call found.
    enum AcceptResult {
        case accepted(fd: Int32, peer: String)
        /// Nothing is waiting.
        case wouldBlock
        /// The process or system is out of descriptors or memory: retrying at once would only spin.
        case exhausted(errno: Int32)
        /// This one connection failed (reset before it was accepted, ...); others may be waiting.
        case failed(errno: Int32)
    }

    /// Accepts one pending connection, already non-blocking.
    static func accept(_ listener: Int32) -> AcceptResult {
        var address = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let fd = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { samen_accept4(listener, $0, &length, Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue)) }
        }
        guard fd >= 0 else {
            let code = errno
            switch code {
            case EAGAIN, EWOULDBLOCK: return .wouldBlock
            case EMFILE, ENFILE, ENOBUFS, ENOMEM: return .exhausted(errno: code)
            default: return .failed(errno: code)
            }
        }
        setNoDelay(fd)
        return .accepted(fd: fd, peer: describe(address))
    }

    static func setNoDelay(_ fd: Int32) {
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
    }

    /// The error of a finished non-blocking connect (0 on success).
    static func pendingError(_ fd: Int32) -> Int32 {
        var error: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length)
        return error
    }

    static func localPort(_ fd: Int32) -> Int {
        var address = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        return port(of: address)
    }

    /// Resolves a host name or IP literal to its first address. DNS resolution blocks; callers do it off the loop.
    static func resolve(_ endpoint: Endpoint) throws(RPCError) -> ResolvedAddress {
        if let literal = literalAddress(endpoint) { return literal }
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var result: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(endpoint.host, String(endpoint.port), &hints, &result)
        guard status == 0, let first = result else {
            throw RPCError(.unavailable, "cannot resolve host '\(endpoint.host)': \(String(cString: gai_strerror(status)))")
        }
        defer { freeaddrinfo(result) }
        var storage = sockaddr_storage()
        withUnsafeMutableBytes(of: &storage) { target in
            target.copyMemory(from: UnsafeRawBufferPointer(start: first.pointee.ai_addr, count: Int(first.pointee.ai_addrlen)))
        }
        return ResolvedAddress(storage: storage)
    }

    /// The address without any lookup when the host is an IPv4 or IPv6 literal; nil for a name.
    static func literalAddress(_ endpoint: Endpoint) -> ResolvedAddress? {
        var storage = sockaddr_storage()
        var v4 = in_addr()
        var v6 = in6_addr()
        if inet_pton(AF_INET, endpoint.host, &v4) == 1 {
            withUnsafeMutablePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_in.self, capacity: 1) {
                    $0.pointee.sin_family = sa_family_t(AF_INET)
                    $0.pointee.sin_port = in_port_t(UInt16(endpoint.port).bigEndian)
                    $0.pointee.sin_addr = v4
                }
            }
            return ResolvedAddress(storage: storage)
        }
        if inet_pton(AF_INET6, endpoint.host, &v6) == 1 {
            withUnsafeMutablePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) {
                    $0.pointee.sin6_family = sa_family_t(AF_INET6)
                    $0.pointee.sin6_port = in_port_t(UInt16(endpoint.port).bigEndian)
                    $0.pointee.sin6_addr = v6
                }
            }
            return ResolvedAddress(storage: storage)
        }
        return nil
    }

    static func describe(_ address: sockaddr_storage) -> String {
        var address = address
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        if address.ss_family == sa_family_t(AF_INET6) {
            return withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { pointer -> String in
                    var addr = pointer.pointee.sin6_addr
                    inet_ntop(AF_INET6, &addr, &buffer, socklen_t(buffer.count))
                    return "[\(String(cString: buffer))]:\(UInt16(bigEndian: pointer.pointee.sin6_port))"
                }
            }
        }
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { pointer -> String in
                var addr = pointer.pointee.sin_addr
                inet_ntop(AF_INET, &addr, &buffer, socklen_t(buffer.count))
                return "\(String(cString: buffer)):\(UInt16(bigEndian: pointer.pointee.sin_port))"
            }
        }
    }

    private static func port(of address: sockaddr_storage) -> Int {
        var address = address
        return withUnsafePointer(to: &address) { pointer -> Int in
            if pointer.pointee.ss_family == sa_family_t(AF_INET6) {
                return pointer.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { Int(UInt16(bigEndian: $0.pointee.sin6_port)) }
            }
            return pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { Int(UInt16(bigEndian: $0.pointee.sin_port)) }
        }
    }

    private static func systemError(_ call: String, _ endpoint: Endpoint) -> RPCError {
        let code = errno
        return RPCError(.unavailable, "\(call) \(endpoint) failed: \(String(cString: strerror(code)))")
    }
}

/// A socket address that was resolved once, to be carried from the resolving thread to the event loop.
struct ResolvedAddress: @unchecked Sendable {
    var storage: sockaddr_storage
}

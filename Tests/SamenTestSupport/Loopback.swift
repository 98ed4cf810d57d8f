#if canImport(Glibc)
import Glibc
#endif

/// Plain TCP to 127.0.0.1, for the hand-made clients and the proxy.
public enum Loopback {
    /// A blocking TCP connection to 127.0.0.1:`port`, or -1.
    public static func connect(port: Int) -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return -1 }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        if result != 0 {
            close(fd)
            return -1
        }
        return fd
    }
}

/// A loopback socket step that failed in a test helper.
public struct LoopbackError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

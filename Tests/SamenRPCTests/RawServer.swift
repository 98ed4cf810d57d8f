#if canImport(Glibc)
import Glibc
#endif
import COpenSSL
import Foundation
import SamenTLS
import SamenWire
import SamenTestSupport

/// A blocking TLS server for one connection that speaks frames by hand, for what a well-behaved server never
/// does to a client: flooding it, never reading its answers.
final class RawServer: @unchecked Sendable {
    let port: Int
    private let listener: Int32
    private let context: TLSContext
    private var fd: Int32 = -1
    private var ssl: OpaquePointer?
    private var reader = FrameReader(maximumFrameSize: 64 << 20)

    init(mesh: TestMesh, identity: ServiceIdentity) throws {
        context = try TLSContext(role: .server, credentials: mesh.credentials(identity))
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(listener, pointer, length) == 0 && listen(listener, 1) == 0 && getsockname(listener, pointer, &length) == 0
            }
        }
        guard bound else {
            close(listener)
            throw RawClientError("cannot listen")
        }
        self.listener = listener
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    deinit {
        if let ssl { SSL_free(ssl) }
        if fd >= 0 { close(fd) }
        close(listener)
    }

    /// Accepts one connection, completes TLS, reads the preface and the client's HELLO and answers with its own.
    func acceptAndOpen() throws {
        fd = accept(listener, nil, nil)
        guard fd >= 0 else { throw RawClientError("accept failed") }
        BlockingTLS.setTimeout(fd, SO_RCVTIMEO, seconds: 10)
        BlockingTLS.setTimeout(fd, SO_SNDTIMEO, seconds: 10)
        let ssl = try context.makeSSL(fd: fd, serverName: nil)
        self.ssl = ssl
        guard SSL_do_handshake(ssl) == 1 else { throw RawClientError("handshake failed") }
        var preface = [UInt8](repeating: 0, count: Preface.bytes.count)
        guard preface.withUnsafeMutableBytes({ SSL_read(ssl, $0.baseAddress, Int32($0.count)) }) == Int32(Preface.bytes.count),
              preface == Preface.bytes else { throw RawClientError("no preface") }
        guard try readFrame()?.type == .hello else { throw RawClientError("expected HELLO") }
        var bytes: [UInt8] = []
        Frame(type: .hello, streamID: 0, body: Hello(maximumFrameSize: 64 << 20, maximumConcurrentRequests: 100).encode()).encode(into: &bytes)
        try write(bytes)
    }

    func setReceiveTimeout(seconds: Int) {
        BlockingTLS.setTimeout(fd, SO_RCVTIMEO, seconds: seconds)
    }

    func write(_ bytes: [UInt8]) throws {
        try BlockingTLS.write(ssl, bytes)
    }

    /// The next frame, or nil when nothing arrived within the receive timeout or the connection ended.
    func readFrame() throws -> Frame? {
        while true {
            if case .frame(let frame)? = try reader.next() { return frame }
            var chunk = [UInt8](repeating: 0, count: 64 * 1024)
            let count = chunk.withUnsafeMutableBytes { SSL_read(ssl, $0.baseAddress, Int32($0.count)) }
            guard count > 0 else { return nil }
            reader.append(Array(chunk[0..<Int(count)]))
        }
    }
}

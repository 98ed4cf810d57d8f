import COpenSSL
import Foundation
import XCTest
@testable import SamenTLS

/// Certificates for tests, generated fresh every run.
struct MeshFixture {
    let ca: CertificateAuthority
    let serverIdentity: ServiceIdentity
    let clientIdentity: ServiceIdentity
    let server: IssuedCertificate
    let client: IssuedCertificate

    init() throws {
        ca = try CertificateAuthority.generate(commonName: "Samen Test CA")
        serverIdentity = try ServiceIdentity(region: "be", service: "registry", instance: "r1")
        clientIdentity = try ServiceIdentity(region: "be", service: "portal", instance: "p1")
        server = try ca.issue(CertificateRequest(commonName: "registry", identity: serverIdentity,
                                                 dnsNames: ["localhost"], ipAddresses: ["127.0.0.1", "::1"]))
        client = try ca.issue(CertificateRequest(commonName: "portal", identity: clientIdentity))
    }

    func serverContext(options: TLSOptions = TLSOptions()) throws -> TLSContext {
        try TLSContext(role: .server, credentials: server.credentials(trusting: ca), options: options)
    }

    func clientContext(options: TLSOptions = TLSOptions()) throws -> TLSContext {
        try TLSContext(role: .client, credentials: client.credentials(trusting: ca), options: options)
    }
}

/// What one side of a test handshake saw.
struct HandshakeSide: Sendable {
    var handshakeSucceeded = false
    /// Application data went both ways after the handshake (with TLS 1.3 a client can finish its
    /// handshake before the server rejects its certificate, so this is the real "accepted").
    var exchangedData = false
    var version: Int32 = 0
    var peerIdentity: ServiceIdentity?
    var peerIdentityError: String?
    var failure: String?
}

/// Lets values cross into the server thread; each is touched by one thread at a time, ordered by the semaphore.
final class Box<Value>: @unchecked Sendable {
    var value: Value
    init(_ value: Value) { self.value = value }
}

enum Handshake {
    /// Runs a blocking handshake over a socketpair: SSL_accept on a background thread, SSL_connect
    /// here, then a ping/pong. Socket timeouts keep a stuck handshake from hanging the suite.
    static func run(server: TLSContext, client: TLSContext, serverName: String?,
                    file: StaticString = #filePath, line: UInt = #line) throws -> (server: HandshakeSide, client: HandshakeSide) {
        signal(SIGPIPE, SIG_IGN)
        var fds: [Int32] = [-1, -1]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &fds) == 0 else {
            throw TLSError("socketpair failed: \(String(cString: strerror(errno)))")
        }
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        for fd in fds {
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        }
        let serverFD = fds[0], clientFD = fds[1]
        let serverResult = Box(HandshakeSide())
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            serverResult.value = runSide(context: server, fd: serverFD, serverName: nil)
            close(serverFD)
            done.signal()
        }
        thread.start()

        let clientResult = runSide(context: client, fd: clientFD, serverName: serverName)
        close(clientFD)
        if done.wait(timeout: .now() + 15) == .timedOut {
            XCTFail("server side of the handshake did not finish", file: file, line: line)
        }
        return (serverResult.value, clientResult)
    }

    /// One side of the handshake, then a ping from the client and a pong from the server over the channel.
    /// `makeSSL` has already put the SSL into accept or connect state, so `SSL_do_handshake` serves both roles.
    private static func runSide(context: TLSContext, fd: Int32, serverName: String?) -> HandshakeSide {
        var side = HandshakeSide()
        let ssl: OpaquePointer
        do { ssl = try context.makeSSL(fd: fd, serverName: serverName) } catch {
            side.failure = "\(error)"
            return side
        }
        defer { SSL_free(ssl) }
        guard SSL_do_handshake(ssl) == 1 else {
            side.failure = PeerVerification.describeHandshakeFailure(ssl)
            return side
        }
        side.handshakeSucceeded = true
        side.version = SSL_version(ssl)
        record(peerOf: ssl, into: &side)
        let isServer = context.role == .server
        var buffer = [UInt8](repeating: 0, count: 4)
        let exchanged = isServer
            ? SSL_read(ssl, &buffer, 4) == 4 && buffer == Array("ping".utf8) && SSL_write(ssl, "pong", 4) == 4
            : SSL_write(ssl, "ping", 4) == 4 && SSL_read(ssl, &buffer, 4) == 4 && buffer == Array("pong".utf8)
        if exchanged {
            side.exchangedData = true
            if isServer { _ = SSL_shutdown(ssl) }
        } else {
            side.failure = PeerVerification.describeHandshakeFailure(ssl)
        }
        return side
    }

    private static func record(peerOf ssl: OpaquePointer, into side: inout HandshakeSide) {
        do { side.peerIdentity = try PeerVerification.peerIdentity(of: ssl) } catch {
            side.peerIdentityError = "\(error)"
        }
    }
}

/// Direct OpenSSL parsing for assertions, independent of the module's own helpers.
enum OpenSSLTestHelpers {
    static func readCertificate(_ pem: String) -> OpaquePointer? {
        let bytes = Array(pem.utf8)
        return bytes.withUnsafeBytes { buffer -> OpaquePointer? in
            guard let bio = BIO_new_mem_buf(buffer.baseAddress, Int32(buffer.count)) else { return nil }
            defer { BIO_free(bio) }
            return PEM_read_bio_X509(bio, nil, nil, nil)
        }
    }

    static func date(_ time: UnsafePointer<ASN1_TIME>?) -> Date? {
        guard let time else { return nil }
        var parts = tm()
        guard ASN1_TIME_to_tm(time, &parts) == 1 else { return nil }
        return Date(timeIntervalSince1970: TimeInterval(timegm(&parts)))
    }
}

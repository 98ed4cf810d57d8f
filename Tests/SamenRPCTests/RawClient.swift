#if canImport(Glibc)
import Glibc
#endif
import COpenSSL
import Foundation
import SamenCodec
import SamenTLS
import SamenWire
import SamenTestSupport
import XCTest

/// A blocking TLS client that speaks frames by hand, for sending what a well-behaved client never would:
/// bad prefaces, malformed heads, oversized frames, compression bombs.
final class RawClient {
    private let fd: Int32
    private let ssl: OpaquePointer
    private var reader = FrameReader(maximumFrameSize: 64 << 20)
    private var nextStreamID: UInt32 = 1
    /// Frames of other streams read while waiting for one stream's answer, oldest first: the server answers calls
    /// in the order they finish, not the order they were sent, so these are read again before the socket.
    private var unclaimed: [Frame] = []

    init(port: Int, credentials: TLSCredentials) throws {
        let fd = Loopback.connect(port: port)
        guard fd >= 0 else { throw RawClientError("connect failed") }
        self.fd = fd
        BlockingTLS.setTimeout(fd, SO_RCVTIMEO, seconds: 10)
        BlockingTLS.setTimeout(fd, SO_SNDTIMEO, seconds: 10)
        let context = try TLSContext(role: .client, credentials: credentials)
        ssl = try context.makeSSL(fd: fd, serverName: "127.0.0.1")
        guard SSL_do_handshake(ssl) == 1 else { throw RawClientError("handshake failed") }
    }

    deinit {
        SSL_free(ssl)
        close(fd)
    }

    /// How long a blocked write waits before it fails (10 s unless a test shortens it to detect a stall).
    func setSendTimeout(seconds: Int) {
        BlockingTLS.setTimeout(fd, SO_SNDTIMEO, seconds: seconds)
    }

    func write(_ bytes: [UInt8]) throws {
        try BlockingTLS.write(ssl, bytes)
    }

    /// Preface and HELLO, then the server's HELLO.
    func open(hello: Hello = Hello(maximumFrameSize: 64 << 20, maximumConcurrentRequests: 100)) throws -> Hello {
        try write(Preface.bytes)
        try send(Frame(type: .hello, streamID: 0, body: hello.encode()))
        let answer = try readFrame()
        guard answer.type == .hello else { throw RawClientError("expected HELLO, got \(answer.rawType)") }
        return try Hello.decode(answer.body)
    }

    func send(_ frame: Frame) throws {
        var bytes: [UInt8] = []
        frame.encode(into: &bytes)
        try write(bytes)
    }

    /// Sends a REQUEST with `payload` as it is (flags let a test claim compression) and returns its stream id.
    @discardableResult
    func request(_ method: String, payload: [UInt8], flags: FrameFlags = [], timeoutMicroseconds: UInt64 = 0) throws -> UInt32 {
        try request(RequestHead(method: method, timeoutMicroseconds: timeoutMicroseconds, requestID: "raw-\(nextStreamID)"),
                    payload: payload, flags: flags)
    }

    /// Sends a REQUEST with a head built by the test (any request id, metadata, timeout) and returns its stream id.
    @discardableResult
    func request(_ head: RequestHead, payload: [UInt8], flags: FrameFlags = []) throws -> UInt32 {
        let streamID = nextStreamID
        nextStreamID += 1
        var body: [UInt8] = []
        head.encode(into: &body)
        body.append(contentsOf: payload)
        try send(Frame(type: .request, flags: flags, streamID: streamID, body: body))
        return streamID
    }

    /// The next frame: one put back while waiting for another stream, else one from the socket.
    func readFrame() throws -> Frame {
        if !unclaimed.isEmpty { return unclaimed.removeFirst() }
        return try readFrameFromSocket()
    }

    private func readFrameFromSocket() throws -> Frame {
        while true {
            if case .frame(let frame)? = try reader.next() { return frame }
            var chunk = [UInt8](repeating: 0, count: 64 * 1024)
            let count = chunk.withUnsafeMutableBytes { SSL_read(ssl, $0.baseAddress, Int32($0.count)) }
            guard count > 0 else { throw RawClientError("connection closed (SSL_read \(count))") }
            reader.append(Array(chunk[0..<Int(count)]))
        }
    }

    /// The next frame of `streamID`; frames of other streams are kept for their own readers, connection frames
    /// (stream 0: PING, GOAWAY) are skipped.
    private func nextFrame(of streamID: UInt32) throws -> Frame {
        if let index = unclaimed.firstIndex(where: { $0.streamID == streamID }) { return unclaimed.remove(at: index) }
        while true {
            let frame = try readFrameFromSocket()
            if frame.streamID == streamID { return frame }
            if frame.streamID != 0 { unclaimed.append(frame) }
        }
    }

    /// Reads frames until the RESPONSE for `streamID`, and returns its head and payload.
    func response(for streamID: UInt32) throws -> (ResponseHead, [UInt8]) {
        while true {
            let frame = try nextFrame(of: streamID)
            guard frame.type == .response else { continue }
            var reader = ByteReader(frame.body, context: "RESPONSE")
            let head = try ResponseHead.decode(&reader)
            return (head, Array(reader.readRest()))
        }
    }

    /// Reads frames until the STREAM_END for `streamID`; returns the items before it and its head.
    func stream(for streamID: UInt32) throws -> (items: [Frame], end: ResponseHead) {
        var items: [Frame] = []
        while true {
            let frame = try nextFrame(of: streamID)
            if frame.type == .streamItem {
                items.append(frame)
                continue
            }
            guard frame.type == .streamEnd else { throw RawClientError("expected STREAM_END, got \(frame.rawType)") }
            var reader = ByteReader(frame.body, context: "STREAM_END")
            return (items, try ResponseHead.decode(&reader))
        }
    }

    /// Every frame until the server closes the connection, answering each PING with PONG when `answeringPings`.
    /// Throws if the connection is still open when the socket's receive timeout (10 s) runs out.
    func framesUntilClosed(answeringPings: Bool = false) throws -> [Frame] {
        var frames = unclaimed
        unclaimed = []
        while true {
            if case .frame(let frame)? = try reader.next() {
                frames.append(frame)
                if answeringPings && frame.type == .ping { try send(Frame(type: .pong, streamID: 0, body: frame.body)) }
                continue
            }
            var chunk = [UInt8](repeating: 0, count: 64 * 1024)
            let count = chunk.withUnsafeMutableBytes { SSL_read(ssl, $0.baseAddress, Int32($0.count)) }
            if count > 0 {
                reader.append(Array(chunk[0..<Int(count)]))
                continue
            }
            // A receive timeout shows as "want read"; anything else is the end of the connection.
            if SSL_get_error(ssl, count) == SSL_ERROR_WANT_READ { throw RawClientError("still open after the receive timeout") }
            return frames
        }
    }

    /// True when the server closed the connection (after an ERROR frame, if it sent one).
    func readUntilClosed() -> ConnectionError? {
        var error: ConnectionError?
        while let frame = try? readFrame() {
            if frame.type == .error { error = try? ConnectionError.decode(frame.body) }
        }
        return error
    }
}

extension RawClient {
    /// The connection still serves calls: an echo (`TestAPI.echo`) comes back with its text.
    func assertEchoWorks(file: StaticString = #filePath, line: UInt = #line) throws {
        let id = try request(TestAPI.echo.name, payload: try BinaryEncoder().encode(TestMessage(text: "still alive")))
        let (head, payload) = try response(for: id)
        XCTAssertEqual(head.status, .ok, head.message, file: file, line: line)
        XCTAssertEqual(try BinaryDecoder().decode(TestMessage.self, from: payload).text, "still alive", file: file, line: line)
    }
}

/// Blocking socket and TLS steps shared by the hand-made client and server.
enum BlockingTLS {
    /// `option` is SO_RCVTIMEO or SO_SNDTIMEO: how long a blocked read or write waits before it fails.
    static func setTimeout(_ fd: Int32, _ option: Int32, seconds: Int) {
        var timeout = timeval(tv_sec: seconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, option, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    /// Writes all of `bytes`, or throws.
    static func write(_ ssl: OpaquePointer?, _ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { SSL_write(ssl, $0.baseAddress, Int32($0.count)) }
            guard written > 0 else { throw RawClientError("write failed") }
            offset += Int(written)
        }
    }
}

struct RawClientError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

import SamenWire

/// Carries a streaming handler's encoded items to its connection, on the connection's loop.
final class ServerStreamSink: Sendable {
    private let loop: EventLoop
    private let streamID: UInt32
    private nonisolated(unsafe) weak var session: ServerSession?

    init(loop: EventLoop, streamID: UInt32, session: ServerSession) {
        self.loop = loop
        self.streamID = streamID
        self.session = session
    }

    func send(_ payload: [UInt8]) async throws {
        try await withUnsafeThrowingContinuation { (continuation: UnsafeContinuation<Void, any Error>) in
            loop.runOnLoop { [self] in
                guard let session else {
                    continuation.resume(throwing: RPCError(.cancelled, "the stream ended: the caller cancelled or the connection closed"))
                    return
                }
                if let error = session.sendStreamItem(streamID: streamID, payload: payload) {
                    continuation.resume(throwing: error)
                    return
                }
                session.connection.whenWritable { continuation.resume() }
            }
        }
    }
}

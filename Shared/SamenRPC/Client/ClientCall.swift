import SamenWire
import Synchronization

/// One call on the client side, from the moment it is made until its outcome is delivered.
/// Created on the caller's task, then touched only on the client's loop.
final class ClientCall: @unchecked Sendable {
    enum Sink {
        case unary(UnsafeContinuation<[UInt8], any Error>)
        case stream(AsyncThrowingStream<[UInt8], any Error>.Continuation)
    }

    let method: String
    /// The REQUEST frame; the session writes the stream id into bytes 6...9 when it sends it. Kept until the call
    /// finishes, so that a call a server's GOAWAY shows was not processed can be sent again on a new connection.
    var frame: [UInt8]
    /// Set when the call was sent again after a GOAWAY; a second GOAWAY fails it rather than looping.
    var wasResent = false
    let timeout: Duration?
    var sink: Sink?
    var streamID: UInt32 = 0
    /// Set while the call is on a connection; cleared when it finishes, so no cycle outlives the call.
    var session: ClientSession?
    var deadlineTimer: TimerHandle?
    private(set) var isFinished = false
    /// Set when cancellation arrives before the call was started on the loop.
    var cancelledEarly = false

    init(method: String, frame: [UInt8], timeout: Duration?) {
        self.method = method
        self.frame = frame
        self.timeout = timeout
    }

    /// Bytes of stream items delivered to the sink and not yet taken by the consumer (`ClientStreamLimits`).
    let bufferedBytes = Atomic<Int>(0)

    /// Hands a stream item to the consumer; false, without delivering it, when the consumer has not taken
    /// `ClientStreamLimits.maximumBufferedBytes` of earlier items: the caller then ends the call.
    func yield(_ item: [UInt8]) -> Bool {
        guard !isFinished, case .stream(let continuation) = sink else { return true }
        let buffered = bufferedBytes.add(item.count, ordering: .relaxed).newValue
        guard buffered <= ClientStreamLimits.maximumBufferedBytes else { return false }
        continuation.yield(item)
        return true
    }

    /// The consumer took an item: its bytes no longer count against the limit.
    func taken(_ item: [UInt8]) {
        bufferedBytes.subtract(item.count, ordering: .relaxed)
    }

    /// Delivers a unary response (or ends a stream without error).
    func succeed(_ payload: [UInt8]) {
        switch finish() {
        case .unary(let continuation): continuation.resume(returning: payload)
        case .stream(let continuation): continuation.finish()
        case nil: break
        }
    }

    func fail(_ error: RPCError) {
        switch finish() {
        case .unary(let continuation): continuation.resume(throwing: error)
        case .stream(let continuation): continuation.finish(throwing: error)
        case nil: break
        }
    }

    /// Marks the call finished and hands back where its outcome goes; nil when it had finished already.
    private func finish() -> Sink? {
        guard !isFinished else { return nil }
        isFinished = true
        session = nil
        frame = []
        deadlineTimer?.cancel()
        deadlineTimer = nil
        defer { sink = nil }
        return sink
    }
}

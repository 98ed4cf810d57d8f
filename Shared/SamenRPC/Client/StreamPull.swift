/// How much of a server stream a client holds that its consumer has not taken yet. The protocol has no flow
/// control window, so this is what keeps a server that streams faster than the consumer reads from growing the
/// client's memory: past it the client ends the stream with `resource_exhausted` and sends CANCEL (PROTOCOL.md §7).
public enum ClientStreamLimits {
    /// Bytes of received items (as decompressed) not yet taken by the consumer.
    public static let maximumBufferedBytes = 16 * 1024 * 1024
}

/// The iterator of a stream, taken one element at a time by a stream built on it (`AsyncThrowingStream(pulling:)`).
/// Closing it drops the iterator, which cancels its stream (for a call: CANCEL to the server).
public final class PulledIterator<Element: Sendable>: @unchecked Sendable {
    // Touched only by the one consumer of the stream built on it, one call at a time.
    private var iterator: AsyncThrowingStream<Element, any Error>.Iterator?

    public init(_ stream: AsyncThrowingStream<Element, any Error>) {
        iterator = stream.makeAsyncIterator()
    }

    /// The next element; nil at the end, after `close`, or after an error was thrown once.
    public func next() async throws -> Element? {
        guard iterator != nil else { return nil }
        do {
            guard let element = try await iterator?.next() else {
                iterator = nil
                return nil
            }
            return element
        } catch {
            iterator = nil
            throw error
        }
    }

    public func close() { iterator = nil }
}

extension AsyncThrowingStream where Failure == any Error {
    /// A stream that takes each element from `source` only when its own consumer asks for one, so that it buffers
    /// nothing itself: passing a server stream on this way (decoding it, retrying it elsewhere) leaves the client's
    /// bound on what the consumer has not taken (`ClientStreamLimits`) in force. An error from `transform` ends
    /// the stream and cancels `source`.
    public init<Source: Sendable>(pulling source: AsyncThrowingStream<Source, any Error>,
                                  _ transform: @escaping @Sendable (Source) throws -> Element) {
        let pulled = PulledIterator(source)
        self.init(unfolding: {
            guard let item = try await pulled.next() else { return nil }
            do {
                return try transform(item)
            } catch {
                pulled.close()
                throw error
            }
        })
    }
}

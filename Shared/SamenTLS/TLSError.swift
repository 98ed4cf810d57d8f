import COpenSSL

/// A failure in TLS setup, a handshake, or the PKI, carrying OpenSSL's own explanation.
///
/// OpenSSL reports the real cause (wrong key, bad PEM, expired certificate) only through its
/// thread-local error queue, so the queue is drained into the error at the moment of failure;
/// later it would be gone or mixed up with the next failure.
public struct TLSError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What Samen was doing and what went wrong, in words an operator can act on.
    public var message: String
    /// OpenSSL's error queue at the time of failure, oldest first.
    public var openSSLErrors: [String]

    public init(_ message: String, openSSLErrors: [String] = []) {
        self.message = message
        self.openSSLErrors = openSSLErrors
    }

    public var description: String {
        openSSLErrors.isEmpty ? message : "\(message) (\(openSSLErrors.joined(separator: "; ")))"
    }

    /// Builds an error for `context` and empties the calling thread's OpenSSL error queue into it.
    public static func drainingErrorQueue(_ context: String) -> TLSError {
        TLSError(context, openSSLErrors: OpenSSLErrorQueue.drain())
    }
}

/// Access to OpenSSL's per-thread error queue.
enum OpenSSLErrorQueue {
    /// Removes every queued error and renders each one, including the extra data some
    /// errors carry (file names, the offending extension value), which is often the useful part.
    static func drain() -> [String] {
        var messages: [String] = []
        while true {
            var data: UnsafePointer<CChar>?
            var flags: Int32 = 0
            let code = ERR_get_error_all(nil, nil, nil, &data, &flags)
            if code == 0 { break }
            var buffer = [CChar](repeating: 0, count: 256)
            ERR_error_string_n(code, &buffer, buffer.count)
            var text = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if flags & Int32(ERR_TXT_STRING) != 0, let data, data.pointee != 0 {
                text += " [\(String(cString: data))]"
            }
            messages.append(text)
        }
        return messages
    }

    /// Discards stale errors so that a later drain reports only the current operation.
    static func clear() { ERR_clear_error() }
}

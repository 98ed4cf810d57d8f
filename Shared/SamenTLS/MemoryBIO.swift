import COpenSSL

/// An owned in-memory OpenSSL BIO.
///
/// Credentials arrive as PEM strings (from files, the admin CLI, or tests), and keeping them in
/// memory means private keys never need a temporary file on disk.
final class MemoryBIO {
    let raw: OpaquePointer

    /// An empty BIO for OpenSSL to write into.
    init() throws {
        guard let bio = BIO_new(BIO_s_mem()) else {
            throw TLSError.drainingErrorQueue("could not allocate a memory BIO")
        }
        raw = bio
    }

    /// A BIO holding a copy of `text`; the copy means the Swift string need not outlive the BIO.
    convenience init(_ text: String) throws {
        try self.init()
        var bytes = Array(text.utf8)
        if bytes.isEmpty { return }
        let written = bytes.withUnsafeMutableBytes { BIO_write(raw, $0.baseAddress, Int32($0.count)) }
        guard written == Int32(bytes.count) else {
            throw TLSError.drainingErrorQueue("could not copy PEM text into a memory BIO")
        }
        // Do not leave a copy of key material in the Swift heap longer than needed.
        for index in bytes.indices { bytes[index] = 0 }
    }

    /// Everything written so far, as text (PEM output is ASCII).
    func contents() -> String {
        var data: UnsafeMutablePointer<CChar>?
        let length = samen_BIO_get_mem_data(raw, &data)
        guard let data, length > 0 else { return "" }
        let buffer = UnsafeRawBufferPointer(start: data, count: Int(length))
        return String(decoding: buffer, as: UTF8.self)
    }

    deinit { BIO_free(raw) }
}

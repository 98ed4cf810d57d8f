import Foundation

/// Writes PEM files the way key material must be written.
///
/// Keys get mode 0600 from the moment the file exists (created with that mode, not chmod-ed
/// afterwards), and the content is written to a temporary file and renamed, so a crash never
/// leaves a truncated certificate or key where a service would load it.
public enum PEMFile {
    /// Writes `pem` to `path`, replacing any existing file: mode 0600 when `privateKey`, else 0644.
    public static func write(_ pem: String, to path: String, privateKey: Bool) throws {
        let mode: mode_t = privateKey ? 0o600 : 0o644
        let temporary = "\(path).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard fd >= 0 else { throw failure("cannot create", temporary) }
        var closed = false
        var renamed = false
        defer {
            if !closed { close(fd) }
            if !renamed { unlink(temporary) }
        }
        // The umask may have narrowed the mode; certificates should still be world-readable.
        guard fchmod(fd, mode) == 0 else { throw failure("cannot set mode on", temporary) }
        var bytes = Array(pem.utf8)
        defer { for index in bytes.indices { bytes[index] = 0 } }
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Foundation.write(fd, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                throw failure("cannot write", temporary)
            }
            offset += written
        }
        guard fsync(fd) == 0 else { throw failure("cannot sync", temporary) }
        closed = true
        guard close(fd) == 0 else { throw failure("cannot close", temporary) }
        guard rename(temporary, path) == 0 else { throw failure("cannot rename \(temporary) to", path) }
        renamed = true
    }

    private static func failure(_ action: String, _ path: String) -> TLSError {
        TLSError("\(action) '\(path)': \(String(cString: strerror(errno)))")
    }
}

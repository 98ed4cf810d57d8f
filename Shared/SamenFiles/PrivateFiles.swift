#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Files and folders only their owner may read: databases, logs, keys and the mesh home hold personal data and
/// secrets, so every Samen program creates files 0600 and folders 0700 through this one place.
///
/// Existing files and folders with group or other permission bits are tightened (never loosened), and the caller
/// is told so it can log the path: a home made by an older version becomes private on the next start.
public enum PrivateFiles {
    /// The mode of every file Samen creates.
    public static let fileMode: mode_t = 0o600
    /// The mode of every folder Samen creates.
    public static let directoryMode: mode_t = 0o700

    /// Narrows the process umask to 0077, a backstop for files that libraries create on their own (SQLite's
    /// journals, temporary files): call it first thing in every Samen executable.
    public static func restrictUmask() {
        umask(0o077)
    }

    /// Creates `path` and any missing parents with mode 0700; returns the existing folders it tightened.
    @discardableResult
    public static func createDirectory(_ path: String) throws(PrivateFileError) -> [String] {
        var tightened: [String] = []
        var prefix = path.hasPrefix("/") ? "" : "."
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            prefix += "/" + part
            if mkdir(prefix, directoryMode) == 0 {
                // The umask may have narrowed the mode further than 0700; make it exactly 0700.
                guard chmod(prefix, directoryMode) == 0 else { throw PrivateFileError("cannot set mode 0700 on", prefix) }
                continue
            }
            guard errno == EEXIST else { throw PrivateFileError("cannot create folder", prefix) }
        }
        if try tighten(path) { tightened.append(path) }
        return tightened
    }

    /// Creates the file `path` with mode 0600 if it does not exist (an existing file is kept, never truncated);
    /// returns true when an existing file was looser and got tightened.
    @discardableResult
    public static func createFile(_ path: String) throws(PrivateFileError) -> Bool {
        let fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, fileMode)
        guard fd >= 0 else { throw PrivateFileError("cannot create", path) }
        close(fd)
        return try tighten(path)
    }

    /// Opens `path` for appending, created 0600 (a looser existing file is tightened first); the caller owns the
    /// descriptor. `tightened` tells whether the file was looser.
    public static func openForAppending(_ path: String) throws(PrivateFileError) -> (fd: Int32, tightened: Bool) {
        let tightened = try createFile(path)
        let fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC)
        guard fd >= 0 else { throw PrivateFileError("cannot open", path) }
        return (fd, tightened)
    }

    /// Removes group and other bits of an existing `path`; false when it does not exist or was private already.
    @discardableResult
    public static func tighten(_ path: String) throws(PrivateFileError) -> Bool {
        var status = stat()
        guard stat(path, &status) == 0 else {
            if errno == ENOENT { return false }
            throw PrivateFileError("cannot inspect", path)
        }
        let permissions = status.st_mode & 0o7777
        guard permissions & 0o077 != 0 else { return false }
        guard chmod(path, permissions & 0o700) == 0 else { throw PrivateFileError("cannot tighten the mode of", path) }
        return true
    }
}

/// Why a private file or folder could not be made: the action, the path and the system's reason.
public struct PrivateFileError: Error, CustomStringConvertible, Sendable {
    public let message: String

    init(_ action: String, _ path: String) {
        message = "\(action) \(path): \(String(cString: strerror(errno)))"
    }

    public var description: String { message }
}

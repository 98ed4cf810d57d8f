import SamenRPC

/// Optimistic concurrency for person files: every file carries a version that each change raises by one, and an
/// update names the version it read. A stale update is refused with `aborted`; it never overwrites silently.
public enum FileVersion {
    /// Throws `aborted` (field `version`) unless the caller read the current version.
    public static func check(stated: Int64, current: Int64, file: String) throws(RPCError) {
        guard stated == current else {
            throw RPCError(.aborted, "\(file) changed since version \(stated) was read (it is at version \(current) now); "
                               + "read it again and apply the change to the new version", details: ["field": "version", "current": "\(current)"])
        }
    }
}

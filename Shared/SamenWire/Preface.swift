/// The eight bytes a client sends first on every connection, before its HELLO frame, so that a server can
/// tell a Samen peer from anything else that reaches its port and refuse it at once.
public enum Preface {
    /// ASCII "SAMEN", then CR LF, then 0x1A: unlikely in any other protocol's first bytes.
    public static let bytes: [UInt8] = [0x53, 0x41, 0x4D, 0x45, 0x4E, 0x0D, 0x0A, 0x1A]
}

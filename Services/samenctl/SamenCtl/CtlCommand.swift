/// One `samenctl` command: the flags it takes and what it does. `SamenCtl.commands` lists them all, so adding a
/// command is a type conforming to this and one line there.
protocol CtlCommand {
    /// Flags that take a value (`--home DIR`).
    static var options: Set<String> { get }
    /// Flags that stand alone (`--json`).
    static var switches: Set<String> { get }
    static func run(_ arguments: Arguments, environment: [String: String], output: TextOutput) async throws(CtlFailure) -> Int32
}

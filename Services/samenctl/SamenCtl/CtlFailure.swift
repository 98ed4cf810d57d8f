/// A command that could not do its job: what went wrong, what to do next, and the exit code.
public struct CtlFailure: Error, CustomStringConvertible, Sendable {
    public var message: String
    /// The next step for the person at the terminal.
    public var hint: String?
    public var exitCode: Int32

    public init(_ message: String, hint: String? = nil, exitCode: Int32 = 1) {
        self.message = message
        self.hint = hint
        self.exitCode = exitCode
    }

    public var description: String { hint.map { "\(message)\n  \($0)" } ?? message }

    static func usage(_ message: String, command: String?) -> CtlFailure {
        let help = command.map { "see `samenctl help \($0)`" } ?? "see `samenctl --help`"
        return CtlFailure(message, hint: help, exitCode: 2)
    }

    func report(to output: TextOutput) {
        output.printError("\(output.paint("error:", .red)) \(message)")
        if let hint { output.printError("  \(hint)") }
    }
}

/// Hints shared by several commands.
enum Hints {
    static let noHome = "run `samenctl pki init` or `swift run samen up` first, or pass --home DIR"
    static let registryDown = "is the mesh running? start it with `swift run samen up`, or pass --registry host:port"
}

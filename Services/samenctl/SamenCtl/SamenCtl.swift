import Foundation

/// The admin CLI as a library: `samenctl`'s `main` calls `run` and exits with its result, and tests call it
/// in-process with captured output.
public enum SamenCtl {
    /// Runs one command. `arguments` excludes the program name.
    public static func run(arguments: [String], environment: [String: String] = ProcessInfo.processInfo.environment,
                           output: TextOutput) async -> Int32 {
        guard let command = arguments.first else {
            output.print(Help.overview)
            return 2
        }
        let rest = Array(arguments.dropFirst())
        if ["-h", "--help", "help"].contains(command) {
            guard let topic = rest.first else {
                output.print(Help.overview)
                return 0
            }
            guard let text = Help.text(for: topic) else {
                CtlFailure.usage("no command '\(topic)'", command: nil).report(to: output)
                return 2
            }
            output.print(text)
            return 0
        }
        if rest.contains("--help") || rest.contains("-h"), let text = Help.text(for: command) {
            output.print(text)
            return 0
        }
        do throws(CtlFailure) {
            guard let type = commands[command] else { throw CtlFailure.usage("unknown command '\(command)'", command: nil) }
            let parsed = try Arguments(rest, command: command, options: type.options, switches: type.switches)
            return try await type.run(parsed, environment: environment, output: output)
        } catch {
            error.report(to: output)
            return error.exitCode
        }
    }

    /// Every command, by the name it is called with.
    static let commands: [String: any CtlCommand.Type] = [
        "health": HealthCommand.self,
        "services": ServicesCommand.self,
        "call": CallCommand.self,
        "drain": DrainCommand.self,
        "pki": PKICommand.self,
        "docs": DocsCommand.self,
        "audit": AuditCommand.self,
        "import": ImportCommand.self,
        "report": ReportCommand.self,
        "demo": DemoCommand.self,
        "backup": BackupCommand.self,
    ]
}

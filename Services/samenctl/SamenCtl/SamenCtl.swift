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
            switch command {
            case "health":
                return try await HealthCommand.run(try parse(rest, command, HealthCommand.options, HealthCommand.switches),
                                                   environment: environment, output: output)
            case "services":
                return try await ServicesCommand.run(try parse(rest, command, ServicesCommand.options, ServicesCommand.switches),
                                                     environment: environment, output: output)
            case "call":
                return try await CallCommand.run(try parse(rest, command, CallCommand.options, CallCommand.switches),
                                                 environment: environment, output: output)
            case "drain":
                return try await DrainCommand.run(try parse(rest, command, DrainCommand.options, DrainCommand.switches),
                                                  environment: environment, output: output)
            case "pki":
                return try await PKICommand.run(try parse(rest, command, PKICommand.options, PKICommand.switches),
                                                environment: environment, output: output)
            default:
                throw CtlFailure.usage("unknown command '\(command)'", command: nil)
            }
        } catch {
            error.report(to: output)
            return error.exitCode
        }
    }

    private static func parse(_ arguments: [String], _ command: String, _ options: Set<String>,
                              _ switches: Set<String>) throws(CtlFailure) -> Arguments {
        try Arguments(arguments, command: command, options: options, switches: switches)
    }
}

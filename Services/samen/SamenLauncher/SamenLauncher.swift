import Foundation
import SamenCtl

/// `samen`, the local mesh launcher, as a library: `main` calls `run` and exits with its result.
public enum SamenLauncher {
    static let help = """
    samen: run a Samen mesh on this machine

    usage: samen up [--home DIR] [--regions gent,antwerpen] [--base-port 7100] [--log-level info] [--stop-timeout 15]
                    [--central-tolkdienst REGION] [--demo]

    Creates the development CA and certificates in <home>/pki if missing (like `samenctl pki init`), and a staff
    certificate per role and region (pki/<region>/staff/dev-<role>.pem, for `samenctl --as <role>`), writes
    <home>/mesh.json, and starts every service of every region as a child process on 127.0.0.1: region i's registry
    on base-port + 100 i, its other services on the ports after it. Each child's output is appended to
    <home>/logs/<region>/<service>.log and its data lives in <home>/data/<region>. A child that exits is restarted
    after a short backoff. Ctrl-C or SIGTERM stops them all: they drain, and after --stop-timeout seconds the rest are
    killed.

    --central-tolkdienst gent runs tolkdienst in gent only, serving every region: the other regions' registries
    route their tolkdienst to it (docs/REGISTRY.md, "Routes"), so their staff reach it without knowing.

    --demo loads a small fictional data set into every region's intake once the mesh is healthy (what `samenctl
    demo` does; running it again adds nothing).

    The home is --home, else $SAMEN_HOME, else ./.samen. Check the mesh with
    `samenctl health --all-regions --home <home>`.
    """

    public static func run(arguments: [String], environment: [String: String] = ProcessInfo.processInfo.environment,
                           output: TextOutput) async -> Int32 {
        guard let command = arguments.first else {
            output.print(help)
            return 2
        }
        let rest = Array(arguments.dropFirst())
        switch command {
        case "up":
            if rest.contains("--help") || rest.contains("-h") {
                output.print(help)
                return 0
            }
            return await Up.run(rest, environment: environment, output: output)
        case "serve":
            return await Serve.run(rest, environment: environment, output: output)
        case "help", "--help", "-h":
            output.print(help)
            return 0
        default:
            output.printError("\(output.paint("error:", .red)) unknown command '\(command)'")
            output.printError("  the command is `samen up`; see `samen --help`")
            return 2
        }
    }
}

import Foundation
import SamenContracts
import SamenHost
import SamenRPC

/// `samenctl call <region>/<service> <method> --json '<body>'`: one typed call, JSON in and out.
enum CallCommand: CtlCommand {
    static let options = Set<String>(["home", "registry", "json", "timeout", "address"]).union(OperatorSession.credentialOptions)
    static let switches: Set<String> = ["verbose"]

    static func run(_ arguments: Arguments, environment: [String: String], output: TextOutput) async throws(CtlFailure) -> Int32 {
        try await run(arguments, environment: environment, output: output, catalog: .standard)
    }

    /// The command with another method catalogue (tests use one of their own).
    static func run(_ arguments: Arguments, environment: [String: String], output: TextOutput,
                    catalog: MethodCatalog) async throws(CtlFailure) -> Int32 {
        guard arguments.positionals.count == 2 else {
            throw .usage("call takes a target and a method, e.g. `samenctl call gent/registry samen.registry/lookup --json '{\"service\":\"registry\"}'`",
                         command: "call")
        }
        let target = arguments.positionals[0]
        let parts = target.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
            throw .usage("'\(target)' is not a target: write region/service, e.g. gent/registry", command: "call")
        }
        let (region, service) = (parts[0], parts[1])
        guard let entry = catalog.entry(named: arguments.positionals[1], on: service) else {
            throw CtlFailure("unknown method '\(arguments.positionals[1])'",
                             hint: "known methods: \(catalog.names.joined(separator: ", "))", exitCode: 2)
        }
        let body = Data((arguments.value("json") ?? "{}").utf8)
        let timeout = arguments.value("timeout") == nil ? Duration.seconds(10) : try HealthCommand.parseTimeout(arguments, command: "call")

        let session = try OperatorSession.open(arguments, environment: environment)
        defer { session.shutdown() }
        let instance = try await ServiceTarget.open(service, region: region, session: session, registry: arguments.value("registry"),
                                                  address: arguments.value("address"), timeout: timeout, command: "call")
        let result: Result<String, MethodCatalog.CallError>
        do {
            result = .success(try await entry.invoke(body, instance.client, CallOptions(timeout: timeout)))
        } catch {
            result = .failure(error)
        }
        await instance.close()
        switch result {
        case .success(let json):
            output.print(json)
            return 0
        case .failure(.badRequest(let problem)):
            var hint = "`samenctl help call` explains the format"
            if let example = entry.example {
                hint = "a valid \(entry.requestType) looks like: " + example.replacingOccurrences(of: "\n", with: "\n  ")
            }
            throw CtlFailure("\(entry.name): \(problem)", hint: hint, exitCode: 2)
        case .failure(.rpc(let error)):
            output.printError("\(output.paint(error.status.name, .red)): \(error.message)")
            if HealthCommand.isUnreachable(error) {
                output.printError("  \(service) at \(instance.address) did not answer; `samenctl health \(service)` shows its state")
            }
            return 1
        }
    }
}

import SamenContracts
import SamenHost
import SamenRPC
import SamenTLS

/// `samenctl drain <region/service/instance>`: asks one instance to drain gracefully.
enum DrainCommand: CtlCommand {
    static let options = Set<String>(["home", "registry", "grace", "timeout"]).union(OperatorSession.credentialOptions)
    static let switches: Set<String> = ["verbose"]

    static func run(_ arguments: Arguments, environment: [String: String], output: TextOutput) async throws(CtlFailure) -> Int32 {
        guard arguments.positionals.count == 1, let target = arguments.positionals.first else {
            throw .usage("drain takes one instance, e.g. `samenctl drain gent/registry/1`", command: "drain")
        }
        let identity = try parseInstance(target, command: "drain")
        var grace: Double?
        if let text = arguments.value("grace") {
            // The server refuses what this refuses; checking here names the flag instead of the wire field.
            guard let seconds = Double(text),
                  (try? Duration.seconds(checking: seconds, field: "--grace", maximum: Admin.maximumGrace)) != nil else {
                throw .usage("--grace takes seconds from 0 to \(Admin.maximumGrace.components.seconds), found '\(text)'", command: "drain")
            }
            grace = seconds
        }
        let timeout = try HealthCommand.parseTimeout(arguments, command: "drain")
        let home = MeshHome.from(arguments, environment: environment)
        let session = try OperatorSession.open(arguments, environment: environment)
        defer { session.shutdown() }
        let registry = try session.registryEndpoint(override: arguments.value("registry"), region: identity.region)
        let catalog = try await session.catalog(registry: registry, request: CatalogRequest(region: identity.region))
        guard let instance = catalog.instances.first(where: {
            $0.region == identity.region && $0.service == identity.service && $0.instance == identity.instance
        }) else {
            let known = catalog.instances.filter { $0.service == identity.service }.map(\.uri).sorted()
            throw CtlFailure("the registry at \(registry) has no instance \(identity.uri)",
                             hint: known.isEmpty ? "`samenctl services --all-regions` lists what is registered"
                                                 : "instances of \(identity.service): \(known.joined(separator: ", "))")
        }
        let client = try session.client(instance.address, region: instance.region, expectedService: instance.service,
                                        timeout: max(timeout, .seconds(5)))
        let result = await Result(catching: { try await client.call(Admin.drain, DrainRequest(graceSeconds: grace)) })
        await client.close()
        switch result {
        case .success(let response):
            let calls = response.callsInFlight == 1 ? "1 call" : "\(response.callsInFlight) calls"
            output.print("draining \(instance.uri) at \(instance.address): \(calls) in flight")
            output.print("it refuses new calls, reports not_serving, and stops once they finish; callers move to other instances")
            return 0
        case .failure(let error as RPCError) where error.status == .permissionDenied:
            throw CtlFailure("\(instance.uri) refused to drain: \(error.message)",
                             hint: "drain needs an operator certificate of \(instance.region): check \(home.operatorCertificate(region: instance.region)) "
                                 + "(recreate it with `samenctl pki init`), or the --cert you passed")
        case .failure(let error as RPCError):
            throw CtlFailure("cannot drain \(instance.uri) at \(instance.address): \(error.status.name): \(error.message)",
                             hint: "is it still running? `samenctl health \(instance.service)` shows its state")
        case .failure(let error):
            throw CtlFailure("cannot drain \(instance.uri): \(error)")
        }
    }

    /// `region/service/instance` or `samen://region/service/instance`.
    static func parseInstance(_ text: String, command: String) throws(CtlFailure) -> ServiceIdentity {
        let uri = text.hasPrefix(ServiceIdentity.scheme) ? text : ServiceIdentity.scheme + text
        do { return try ServiceIdentity(uri: uri) } catch {
            throw .usage("'\(text)' is not an instance: write region/service/instance, e.g. gent/registry/1 (\(error))", command: command)
        }
    }
}

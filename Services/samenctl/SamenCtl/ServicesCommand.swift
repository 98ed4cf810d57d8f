import SamenContracts
import SamenHost
import SamenRPC

/// `samenctl services`: the registry's catalogue, as the registry sees it (no direct checks).
enum ServicesCommand: CtlCommand {
    static let options = Set<String>(["home", "registry", "region"]).union(OperatorSession.credentialOptions)
    static let switches: Set<String> = ["all-regions", "json", "verbose"]

    struct Row: Encodable {
        var service: String
        var region: String
        var instance: String
        var address: String
        var health: String
        var version: String
    }

    static func run(_ arguments: Arguments, environment: [String: String], output: TextOutput) async throws(CtlFailure) -> Int32 {
        guard arguments.positionals.isEmpty else {
            throw .usage("services takes no arguments, found \(arguments.positionals.joined(separator: " "))", command: "services")
        }
        let home = MeshHome.from(arguments, environment: environment)
        let session = try OperatorSession.open(arguments, environment: environment)
        defer { session.shutdown() }
        let region = arguments.value("region")
        let registry = try session.registryEndpoint(override: arguments.value("registry"), region: region)
        let catalog = try await session.catalog(registry: registry,
                                                request: CatalogRequest(region: region, allRegions: arguments.has("all-regions")))
        let rows = catalog.instances
            .sorted { ($0.region, $0.service, $0.instance) < ($1.region, $1.service, $1.instance) }
            .map { Row(service: $0.service, region: $0.region, instance: $0.instance, address: $0.address.description,
                       health: $0.health.rawValue, version: $0.version) }
        if arguments.has("json") {
            output.print(encodeJSON(rows))
        } else if rows.isEmpty {
            output.print("no instances registered with the registry at \(registry)")
        } else {
            var table = Table(headers: ["SERVICE", "REGION", "INSTANCE", "ADDRESS", "HEALTH", "VERSION"])
            for row in rows {
                table.rows.append([.init(row.service), .init(row.region), .init(row.instance), .init(row.address),
                                   .init(row.health, row.health == "passing" ? .green : .red), .init(row.version)])
            }
            table.render(output)
        }
        RegionWarnings.print(catalog, output: output)
        return 0
    }
}

import Foundation
import SamenContracts
import SamenHost
import SamenRPC

/// `samenctl health`: every instance in the registry's catalogue, each checked directly.
package enum HealthCommand: CtlCommand {
    static let options = Set<String>(["home", "registry", "region", "address", "service", "timeout"]).union(OperatorSession.credentialOptions)
    static let switches: Set<String> = ["all-regions", "json", "verbose"]

    /// One row of the report; encodes with exactly the documented JSON field names (null where unknown).
    struct Row: Encodable, Sendable {
        var service: String
        var region: String
        var instance: String
        var address: String
        var status: String
        var latencyMilliseconds: Double?
        var version: String
        var uptimeSeconds: Double?
        /// Why the row is not passing, for people; not part of the JSON.
        var problem: String?

        var isPassing: Bool { status == "passing" }

        enum CodingKeys: String, CodingKey {
            case service, region, instance, address, status, version
            case latencyMilliseconds = "latency_ms"
            case uptimeSeconds = "uptime_seconds"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(service, forKey: .service)
            try container.encode(region, forKey: .region)
            try container.encode(instance, forKey: .instance)
            try container.encode(address, forKey: .address)
            try container.encode(status, forKey: .status)
            if let latencyMilliseconds {
                try container.encode((latencyMilliseconds * 1000).rounded() / 1000, forKey: .latencyMilliseconds)
            } else {
                try container.encodeNil(forKey: .latencyMilliseconds)
            }
            try container.encode(version, forKey: .version)
            if let uptimeSeconds {
                try container.encode((uptimeSeconds * 1000).rounded() / 1000, forKey: .uptimeSeconds)
            } else {
                try container.encodeNil(forKey: .uptimeSeconds)
            }
        }
    }

    /// The outcome of one direct health check.
    package struct Probe: Sendable {
        package enum Outcome: Sendable {
            case answered(HealthCheckResponse)
            case failed(RPCError)
        }
        package var outcome: Outcome
        package var latency: Duration
    }

    static func run(_ arguments: Arguments, environment: [String: String], output: TextOutput) async throws(CtlFailure) -> Int32 {
        let home = MeshHome.from(arguments, environment: environment)
        let timeout = try parseTimeout(arguments, command: "health")
        if arguments.positionals.count > 1 {
            throw .usage("health takes at most one service name, found \(arguments.positionals.joined(separator: " "))", command: "health")
        }
        let session = try OperatorSession.open(arguments, environment: environment)
        defer { session.shutdown() }
        if let address = arguments.value("address") {
            return try await checkAddress(address, service: arguments.value("service") ?? arguments.positionals.first,
                                          session: session, timeout: timeout, json: arguments.has("json"), output: output)
        }

        let region = arguments.value("region")
        let registry = try session.registryEndpoint(override: arguments.value("registry"), region: region)
        let catalog = try await session.catalog(registry: registry,
                                                request: CatalogRequest(region: region, allRegions: arguments.has("all-regions")))
        var instances = catalog.instances
        if let service = arguments.positionals.first ?? arguments.value("service") {
            instances = instances.filter { $0.service == service }
        }
        instances.sort { ($0.region, $0.service, $0.instance) < ($1.region, $1.service, $1.instance) }

        // Children return a named struct, not a tuple: see PeerCatalogAnswer in RegistryService for why.
        let probes = await withTaskGroup(of: IndexedProbe.self) { group in
            for (index, instance) in instances.enumerated() {
                group.addTask {
                    IndexedProbe(index: index, probe: await probe(instance.address, service: instance.service, session: session,
                                                                  timeout: timeout))
                }
            }
            var probes = [Probe?](repeating: nil, count: instances.count)
            for await result in group { probes[result.index] = result.probe }
            return probes.compactMap { $0 }
        }
        let rows = zip(instances, probes).map { row(for: $0, probe: $1) }

        if arguments.has("json") {
            output.print(encodeJSON(rows))
        } else if rows.isEmpty {
            let scope = arguments.positionals.first.map { "instances of \($0)" } ?? "instances"
            output.print("no \(scope) registered with the registry at \(registry)")
        } else {
            render(rows, output: output)
        }
        RegionWarnings.print(catalog, output: output)
        for row in rows where !row.isPassing {
            let log = home.logFile(region: row.region, service: row.service)
            output.printError("\(row.region)/\(row.service)/\(row.instance) at \(row.address) is \(row.status)\(row.problem.map { ": \(TextOutput.printable($0))" } ?? "")")
            output.printError("  check its log (\(log) when started by `samen up`); `samen up` restarts services that exit")
        }
        return rows.allSatisfy(\.isPassing) && catalog.unreachableRegions.isEmpty ? 0 : 1
    }

    /// `--address host:port`: one check, no registry. Exit 0 serving, 1 not serving or refused, 2 unreachable.
    static func checkAddress(_ text: String, service: String?, session: OperatorSession, timeout: Duration, json: Bool,
                             output: TextOutput) async throws(CtlFailure) -> Int32 {
        let endpoint: Endpoint
        do { endpoint = try Endpoint(text) } catch {
            throw CtlFailure("--address: \(error.message)", hint: "write it as host:port, e.g. 127.0.0.1:7100", exitCode: 2)
        }
        // The health request names the expected service (a different one answers not_found: exit 1); the TLS layer
        // only checks that the peer belongs to the mesh.
        let result = await probe(endpoint, service: service, verifyCertificateService: false, session: session, timeout: timeout)
        var row = Row(service: service ?? "", region: "", instance: "", address: endpoint.description, status: "unreachable",
                      latencyMilliseconds: nil, version: "", uptimeSeconds: nil)
        let code: Int32
        switch result.outcome {
        case .answered(let health):
            row.service = health.service
            row.region = health.region
            row.instance = health.instance
            row.version = health.version
            row.uptimeSeconds = health.uptimeSeconds
            row.latencyMilliseconds = result.latency.milliseconds
            row.status = health.status == .serving ? "passing" : "not_serving"
            code = health.status == .serving ? 0 : 1
        case .failed(let error) where isUnreachable(error):
            row.problem = error.message
            code = 2
        case .failed(let error):
            row.status = error.status.name
            row.problem = error.message
            code = 1
        }
        if json {
            output.print(encodeJSON([row]))
        } else {
            render([row], output: output)
        }
        if let problem = row.problem {
            output.printError("\(endpoint): \(row.status): \(TextOutput.printable(problem))")
            if code == 2 { output.printError("  is the service running and listening on \(endpoint)? check its log") }
        }
        return code
    }

    static func isUnreachable(_ error: RPCError) -> Bool {
        [.unavailable, .deadlineExceeded, .cancelled, .unauthenticated].contains(error.status)
    }

    /// One health call over mutual TLS as the operator, timed from the call to its answer (connect included).
    package static func probe(_ endpoint: Endpoint, service: String?, verifyCertificateService: Bool = true, session: OperatorSession,
                      timeout: Duration) async -> Probe {
        // Health admits callers of any region, so the default region's operator certificate serves every probe.
        let client: RPCClient
        do {
            client = try session.client(endpoint, region: nil, expectedService: verifyCertificateService ? service : nil, timeout: timeout)
        } catch {
            return Probe(outcome: .failed(RPCError(.unauthenticated, error.message)), latency: .zero)
        }
        let clock = ContinuousClock()
        let start = clock.now
        let outcome: Probe.Outcome
        do {
            outcome = .answered(try await client.call(Health.check, HealthCheckRequest(service: service)))
        } catch let error as RPCError {
            outcome = .failed(error)
        } catch {
            outcome = .failed(RPCError(.internal, "\(error)"))
        }
        let latency = clock.now - start
        await client.close()
        return Probe(outcome: outcome, latency: latency)
    }

    static func row(for instance: ServiceInstance, probe: Probe) -> Row {
        var row = Row(service: instance.service, region: instance.region, instance: instance.instance,
                      address: instance.address.description, status: instance.health.rawValue, latencyMilliseconds: nil,
                      version: instance.version, uptimeSeconds: nil)
        switch probe.outcome {
        case .answered(let health):
            row.latencyMilliseconds = probe.latency.milliseconds
            row.uptimeSeconds = health.uptimeSeconds
            row.version = health.version
            if health.status != .serving {
                row.status = "not_serving"
                row.problem = "it is draining or shutting down"
            } else if instance.health == .critical {
                row.problem = "it answers, but its heartbeats to the registry stopped"
            }
        case .failed(let error) where isUnreachable(error):
            row.status = "unreachable"
            row.problem = error.message
        case .failed(let error):
            row.status = "unreachable"
            row.problem = "\(error.status.name): \(error.message)"
        }
        return row
    }

    static func render(_ rows: [Row], output: TextOutput) {
        var table = Table(headers: ["SERVICE", "REGION", "INSTANCE", "ADDRESS", "STATUS", "LATENCY", "VERSION", "UPTIME"])
        for row in rows {
            table.rows.append([
                .init(row.service), .init(row.region), .init(row.instance), .init(row.address),
                .init(row.status, statusColor(row.status)),
                .init(row.latencyMilliseconds.map(Format.milliseconds) ?? "-"),
                .init(row.version.isEmpty ? "-" : row.version),
                .init(row.uptimeSeconds.map(Format.uptime) ?? "-"),
            ])
        }
        table.render(output)
    }

    static func statusColor(_ status: String) -> TextOutput.Color {
        switch status {
        case "passing": .green
        case "not_serving": .yellow
        default: .red
        }
    }

    static func parseTimeout(_ arguments: Arguments, command: String) throws(CtlFailure) -> Duration {
        guard let text = arguments.value("timeout") else { return .seconds(2) }
        guard let seconds = Double(text),
              let timeout = try? Duration.seconds(checking: seconds, field: "--timeout", maximum: .seconds(3600), allowsZero: false) else {
            throw .usage("--timeout takes seconds above 0 and up to 3600, e.g. 2 or 0.5; found '\(text)'", command: command)
        }
        return timeout
    }
}

/// How numbers look for people.
enum Format {
    static func milliseconds(_ value: Double) -> String {
        value < 100 ? String(format: "%.1f ms", value) : String(format: "%.0f ms", value)
    }

    /// `42s`, `3m12s`, `2h05m`, `3d04h`. The seconds come from a server's answer: a NaN or an infinity is
    /// shown as `-`, and anything past a century as a century, rather than trapping in the conversion to Int.
    static func uptime(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "-" }
        let total = Int(min(max(0, seconds), 100 * 365 * 86_400))
        let days = total / 86_400, hours = (total % 86_400) / 3600, minutes = (total % 3600) / 60, secs = total % 60
        if days > 0 { return String(format: "%dd%02dh", days, hours) }
        if hours > 0 { return String(format: "%dh%02dm", hours, minutes) }
        if minutes > 0 { return String(format: "%dm%02ds", minutes, secs) }
        return "\(secs)s"
    }
}

extension Duration {
    var milliseconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) * 1000 + Double(attoseconds) / 1e15
    }
}

/// Pretty JSON with sorted keys and ISO 8601 dates: what samenctl prints for machines.
func encodeJSON<T: Encodable>(_ value: T) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    encoder.dateEncodingStrategy = .iso8601
    guard let data = try? encoder.encode(value), let text = String(data: data, encoding: .utf8) else { return "null" }
    return text
}

/// One instance's health probe and its row position.
struct IndexedProbe: Sendable {
    let index: Int
    let probe: HealthCommand.Probe
}

import Foundation
#if canImport(Glibc)
import Glibc
#endif
import SamenContracts
import SamenCtl
import SamenHost
import SamenRPC
import SamenTLS

/// `samen up`: the whole mesh on this machine, one child process per service and region.
enum Up {
    static let options: Set<String> = ["home", "regions", "base-port", "log-level", "stop-timeout", "central-tolkdienst"]
    static let switches: Set<String> = ["demo"]

    struct Planned {
        var region: String
        var service: String
        var endpoint: Endpoint
    }

    static func run(_ arguments: [String], environment: [String: String], output: TextOutput) async -> Int32 {
        // Signals first: a Ctrl-C during start-up must still stop the children already started.
        let signalled = SignalFlag()
        let signalTask = Task {
            await SignalWaiter.wait(for: [SIGTERM, SIGINT])
            signalled.set()
        }
        defer { signalTask.cancel() }
        do {
            return try await up(try parse(arguments), environment: environment, output: output, signalled: signalled)
        } catch let failure as CtlFailure {
            output.printError("\(output.paint("error:", .red)) \(failure.message)")
            if let hint = failure.hint { output.printError("  \(hint)") }
            return failure.exitCode
        } catch {
            output.printError("\(output.paint("error:", .red)) \(error)")
            return 1
        }
    }

    struct Settings {
        var home: String?
        var regions = MeshDefaults.regions
        var basePort = MeshDefaults.basePort
        var logLevel = "info"
        var stopTimeout: Duration = .seconds(15)
        /// Load `samenctl demo`'s fictional data set once the mesh is healthy.
        var demo = false
        /// The region whose tolkdienst serves every region; the others run none and their registries route to it.
        var centralTolkdienst: String?
    }

    static func parse(_ arguments: [String]) throws(CtlFailure) -> Settings {
        var settings = Settings()
        var index = 0
        func usage(_ message: String) -> CtlFailure { CtlFailure(message, hint: "see `samen --help`", exitCode: 2) }
        while index < arguments.count {
            var flag = arguments[index]
            var value: String?
            if let equals = flag.firstIndex(of: "="), flag.hasPrefix("--") {
                value = String(flag[flag.index(after: equals)...])
                flag = String(flag[..<equals])
            }
            if flag.hasPrefix("--"), switches.contains(String(flag.dropFirst(2))) {
                guard value == nil else { throw usage("\(flag) takes no value") }
                settings.demo = true
                index += 1
                continue
            }
            guard flag.hasPrefix("--"), options.contains(String(flag.dropFirst(2))) else {
                throw usage("unknown argument '\(flag)' for `samen up` (it takes --home, --regions, --base-port, --log-level, --stop-timeout, "
                                + "--central-tolkdienst, --demo)")
            }
            if value == nil {
                guard index + 1 < arguments.count else { throw usage("\(flag) needs a value") }
                value = arguments[index + 1]
                index += 1
            }
            index += 1
            let text = value!
            switch flag {
            case "--home": settings.home = text
            case "--regions":
                settings.regions = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                guard !settings.regions.isEmpty, Set(settings.regions).count == settings.regions.count else {
                    throw usage("--regions takes distinct names separated by commas, e.g. gent,antwerpen")
                }
            case "--base-port":
                guard let port = Int(text), (1024...65000).contains(port) else {
                    throw usage("--base-port takes a port from 1024 to 65000, found '\(text)'")
                }
                settings.basePort = port
            case "--log-level": settings.logLevel = text
            case "--stop-timeout":
                guard let seconds = Double(text), let timeout = try? Duration.seconds(
                    checking: seconds, field: "--stop-timeout", maximum: .seconds(3600), allowsZero: false) else {
                    throw usage("--stop-timeout takes seconds above 0 and up to 3600, found '\(text)'")
                }
                settings.stopTimeout = timeout
            case "--central-tolkdienst": settings.centralTolkdienst = text
            default: break
            }
        }
        if let central = settings.centralTolkdienst, !settings.regions.contains(central) {
            throw usage("--central-tolkdienst names a region of --regions (\(settings.regions.joined(separator: ","))), found '\(central.prefix(63))'")
        }
        return settings
    }

    /// Region i's registry listens on base + 100 i, its other services on the ports after it. With a central
    /// tolkdienst only that region runs one (the others keep its port free, so the layout does not shift).
    static func plan(regions: [String], basePort: Int, centralTolkdienst: String? = nil) throws(CtlFailure) -> [Planned] {
        var planned: [Planned] = []
        for (regionIndex, region) in regions.enumerated() {
            let names = ServiceCatalog.names
            let services = names.filter { $0 == "registry" } + names.filter { $0 != "registry" }
            for (serviceIndex, service) in services.enumerated() {
                if service == TolkdienstAPI.service, let central = centralTolkdienst, central != region { continue }
                let port = basePort + 100 * regionIndex + serviceIndex
                guard port <= 65535 else {
                    throw CtlFailure("region \(region) would need port \(port), above 65535", hint: "pass a lower --base-port", exitCode: 2)
                }
                planned.append(Planned(region: region, service: service, endpoint: Endpoint(host: "127.0.0.1", port: port)))
            }
        }
        return planned
    }

    /// How one child is started: its region's registry, and for registries the other regions' as peers. With a
    /// central tolkdienst the other regions' registries route to it and it serves them (REGISTRY.md, "Routes").
    static func launchOptions(_ entry: Planned, planned: [Planned], settings: Settings, home: MeshHome) -> ServiceLaunchOptions {
        let registries = planned.filter { $0.region == entry.region && $0.service == "registry" }.map(\.endpoint)
        var peers: [String: [Endpoint]] = [:]
        var extra: [String: String] = [:]
        if entry.service == "registry" {
            for other in planned where other.service == "registry" && other.region != entry.region {
                peers[other.region] = [other.endpoint]
            }
        }
        if let central = settings.centralTolkdienst {
            if entry.service == "registry", entry.region != central { extra["route"] = "\(TolkdienstAPI.service):\(central)" }
            if entry.service == TolkdienstAPI.service, settings.regions.count > 1 {
                extra["serves"] = settings.regions.filter { $0 != central }.joined(separator: ",")
            }
        }
        return ServiceLaunchOptions(
            region: entry.region, instance: "1", listen: entry.endpoint,
            certificateFile: home.certificate(region: entry.region, service: entry.service),
            privateKeyFile: home.privateKey(region: entry.region, service: entry.service),
            trustRootsFile: home.caCertificate, dataDirectory: home.dataDirectory(region: entry.region),
            registries: entry.service == "registry" ? [] : registries, peers: peers,
            logLevel: Logger.Level(name: settings.logLevel) ?? .info, extra: extra)
    }

    static func up(_ settings: Settings, environment: [String: String], output: TextOutput,
                   signalled: SignalFlag) async throws -> Int32 {
        let home = MeshHome.resolve(flag: settings.home, environment: environment)
        let planned = try plan(regions: settings.regions, basePort: settings.basePort, centralTolkdienst: settings.centralTolkdienst)

        // Certificates: the same code as `samenctl pki init`, for the services this launcher runs, and a staff member
        // per role and region (`dev-<role>`) for `samenctl --as <role>`.
        let report = try DevelopmentPKI.ensure(home: home, regions: settings.regions, services: ServiceCatalog.names,
                                               operatorName: DevelopmentPKI.defaultOperatorName(environment: environment),
                                               developmentStaff: true)
        if !report.created.isEmpty {
            output.print("samen: created \(report.created.count) development certificate files in \(home.pkiDirectory)")
        }

        for entry in planned {
            if let problem = PortCheck.problem(entry.endpoint) {
                throw CtlFailure("port \(entry.endpoint.port) on 127.0.0.1, for \(entry.region)/\(entry.service), \(problem)",
                                 hint: "is another `samen up` running? stop it, or pass --base-port \(settings.basePort + 1000) to use other ports",
                                 exitCode: 1)
            }
        }

        var description = MeshDescription(regions: [])
        for region in settings.regions {
            let entries = planned.filter { $0.region == region }
            let registry = entries.first { $0.service == "registry" }!.endpoint
            description.regions.append(.init(name: region, registry: registry,
                                             services: Dictionary(uniqueKeysWithValues: entries.map { ($0.service, $0.endpoint) })))
        }
        do {
            for folder in try home.createFolders(regions: settings.regions) {
                output.print("samen: \(folder) was readable by others; made it 0700")
            }
            try description.save(to: home)
        } catch {
            throw CtlFailure("cannot write the mesh files in \(home.path): \(error)", hint: "check that it is writable, or pass --home DIR")
        }

        let executable = selfExecutable()
        var specs: [ChildSpec] = []
        for entry in planned {
            let options = launchOptions(entry, planned: planned, settings: settings, home: home)
            specs.append(ChildSpec(region: entry.region, service: entry.service, executable: executable,
                                   arguments: ["serve", entry.service] + options.arguments,
                                   logFile: home.logFile(region: entry.region, service: entry.service)))
        }

        let supervisor = Supervisor(specs: specs, output: output, environment: environment)
        do {
            try supervisor.startAll()
        } catch {
            await supervisor.stopAll(grace: settings.stopTimeout)
            throw error
        }

        // Bounded wait until every child answers its health check.
        let unhealthy = await waitUntilHealthy(planned, home: home, timeout: .seconds(60), signalled: signalled)
        if signalled.isSet {
            return await stop(supervisor, grace: settings.stopTimeout, output: output)
        }
        if !unhealthy.isEmpty {
            for entry in unhealthy {
                let log = home.logFile(region: entry.region, service: entry.service)
                output.printError("\(output.paint("error:", .red)) \(entry.region)/\(entry.service) did not become healthy at \(entry.endpoint) within 60 s")
                for line in tail(of: log, lines: 5) { output.printError("  | \(line)") }
                output.printError("  its log: \(log)")
            }
            await supervisor.stopAll(grace: settings.stopTimeout)
            return 1
        }

        printSummary(planned, home: home, output: output)
        if settings.demo {
            output.print()
            if await DemoCommand.load(home: home, regions: settings.regions, output: output) != 0 {
                output.printError("samen: the demo data set did not load; the mesh runs on (try `samenctl demo` again)")
            }
        }
        while !signalled.isSet { try? await Task.sleep(for: .milliseconds(100)) }
        return await stop(supervisor, grace: settings.stopTimeout, output: output)
    }

    static func stop(_ supervisor: Supervisor, grace: Duration, output: TextOutput) async -> Int32 {
        output.print("samen: stopping; every service drains, then exits (at most \(Supervisor.describe(grace)))")
        let killed = await supervisor.stopAll(grace: grace)
        if killed.isEmpty {
            output.print("samen: stopped")
        } else {
            output.printError("samen: stopped; \(killed.joined(separator: ", ")) did not exit in time and were killed")
        }
        return 0
    }

    static func printSummary(_ planned: [Planned], home: MeshHome, output: TextOutput) {
        output.print("samen: the mesh is up (\(Set(planned.map(\.region)).count) regions, home \(home.path))")
        output.print()
        var rows: [[String]] = [["REGION", "SERVICE", "ADDRESS", "LOG"]]
        for entry in planned {
            rows.append([entry.region, entry.service, entry.endpoint.description, "logs/\(entry.region)/\(entry.service).log"])
        }
        let widths = (0..<4).map { column in rows.map { $0[column].count }.max() ?? 0 }
        for (index, row) in rows.enumerated() {
            let line = row.enumerated().map { column, text in
                column == row.count - 1 ? text : text.padding(toLength: widths[column] + 2, withPad: " ", startingAt: 0)
            }.joined()
            output.print("  " + (index == 0 ? output.paint(line, .bold) : line))
        }
        output.print()
        output.print("check it:  swift run samenctl health --all-regions --home \(home.path)")
        output.print("logs:      \(home.path)/logs")
        output.print("stop:      Ctrl-C (services drain, then exit); a service that exits is restarted")
    }

    /// Polls each planned service's health as the operator until all are serving and every service but the
    /// registries is listed passing by its region's registry (so that the mesh is up when others can find it, and
    /// `--demo` finds intake), or `timeout` passes.
    static func waitUntilHealthy(_ planned: [Planned], home: MeshHome, timeout: Duration, signalled: SignalFlag) async -> [Planned] {
        // The same operator session and probe as `samenctl health`.
        guard let session = try? OperatorSession.open(home: home, verbose: false) else { return planned }
        defer { session.shutdown() }
        let deadline = ContinuousClock.now + timeout
        var pending = planned
        while !pending.isEmpty && ContinuousClock.now < deadline && !signalled.isSet {
            var still: [Planned] = []
            for entry in pending {
                let probe = await HealthCommand.probe(entry.endpoint, service: entry.service, session: session, timeout: .seconds(1))
                if case .answered(let health) = probe.outcome, health.status == .serving,
                   await isRegistered(entry, among: planned, session: session) { continue }
                still.append(entry)
            }
            pending = still
            if !pending.isEmpty { try? await Task.sleep(for: .milliseconds(200)) }
        }
        return pending
    }

    /// Whether the region's registry lists the entry's instance as passing (a registry is its own catalogue).
    private static func isRegistered(_ entry: Planned, among planned: [Planned], session: OperatorSession) async -> Bool {
        guard entry.service != "registry" else { return true }
        guard let registry = planned.first(where: { $0.region == entry.region && $0.service == "registry" })?.endpoint,
              let found = try? await session.lookup(registry: registry, request: LookupRequest(service: entry.service, region: entry.region))
        else { return false }
        return found.instances.contains { $0.address == entry.endpoint }
    }

    static func tail(of path: String, lines count: Int) -> [String] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
        return Array(text.split(separator: "\n").suffix(count).map(String.init))
    }

    /// This very binary, which runs the children as `samen serve`.
    static func selfExecutable() -> String {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let length = buffer.withUnsafeMutableBufferPointer { pointer in
            pointer.withMemoryRebound(to: CChar.self) { readlink("/proc/self/exe", $0.baseAddress!, $0.count - 1) }
        }
        if length > 0 { return String(decoding: buffer[..<length], as: UTF8.self) }
        return CommandLine.arguments[0]
    }
}

/// Whether a loopback port is free, checked by binding it briefly.
enum PortCheck {
    static func problem(_ endpoint: Endpoint) -> String? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(endpoint.port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        if result == 0 { return nil }
        return errno == EADDRINUSE ? "is already in use" : "cannot be bound: \(String(cString: strerror(errno)))"
    }
}

/// Set once a stop signal arrived.
final class SignalFlag: Sendable {
    private let flag = Atomic<Bool>(false)
    func set() { flag.store(true, ordering: .releasing) }
    var isSet: Bool { flag.load(ordering: .acquiring) }
}

import Synchronization

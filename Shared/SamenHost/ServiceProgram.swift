import SamenContracts
import SamenRPC

/// A Samen service as a program: its name and how it runs once its options are parsed.
///
/// Each service's library declares one; its thin executable (`samen-<name>`) and `samen up`'s children run the
/// same `run(_:)`, so a service has exactly one entry point. Adding a service to the mesh means adding its type
/// to `ServiceCatalog.all`.
public protocol ServiceProgram {
    /// The service name, as in certificates and the registry: `registry`, `intake`, ...
    static var name: String { get }
    /// Runs until SIGTERM or SIGINT, then drains and returns.
    static func run(_ options: ServiceLaunchOptions) async throws
}

/// The command-line flags every service executable takes, parsed once here (`--flag value` or `--flag=value`).
///
///     --region gent --instance 1 --listen 127.0.0.1:7101
///     --cert pki/gent/intake.pem --key pki/gent/intake-key.pem --ca pki/ca.pem
///     --data data/gent            (folder for the service's SQLite file)
///     --registry 127.0.0.1:7100   (the region's registry; repeatable; not for the registry itself)
///     --peer antwerpen=127.0.0.1:7200   (registry only: a peer region's registry; repeatable)
///     --advertise 127.0.0.1:7101  (the address others should use, when it differs from --listen)
///     --version 0.1.0 --log-level info
///     --max-connections 10000     (connections the server holds at once; lowered to fit the open-file limit)
///     --option key=value          (service-specific settings, repeatable)
public struct ServiceLaunchOptions: Sendable, Equatable {
    public var region: String
    public var instance: String
    public var listen: Endpoint
    public var advertise: Endpoint?
    public var certificateFile: String
    public var privateKeyFile: String
    public var trustRootsFile: String
    public var dataDirectory: String
    public var registries: [Endpoint]
    public var peers: [String: [Endpoint]]
    public var version: String
    public var logLevel: Logger.Level
    /// `--max-connections`: nil keeps the server's default.
    public var maximumConnections: Int?
    public var extra: [String: String]

    public init(region: String, instance: String, listen: Endpoint, advertise: Endpoint? = nil, certificateFile: String,
                privateKeyFile: String, trustRootsFile: String, dataDirectory: String, registries: [Endpoint] = [],
                peers: [String: [Endpoint]] = [:], version: String = SamenVersion.current, logLevel: Logger.Level = .info,
                maximumConnections: Int? = nil, extra: [String: String] = [:]) {
        self.region = region
        self.instance = instance
        self.listen = listen
        self.advertise = advertise
        self.certificateFile = certificateFile
        self.privateKeyFile = privateKeyFile
        self.trustRootsFile = trustRootsFile
        self.dataDirectory = dataDirectory
        self.registries = registries
        self.peers = peers
        self.version = version
        self.logLevel = logLevel
        self.maximumConnections = maximumConnections
        self.extra = extra
    }

    /// Every flag, one a line, for a service executable's `--help` and its usage after a bad flag.
    public static let flagHelp = """
          --region R                  the region this instance serves (required)
          --instance ID               the instance name within its service and region (default 1)
          --listen host:port          where to listen (required)
          --advertise host:port       the address others should use, when it differs from --listen
          --cert FILE --key FILE      this instance's certificate and private key (required)
          --ca FILE                   the mesh CA certificate (required)
          --data DIR                  folder for the service's SQLite file (default .)
          --registry host:port        the region's registry (repeatable; not for the registry itself)
          --peer region=host:port     registry only: a peer region's registry (repeatable)
          --version V                 reported by health and registered (default the build's)
          --log-level L               debug, info, warning or error (default info)
          --max-connections N         connections held at once, 1 to 1,000,000 (lowered to fit the open-file limit)
          --option key=value          service-specific settings (repeatable)
        """

    /// The flags `init(arguments:)` accepts, without their dashes; `flagHelp` describes each.
    public static let knownFlags: Set<String> = ["region", "instance", "listen", "advertise", "cert", "key", "ca", "data",
                                                 "registry", "peer", "version", "log-level", "max-connections", "option"]

    /// True when the arguments ask for help rather than a run.
    public static func asksForHelp(_ arguments: [String]) -> Bool {
        arguments.contains { $0 == "--help" || $0 == "-h" }
    }

    /// Parses the flags above; every error names the flag and what is expected.
    public init(arguments: [String]) throws(RPCError) {
        // `--flag value` and `--flag=value` both work; compose files read better with the second.
        var values: [String: [String]] = [:]
        var index = 0
        while index < arguments.count {
            let flag = arguments[index]
            guard flag.hasPrefix("--") else {
                throw RPCError(.invalidArgument, "expected --flag value, found '\(flag)'")
            }
            if let equals = flag.firstIndex(of: "=") {
                values[String(flag[flag.index(flag.startIndex, offsetBy: 2)..<equals]), default: []]
                    .append(String(flag[flag.index(after: equals)...]))
                index += 1
            } else {
                guard index + 1 < arguments.count else {
                    throw RPCError(.invalidArgument, "\(flag) needs a value")
                }
                values[String(flag.dropFirst(2)), default: []].append(arguments[index + 1])
                index += 2
            }
        }
        func required(_ name: String) throws(RPCError) -> String {
            guard let value = values[name]?.last else { throw RPCError(.invalidArgument, "--\(name) is required") }
            return value
        }
        let known = Self.knownFlags
        if let unknown = values.keys.first(where: { !known.contains($0) }) {
            throw RPCError(.invalidArgument, "unknown flag --\(unknown); known: \(known.sorted().map { "--" + $0 }.joined(separator: " "))")
        }
        region = try required("region")
        instance = values["instance"]?.last ?? "1"
        listen = try Endpoint(try required("listen"))
        advertise = try values["advertise"]?.last.map { text throws(RPCError) in try Endpoint(text) }
        certificateFile = try required("cert")
        privateKeyFile = try required("key")
        trustRootsFile = try required("ca")
        dataDirectory = values["data"]?.last ?? "."
        var registries: [Endpoint] = []
        for text in values["registry"] ?? [] { registries.append(try Endpoint(text)) }
        self.registries = registries
        var peers: [String: [Endpoint]] = [:]
        for text in values["peer"] ?? [] {
            guard let equals = text.firstIndex(of: "=") else {
                throw RPCError(.invalidArgument, "--peer takes region=host:port, found '\(text)'")
            }
            let peerRegion = String(text[..<equals])
            // A region name goes into lookups and certificates: the same syntax as there.
            guard (try? ServiceIdentity(region: peerRegion, service: "registry", instance: "1")) != nil else {
                throw RPCError(.invalidArgument, "--peer: region '\(peerRegion.prefix(80))' must be 1...63 of a-z 0-9 - "
                                   + "(not starting or ending with '-'); write region=host:port")
            }
            peers[peerRegion, default: []].append(try Endpoint(String(text[text.index(after: equals)...])))
        }
        self.peers = peers
        version = values["version"]?.last ?? SamenVersion.current
        // Checked here with the registry's own rule, so a bad flag stops the start instead of every registration.
        do { try RegistrationRules.version(version) } catch { throw RPCError(.invalidArgument, "--version: \(error.message)") }
        let levelName = values["log-level"]?.last ?? "info"
        guard let level = Logger.Level(name: levelName) else {
            throw RPCError(.invalidArgument, "--log-level must be one of debug, info, warning, error; found '\(levelName)'")
        }
        logLevel = level
        if let text = values["max-connections"]?.last {
            guard let number = Int(text), (1...1_000_000).contains(number) else {
                throw RPCError(.invalidArgument, "--max-connections must be a whole number from 1 to 1000000, found '\(text)'")
            }
            maximumConnections = number
        } else {
            maximumConnections = nil
        }
        var extra: [String: String] = [:]
        for text in values["option"] ?? [] {
            guard let equals = text.firstIndex(of: "=") else {
                throw RPCError(.invalidArgument, "--option takes key=value, found '\(text)'")
            }
            extra[String(text[..<equals])] = String(text[text.index(after: equals)...])
        }
        self.extra = extra
    }

    /// The flags that reproduce these options: what `samen up` passes to its children.
    public var arguments: [String] {
        var result = ["--region", region, "--instance", instance, "--listen", listen.description,
                      "--cert", certificateFile, "--key", privateKeyFile, "--ca", trustRootsFile, "--data", dataDirectory,
                      "--version", version, "--log-level", logLevel.name]
        if let advertise { result += ["--advertise", advertise.description] }
        if let maximumConnections { result += ["--max-connections", String(maximumConnections)] }
        for registry in registries { result += ["--registry", registry.description] }
        for (region, endpoints) in peers.sorted(by: { $0.key < $1.key }) {
            for endpoint in endpoints { result += ["--peer", "\(region)=\(endpoint)"] }
        }
        for (key, value) in extra.sorted(by: { $0.key < $1.key }) { result += ["--option", "\(key)=\(value)"] }
        return result
    }
}

/// The version every Samen program reports.
public enum SamenVersion {
    public static let current = "0.1.0"
}

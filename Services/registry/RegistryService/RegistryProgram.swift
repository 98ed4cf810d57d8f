import Foundation
import SamenContracts
import SamenHost
import SamenRPC
import SamenTLS

/// `samen-registry`: one region's registry as a program.
///
/// It runs on the same `ServiceHost` as every other service (TLS from the flag files, signal handling, drain),
/// except that it registers itself in its own catalogue in-process instead of over the network, so it never
/// depends on reaching itself. Its catalogue is `<data>/registry.sqlite`; `--peer region=host:port` names the
/// other regions' registries.
public enum RegistryProgram: ServiceProgram {
    public static let name = "registry"

    public static func run(_ options: ServiceLaunchOptions) async throws {
        let clientTLS = try TLSContext.load(role: .client, certificateFile: options.certificateFile,
                                            privateKeyFile: options.privateKeyFile, trustRootsFile: options.trustRootsFile)
        guard let identity = clientTLS.localIdentity, identity.service == name, identity.region == options.region else {
            throw RPCError(.invalidArgument, "the certificate \(options.certificateFile) is for "
                               + "\(clientTLS.localIdentity?.uri ?? "no samen:// identity"); the registry of region "
                               + "'\(options.region)' needs a samen://\(options.region)/registry/<instance> certificate")
        }
        let logger = Logger(service: name, minimumLevel: options.logLevel)
        var configuration = RegistryConfiguration(identity: identity,
                                                  databasePath: "\(options.dataDirectory)/registry.sqlite",
                                                  peers: options.peers, clientTLS: clientTLS, logger: logger)
        try apply(options.extra, to: &configuration)
        let registry = try await RegistryService(configuration: configuration)
        let host = try ServiceHost(options: options, service: name, registrar: registry.localRegistrar) { server, _ in
            registry.register(on: server)
        }
        try await host.run()
        await registry.stop()
    }

    /// The registry's `--option`s: `default-ttl` (seconds, within `minimumTTL...maximumTTL`) and
    /// `deregister-critical-after` (seconds, 0...86400). Anything else (`nan`, `inf`, negative, out of range, not a
    /// number) is `invalid_argument` naming the option: a NaN lease would be stored as NULL and fail every register.
    /// `route=tolkdienst:gent[,service:region...]` routes services of this region to a peer region's instances.
    static func apply(_ extra: [String: String], to configuration: inout RegistryConfiguration) throws(RPCError) {
        func seconds(_ name: String, in range: ClosedRange<Double>) throws(RPCError) -> Double? {
            guard let text = extra[name] else { return nil }
            guard let value = Double(text) else {
                throw RPCError(.invalidArgument, "--option \(name) takes seconds, found '\(text.prefix(40))'", details: ["field": name])
            }
            _ = try Duration.seconds(checking: value, field: name, minimum: .seconds(range.lowerBound), maximum: .seconds(range.upperBound))
            return value
        }
        if let ttl = try seconds("default-ttl", in: configuration.minimumTTL...configuration.maximumTTL) { configuration.defaultTTL = ttl }
        if let after = try seconds("deregister-critical-after", in: 0...86_400) { configuration.deregisterCriticalAfter = after }
        if let text = extra["route"] { configuration.routes = try routes(text) }
        try configuration.checkRoutes()
    }

    /// `service:region` pairs separated by commas; a service routed twice is refused rather than one route winning.
    static func routes(_ text: String) throws(RPCError) -> [String: String] {
        var routes: [String: String] = [:]
        for pair in text.split(separator: ",", omittingEmptySubsequences: false) {
            let parts = pair.trimmingCharacters(in: .whitespaces).split(separator: ":", omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 2 else {
                throw RPCError.invalidField("route", "takes service:region pairs separated by commas, found '\(pair.prefix(80))'")
            }
            guard routes[parts[0]] == nil else { throw RPCError.invalidField("route", "names '\(parts[0].prefix(63))' twice") }
            routes[parts[0]] = parts[1]
        }
        return routes
    }
}

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
        if let ttl = try seconds(options, "default-ttl") { configuration.defaultTTL = ttl }
        if let after = try seconds(options, "deregister-critical-after") { configuration.deregisterCriticalAfter = after }
        let registry = try await RegistryService(configuration: configuration)
        let host = try ServiceHost(options: options, service: name, registrar: registry.localRegistrar) { server, _ in
            registry.register(on: server)
        }
        try await host.run()
        await registry.stop()
    }

    /// A `--option name=seconds` lease setting: a positive number of seconds up to a day, or absent.
    static func seconds(_ options: ServiceLaunchOptions, _ name: String) throws(RPCError) -> Double? {
        guard let text = options.extra[name] else { return nil }
        guard let value = Double(text) else {
            throw RPCError(.invalidArgument, "--option \(name) takes seconds, found '\(text)'", details: ["field": name])
        }
        _ = try Duration.seconds(checking: value, field: "--option \(name)", maximum: .seconds(86_400), allowsZero: false)
        return value
    }
}

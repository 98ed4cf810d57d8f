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
        if let ttl = options.extra["default-ttl"].flatMap(Double.init) { configuration.defaultTTL = ttl }
        if let after = options.extra["deregister-critical-after"].flatMap(Double.init) { configuration.deregisterCriticalAfter = after }
        let registry = try await RegistryService(configuration: configuration)
        let host = try ServiceHost(options: options, service: name, registrar: registry.localRegistrar) { server, _ in
            registry.register(on: server)
        }
        try await host.run()
        await registry.stop()
    }
}

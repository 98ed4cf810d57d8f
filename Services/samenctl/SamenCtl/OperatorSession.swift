import Foundation
import SamenContracts
import SamenHost
import SamenRPC
import SamenTLS

/// The operator's side of the mesh for one command: the home folder, the operator certificate as a client TLS
/// context, `mesh.json` when there is one, and clients to registries and instances.
package final class OperatorSession: Sendable {
    let home: MeshHome
    let tls: TLSContext
    let mesh: MeshDescription?
    /// Why `mesh.json` could not be used, reported only when a command needs it (`--registry` does without).
    let meshProblem: String?
    let group: EventLoopGroup
    /// Logs of the runtime itself (reconnects and such) are noise for a CLI; `--verbose` shows them.
    let logger: Logger

    /// Loads the operator's credentials from `home`; fails with what to run when they are missing.
    package static func open(home: MeshHome, verbose: Bool) throws(CtlFailure) -> OperatorSession {
        let fileManager = FileManager.default
        for path in [home.caCertificate, home.operatorCertificate, home.operatorPrivateKey] where !fileManager.fileExists(atPath: path) {
            if !fileManager.fileExists(atPath: home.path) {
                throw CtlFailure("no mesh home at \(home.path)", hint: Hints.noHome, exitCode: 2)
            }
            throw CtlFailure("\(path) does not exist, so samenctl has no operator certificate to call the mesh with",
                             hint: Hints.noHome, exitCode: 2)
        }
        let tls: TLSContext
        do {
            tls = try TLSContext.load(role: .client, certificateFile: home.operatorCertificate,
                                      privateKeyFile: home.operatorPrivateKey, trustRootsFile: home.caCertificate)
        } catch {
            throw CtlFailure("cannot load the operator certificate from \(home.pkiDirectory): \(error)",
                             hint: "recreate it with `samenctl pki init --home \(home.path)` (add --force to replace broken files)",
                             exitCode: 2)
        }
        var mesh: MeshDescription?
        var meshProblem: String?
        if fileManager.fileExists(atPath: home.meshFile) {
            do {
                mesh = try MeshDescription.load(from: home)
            } catch {
                meshProblem = "\(home.meshFile) is not a valid mesh description: \(error)"
            }
        }
        let logger = Logger(service: "samenctl", minimumLevel: .debug, sink: verbose ? .standardError : .discard)
        return OperatorSession(home: home, tls: tls, mesh: mesh, meshProblem: meshProblem,
                               group: EventLoopGroup(loopCount: 1, name: "samenctl"), logger: logger)
    }

    private init(home: MeshHome, tls: TLSContext, mesh: MeshDescription?, meshProblem: String?, group: EventLoopGroup,
                 logger: Logger) {
        self.home = home
        self.tls = tls
        self.mesh = mesh
        self.meshProblem = meshProblem
        self.group = group
        self.logger = logger
    }

    /// A client to one endpoint that fails fast: a CLI should answer within seconds, not retry for a minute.
    func client(_ endpoint: Endpoint, expectedService: String?, timeout: Duration) -> RPCClient {
        var configuration = RPCClient.Configuration(endpoint: endpoint, tls: tls, logger: logger)
        configuration.expectedService = expectedService
        configuration.defaultTimeout = timeout
        configuration.connectTimeout = timeout
        configuration.keepaliveInterval = nil
        return RPCClient(configuration: configuration, group: group)
    }

    package func shutdown() { group.shutdown() }

    /// The registry to ask: `--registry` if given, else the given region's registry in `mesh.json`, else the first
    /// region's.
    func registryEndpoint(override: String?, region: String?) throws(CtlFailure) -> Endpoint {
        if let override {
            do { return try Endpoint(override) } catch {
                throw CtlFailure("--registry: \(error.message)", hint: "write it as host:port, e.g. 127.0.0.1:7100", exitCode: 2)
            }
        }
        if let meshProblem {
            throw CtlFailure(meshProblem, hint: "`swift run samen up` rewrites it; or pass --registry host:port", exitCode: 2)
        }
        guard let mesh, let first = mesh.regions.first else {
            throw CtlFailure("\(home.meshFile) does not exist, so samenctl does not know where the registry listens",
                             hint: "start the mesh with `swift run samen up --home \(home.path)`, or pass --registry host:port", exitCode: 2)
        }
        if let region, let match = mesh.regions.first(where: { $0.name == region }) { return match.registry }
        return first.registry
    }

    /// Asks a registry for its catalogue; an unreachable registry fails with exit code 2 and what to check.
    func catalog(registry: Endpoint, request: CatalogRequest) async throws(CtlFailure) -> CatalogResponse {
        let client = client(registry, expectedService: "registry", timeout: .seconds(5))
        let result = await Result(catching: { try await RegistryClient(channel: client).catalog(request) })
        await client.close()
        do { return try result.get() } catch { throw registryFailure(error, registry: registry) }
    }

    /// Asks a registry for the passing instances of a service.
    func lookup(registry: Endpoint, request: LookupRequest) async throws(CtlFailure) -> LookupResponse {
        let client = client(registry, expectedService: "registry", timeout: .seconds(5))
        let result = await Result(catching: { try await RegistryClient(channel: client).lookup(request) })
        await client.close()
        do { return try result.get() } catch { throw registryFailure(error, registry: registry) }
    }

    private func registryFailure(_ error: any Error, registry: Endpoint) -> CtlFailure {
        guard let error = error as? RPCError else {
            return CtlFailure("the registry at \(registry) failed: \(error)", exitCode: 2)
        }
        switch error.status {
        case .unavailable, .deadlineExceeded, .cancelled:
            return CtlFailure("cannot reach the registry at \(registry): \(error.message)", hint: Hints.registryDown, exitCode: 2)
        case .unauthenticated:
            return CtlFailure("the registry at \(registry) and samenctl do not trust each other: \(error.message)",
                              hint: "was the PKI in \(home.pkiDirectory) recreated after the mesh started? restart `samen up`, or pass the right --home",
                              exitCode: 2)
        default:
            return CtlFailure("the registry at \(registry) answered \(error.status.name): \(error.message)", exitCode: 2)
        }
    }
}

/// Shared parsing of `--home`.
extension MeshHome {
    static func from(_ arguments: Arguments, environment: [String: String]) -> MeshHome {
        MeshHome.resolve(flag: arguments.value("home"), environment: environment)
    }
}

extension Result where Failure == any Error {
    /// Runs an async throwing body and keeps its outcome, so cleanup can be awaited before the error is handled.
    init(catching body: () async throws -> Success) async {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }
}

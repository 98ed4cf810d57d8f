import Foundation
import SamenAgencyKit
import SamenContracts
import SamenHost
import SamenRPC
import SamenTLS
import Synchronization

/// The operator's side of the mesh for one command: the home folder, the operator certificates as client TLS
/// contexts, `mesh.json` when there is one, and clients to registries and instances.
///
/// Administrative methods admit operators of the server's own region only, so there is one operator certificate
/// per region (`pki/<region>/operator.pem`) and each client uses the target region's; `--as <role>` uses the
/// development staff member of that role instead (`pki/<region>/staff/dev-<role>.pem`, also per region, since
/// staff are admitted in their own region only); `--cert`/`--key` name one certificate to use for everything.
package final class OperatorSession: Sendable {
    /// The options that choose the certificate, taken by every command that calls the mesh.
    static let credentialOptions: Set<String> = ["cert", "key", "as"]

    /// Which certificate calls are made with.
    private enum Credential {
        /// `pki/<region>/operator.pem` of the target region: the default.
        case operatorOfRegion
        /// `pki/<region>/staff/dev-<role>.pem` of the target region (`--as <role>`).
        case developmentStaff(StaffRole)
        /// `--cert`/`--key`, for every region.
        case explicit(TLSContext)
    }

    let home: MeshHome
    let mesh: MeshDescription?
    /// Why `mesh.json` could not be used, reported only when a command needs it (`--registry` does without).
    let meshProblem: String?
    /// Where advertised addresses are reached from this machine (`mesh.json`'s `published`).
    let published: PublishedAddresses
    let group: EventLoopGroup
    /// Logs of the runtime itself (reconnects and such) are noise for a CLI; `--verbose` shows them.
    let logger: Logger
    private let credential: Credential
    private let contexts = Mutex<[String: TLSContext]>([:])

    /// Checks the home and the CA; loads `--cert`/`--key` when given, or checks the `--as` role. Region certificates
    /// load on first use.
    package static func open(home: MeshHome, verbose: Bool, certificate: String? = nil,
                             privateKey: String? = nil, actingAs role: String? = nil) throws(CtlFailure) -> OperatorSession {
        let fileManager = FileManager.default
        guard fileManager.fileExists(atPath: home.path) else {
            throw CtlFailure("no mesh home at \(home.path)", hint: Hints.noHome, exitCode: 2)
        }
        guard fileManager.fileExists(atPath: home.caCertificate) else {
            throw CtlFailure("\(home.caCertificate) does not exist, so samenctl cannot verify the mesh", hint: Hints.noHome, exitCode: 2)
        }
        var credential = Credential.operatorOfRegion
        switch (certificate, privateKey, role) {
        case (nil, nil, nil): break
        case (nil, nil, let role?):
            guard let staffRole = StaffRole(rawValue: role) else {
                throw CtlFailure("--as '\(role.prefix(40))' is not a staff role; the roles are \(StaffRoleArgument.known)", exitCode: 2)
            }
            credential = .developmentStaff(staffRole)
        case (let certificate?, let privateKey?, nil):
            credential = .explicit(try load(home: home, certificate: certificate, privateKey: privateKey))
        case (_, _, _?):
            throw CtlFailure("--as and --cert/--key each choose the certificate to call with", hint: "pass one of them", exitCode: 2)
        default: throw CtlFailure("--cert and --key go together", hint: "pass both, or neither to use pki/<region>/operator.pem", exitCode: 2)
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
        let published = try PublishedAddresses.load(from: home)
        let logger = Logger(service: "samenctl", minimumLevel: .debug, sink: verbose ? .standardError : .discard)
        return OperatorSession(home: home, credential: credential, mesh: mesh, meshProblem: meshProblem, published: published,
                               group: EventLoopGroup(loopCount: 1, name: "samenctl"), logger: logger)
    }

    private init(home: MeshHome, credential: Credential, mesh: MeshDescription?, meshProblem: String?, published: PublishedAddresses,
                 group: EventLoopGroup, logger: Logger) {
        self.home = home
        self.credential = credential
        self.mesh = mesh
        self.meshProblem = meshProblem
        self.published = published
        self.group = group
        self.logger = logger
    }

    /// The region whose operator certificate calls without a known region use: the mesh's first region, else the
    /// first region (by name) that has an operator certificate.
    var defaultRegion: String? {
        if let first = mesh?.regions.first { return first.name }
        let regions = (try? FileManager.default.contentsOfDirectory(atPath: home.pkiDirectory)) ?? []
        return regions.sorted().first { FileManager.default.fileExists(atPath: home.operatorCertificate(region: $0)) }
    }

    /// The certificate for calls to `region` (nil: the default region), loaded once.
    func tls(region: String?) throws(CtlFailure) -> TLSContext {
        if case .explicit(let context) = credential { return context }
        guard let region = region ?? defaultRegion else {
            throw CtlFailure("\(home.pkiDirectory) has no operator certificate (pki/<region>/operator.pem)", hint: Hints.noHome, exitCode: 2)
        }
        if let loaded = contexts.withLock({ $0[region] }) { return loaded }
        let certificate: String
        let privateKey: String
        var remedy = "recreate it with `samenctl pki init --home \(home.path)` (add --force to replace broken files)"
        if case .developmentStaff(let role) = credential {
            let user = DevelopmentPKI.developmentStaffUser(role)
            (certificate, privateKey) = (home.staffCertificate(region: region, user: user), home.staffPrivateKey(region: region, user: user))
            guard FileManager.default.fileExists(atPath: certificate) else {
                throw CtlFailure("\(certificate) does not exist, so samenctl has no \(role.rawValue) staff certificate for region \(region)",
                                 hint: "`samen up` makes one per role; or `samenctl pki issue-staff --home \(home.path) --region \(region) "
                                     + "--user \(user) --role \(role.rawValue)`", exitCode: 2)
            }
            remedy = "issue it anew with `samenctl pki issue-staff --home \(home.path) --region \(region) --user \(user) --role \(role.rawValue) --force`"
        } else {
            (certificate, privateKey) = (home.operatorCertificate(region: region), home.operatorPrivateKey(region: region))
            guard FileManager.default.fileExists(atPath: certificate) else {
                throw CtlFailure("\(certificate) does not exist, so samenctl has no operator certificate for region \(region)",
                                 hint: "administrative calls need an operator of the target region: `samenctl pki init --home \(home.path) --regions \(region)`, "
                                     + "or pass --cert and --key", exitCode: 2)
            }
        }
        let context = try Self.load(home: home, certificate: certificate, privateKey: privateKey, remedy: remedy)
        contexts.withLock { $0[region] = context }
        return context
    }

    private static func load(home: MeshHome, certificate: String, privateKey: String,
                             remedy: String = "check that both files are PEM, that the key belongs to the certificate and that the mesh CA issued it")
        throws(CtlFailure) -> TLSContext {
        do {
            return try TLSContext.load(role: .client, certificateFile: certificate, privateKeyFile: privateKey, trustRootsFile: home.caCertificate)
        } catch {
            throw CtlFailure("cannot load the certificate \(certificate): \(error)", hint: remedy, exitCode: 2)
        }
    }

    /// A client to one endpoint of `region` (nil: the default region) that fails fast: a CLI should answer within
    /// seconds, not retry for a minute. An advertised address with a published one is reached there.
    func client(_ endpoint: Endpoint, region: String?, expectedService: String?, timeout: Duration) throws(CtlFailure) -> RPCClient {
        var configuration = RPCClient.Configuration(endpoint: published.reachable(endpoint), tls: try tls(region: region), logger: logger)
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
        let client = try client(registry, region: request.region, expectedService: "registry", timeout: .seconds(5))
        let result = await Result(catching: { try await RegistryClient(channel: client).catalog(request) })
        await client.close()
        do { return try result.get() } catch { throw registryFailure(error, registry: registry) }
    }

    /// Asks a registry for the passing instances of a service.
    package func lookup(registry: Endpoint, request: LookupRequest) async throws(CtlFailure) -> LookupResponse {
        let client = try client(registry, region: request.region, expectedService: "registry", timeout: .seconds(5))
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

extension OperatorSession {
    /// The session for a command's `--home`, `--verbose`, `--cert`, `--key` and `--as`.
    static func open(_ arguments: Arguments, environment: [String: String]) throws(CtlFailure) -> OperatorSession {
        try open(home: MeshHome.from(arguments, environment: environment), verbose: arguments.has("verbose"),
                 certificate: arguments.value("cert"), privateKey: arguments.value("key"), actingAs: arguments.value("as"))
    }
}

extension Result where Failure == any Error {
    /// Runs an async throwing body and keeps its outcome, so cleanup can be awaited before the error is handled.
    init(catching body: () async throws -> Success) async {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }
}

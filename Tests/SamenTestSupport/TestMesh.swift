import Foundation
import SamenRPC
import SamenTLS

/// A throwaway mesh for one test: a CA generated in memory (certificates are never stored), client event loops,
/// logs collected in memory, and a temporary folder for databases that is removed afterwards.
public final class TestMesh: @unchecked Sendable {
    public let ca: CertificateAuthority
    public let group: EventLoopGroup
    public let logs: LogSink
    public let logLines: @Sendable () -> [String]
    public let directory: String

    /// `ca` defaults to one generated for this mesh; a test that also runs samenctl passes the CA of its mesh home.
    public init(ca: CertificateAuthority? = nil) throws {
        self.ca = try ca ?? CertificateAuthority.generate(commonName: "samen-test-ca")
        group = EventLoopGroup(loopCount: 2, name: "test-client")
        (logs, logLines) = LogSink.memory()
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("samen-test-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    deinit {
        group.shutdown()
        try? FileManager.default.removeItem(atPath: directory)
    }

    public func identity(_ service: String, region: String = "gent", instance: String = "1") -> ServiceIdentity {
        try! ServiceIdentity(region: region, service: service, instance: instance)
    }

    /// A certificate for `identity` with localhost/127.0.0.1/::1, valid now unless told otherwise; `roles` become
    /// `samen-role:` SANs (a staff identity only, as `CertificateRequest` checks).
    public func credentials(_ identity: ServiceIdentity, roles: [String] = [], notBefore: Date = Date().addingTimeInterval(-300),
                            notAfter: Date = Date().addingTimeInterval(86_400), issuer: CertificateAuthority? = nil) throws -> TLSCredentials {
        var request = CertificateRequest(commonName: identity.uri, identity: identity, dnsNames: ["localhost"],
                                         ipAddresses: ["127.0.0.1", "::1"], notBefore: notBefore, notAfter: notAfter)
        request.roles = roles
        return try (issuer ?? ca).issue(request).credentials(trusting: ca)
    }

    /// `samen://<region>/staff/<user>`: a staff member's identity.
    public func staffIdentity(_ user: String, region: String = "gent") -> ServiceIdentity {
        identity(StaffCertificate.service, region: region, instance: user)
    }

    /// A staff member's certificate, as `samenctl pki issue-staff` makes one: the staff identity and one
    /// `samen-role:` SAN per role.
    public func staffCredentials(_ user: String, roles: [String], region: String = "gent") throws -> TLSCredentials {
        try credentials(staffIdentity(user, region: region), roles: roles)
    }

    /// A client of 127.0.0.1:`port` holding a staff certificate for `user` with `roles`.
    public func staffClient(port: Int, user: String, roles: [String], region: String = "gent") throws -> RPCClient {
        try client(port: port, as: staffIdentity(user, region: region), credentials: staffCredentials(user, roles: roles, region: region))
    }

    public func tls(_ role: TLSRole, _ identity: ServiceIdentity, options: TLSOptions = TLSOptions()) throws -> TLSContext {
        try TLSContext(role: role, credentials: credentials(identity), options: options)
    }

    public func logger(_ service: String) -> Logger { Logger(service: service, minimumLevel: .debug, sink: logs) }

    /// A server configuration for `identity` on 127.0.0.1 (port 0: any free port).
    public func serverConfiguration(_ identity: ServiceIdentity, port: Int = 0,
                                    credentials: TLSCredentials? = nil) throws -> RPCServer.Configuration {
        let tls = try TLSContext(role: .server, credentials: credentials ?? self.credentials(identity))
        var configuration = RPCServer.Configuration(listen: Endpoint(host: "127.0.0.1", port: port), tls: tls, identity: identity,
                                                    version: "test", logger: logger(identity.service))
        configuration.loopCount = 2
        configuration.drainGrace = .seconds(5)
        return configuration
    }

    /// A server configuration for `service` of `region`, instance 1.
    public func serverConfiguration(_ service: String = "echo", region: String = "gent",
                                    credentials: TLSCredentials? = nil) throws -> RPCServer.Configuration {
        try serverConfiguration(identity(service, region: region), credentials: credentials)
    }

    /// A client of 127.0.0.1:`port` with `identity`'s certificate (or `credentials`), quick to retry.
    public func client(port: Int, as identity: ServiceIdentity, credentials: TLSCredentials? = nil, options: TLSOptions = TLSOptions(),
                       configure: (inout RPCClient.Configuration) -> Void = { _ in }) throws -> RPCClient {
        let tls = try TLSContext(role: .client, credentials: credentials ?? self.credentials(identity), options: options)
        var configuration = RPCClient.Configuration(endpoint: Endpoint(host: "127.0.0.1", port: port), tls: tls,
                                                    logger: logger("\(identity.service)-client"))
        configuration.initialBackoff = .milliseconds(20)
        configuration.maximumBackoff = .milliseconds(200)
        configure(&configuration)
        return RPCClient(configuration: configuration, group: group)
    }

    /// A client as instance 1 of `service` in `region`.
    public func client(port: Int, as service: String = "intake", region: String = "gent", credentials: TLSCredentials? = nil,
                       options: TLSOptions = TLSOptions(), configure: (inout RPCClient.Configuration) -> Void = { _ in }) throws -> RPCClient {
        try client(port: port, as: identity(service, region: region), credentials: credentials, options: options, configure: configure)
    }
}

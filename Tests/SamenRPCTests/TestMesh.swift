import Foundation
import SamenRPC
import SamenTLS
import Synchronization
import XCTest

/// A throwaway mesh CA and helpers to make servers and clients for one test; certificates are generated in
/// memory for every test run, never stored.
final class TestMesh: @unchecked Sendable {
    let ca: CertificateAuthority
    let group: EventLoopGroup
    let logs: LogSink
    let logLines: @Sendable () -> [String]

    init() throws {
        ca = try CertificateAuthority.generate(commonName: "samen-test-ca")
        group = EventLoopGroup(loopCount: 2, name: "test-client")
        (logs, logLines) = LogSink.memory()
    }

    deinit { group.shutdown() }

    func identity(_ service: String, region: String = "gent", instance: String = "1") -> ServiceIdentity {
        try! ServiceIdentity(region: region, service: service, instance: instance)
    }

    func credentials(_ identity: ServiceIdentity, notBefore: Date = Date().addingTimeInterval(-300),
                     notAfter: Date = Date().addingTimeInterval(86_400), issuer: CertificateAuthority? = nil) throws -> TLSCredentials {
        let issuer = issuer ?? ca
        let issued = try issuer.issue(CertificateRequest(commonName: identity.uri, identity: identity, dnsNames: ["localhost"],
                                                         ipAddresses: ["127.0.0.1", "::1"], notBefore: notBefore, notAfter: notAfter))
        return issued.credentials(trusting: ca)
    }

    func logger(_ service: String) -> Logger { Logger(service: service, minimumLevel: .debug, sink: logs) }

    func serverConfiguration(_ service: String = "echo", region: String = "gent",
                             credentials: TLSCredentials? = nil) throws -> RPCServer.Configuration {
        let identity = identity(service, region: region)
        let tls = try TLSContext(role: .server, credentials: credentials ?? self.credentials(identity))
        var configuration = RPCServer.Configuration(listen: Endpoint(host: "127.0.0.1", port: 0), tls: tls, identity: identity,
                                                    version: "test", logger: logger(service))
        configuration.loopCount = 2
        configuration.drainGrace = .seconds(5)
        return configuration
    }

    func client(port: Int, as service: String = "intake", region: String = "gent", credentials: TLSCredentials? = nil,
                options: TLSOptions = TLSOptions(), configure: (inout RPCClient.Configuration) -> Void = { _ in }) throws -> RPCClient {
        let tls = try TLSContext(role: .client, credentials: credentials ?? self.credentials(identity(service, region: region)),
                                 options: options)
        var configuration = RPCClient.Configuration(endpoint: Endpoint(host: "127.0.0.1", port: port), tls: tls,
                                                    logger: logger("\(service)-client"))
        configuration.initialBackoff = .milliseconds(20)
        configuration.maximumBackoff = .milliseconds(200)
        configure(&configuration)
        return RPCClient(configuration: configuration, group: group)
    }
}

/// Asserts that `body` throws an RPCError with `status`, and returns it for further checks.
@discardableResult
func assertRPCError<T>(_ status: StatusCode, file: StaticString = #filePath, line: UInt = #line,
                       _ body: () async throws -> T) async -> RPCError? {
    do {
        let value = try await body()
        XCTFail("expected \(status), got a result: \(value)", file: file, line: line)
        return nil
    } catch let error as RPCError {
        XCTAssertEqual(error.status, status, "message: \(error.message)", file: file, line: line)
        return error
    } catch {
        XCTFail("expected RPCError \(status), got \(error)", file: file, line: line)
        return nil
    }
}

/// Waits until `condition` holds, polling; fails after `timeout`. Tests never assert on how fast things are.
func eventually(timeout: Duration = .seconds(10), file: StaticString = #filePath, line: UInt = #line,
                _ condition: () async -> Bool) async {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if await condition() { return }
        try? await Task.sleep(for: .milliseconds(10))
    }
    XCTFail("condition not met within \(timeout)", file: file, line: line)
}

/// A list that concurrent tasks append to, for tests.
final class Recorder<Element: Sendable>: Sendable {
    private let items = Mutex<[Element]>([])
    func append(_ item: Element) { items.withLock { $0.append(item) } }
    var all: [Element] { items.withLock { $0 } }
}

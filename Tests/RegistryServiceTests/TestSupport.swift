#if canImport(Glibc)
import Glibc
#endif
import Foundation
import RegistryService
import SamenContracts
import SamenRPC
import SamenTLS
import Synchronization
import XCTest

// Copied from Tests/SamenRPCTests/TestMesh.swift (test targets cannot share code), plus registry helpers.

/// A throwaway mesh CA and helpers to make servers, clients and registries for one test; certificates are
/// generated in memory, databases live in a temporary folder removed afterwards.
final class TestMesh: @unchecked Sendable {
    let ca: CertificateAuthority
    let group: EventLoopGroup
    let logs: LogSink
    let logLines: @Sendable () -> [String]
    let directory: String

    init() throws {
        ca = try CertificateAuthority.generate(commonName: "samen-test-ca")
        group = EventLoopGroup(loopCount: 2, name: "test-client")
        (logs, logLines) = LogSink.memory()
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("samen-test-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    deinit {
        group.shutdown()
        try? FileManager.default.removeItem(atPath: directory)
    }

    func identity(_ service: String, region: String = "gent", instance: String = "1") -> ServiceIdentity {
        try! ServiceIdentity(region: region, service: service, instance: instance)
    }

    func credentials(_ identity: ServiceIdentity) throws -> TLSCredentials {
        let issued = try ca.issue(CertificateRequest(commonName: identity.uri, identity: identity, dnsNames: ["localhost"],
                                                     ipAddresses: ["127.0.0.1", "::1"], notBefore: Date().addingTimeInterval(-300),
                                                     notAfter: Date().addingTimeInterval(86_400)))
        return issued.credentials(trusting: ca)
    }

    func tls(_ role: TLSRole, _ identity: ServiceIdentity) throws -> TLSContext {
        try TLSContext(role: role, credentials: credentials(identity))
    }

    func logger(_ service: String) -> Logger { Logger(service: service, minimumLevel: .debug, sink: logs) }

    func serverConfiguration(_ identity: ServiceIdentity, port: Int = 0) throws -> RPCServer.Configuration {
        var configuration = RPCServer.Configuration(listen: Endpoint(host: "127.0.0.1", port: port), tls: try tls(.server, identity),
                                                    identity: identity, version: "test", logger: logger(identity.service))
        configuration.loopCount = 1
        configuration.drainGrace = .seconds(2)
        return configuration
    }

    func client(port: Int, as identity: ServiceIdentity) throws -> RPCClient {
        var configuration = RPCClient.Configuration(endpoint: Endpoint(host: "127.0.0.1", port: port), tls: try tls(.client, identity),
                                                    logger: logger("\(identity.service)-client"))
        configuration.initialBackoff = .milliseconds(20)
        configuration.maximumBackoff = .milliseconds(200)
        return RPCClient(configuration: configuration, group: group)
    }

    func registryClient(port: Int, as identity: ServiceIdentity) throws -> RegistryClient {
        RegistryClient(channel: try client(port: port, as: identity))
    }

    /// Starts an in-process registry of `region` on `port` (0: any free port).
    func startRegistry(region: String = "gent", database: String? = nil, port: Int = 0, peers: [String: [Endpoint]] = [:],
                       configure: (inout RegistryConfiguration) -> Void = { _ in }) async throws -> RunningRegistry {
        let identity = identity("registry", region: region)
        var configuration = RegistryConfiguration(identity: identity, databasePath: database ?? "\(directory)/\(region)-registry.sqlite",
                                                  peers: peers, clientTLS: try tls(.client, identity), logger: logger("registry"))
        configuration.group = group
        configuration.peerTimeout = .seconds(2)
        configuration.sweepInterval = .milliseconds(50)
        configure(&configuration)
        let service = try await RegistryService(configuration: configuration)
        let server = RPCServer(configuration: try serverConfiguration(identity, port: port))
        service.register(on: server)
        let bound = try server.start()
        return RunningRegistry(service: service, server: server, port: bound)
    }
}

/// A registry serving in-process.
struct RunningRegistry: Sendable {
    let service: RegistryService
    let server: RPCServer
    let port: Int

    var endpoint: Endpoint { Endpoint(host: "127.0.0.1", port: port) }

    func stop() async {
        await server.drain(grace: .milliseconds(500))
        await service.stop()
    }
}

/// A wall clock that moves only when told: leases then expire exactly when the test says.
final class ManualClock: Sendable {
    private let current: Mutex<Date>
    init(_ start: Date = Date()) { current = Mutex(start) }
    var now: Date { current.withLock { $0 } }
    func set(_ date: Date) { current.withLock { $0 = date } }
    var function: @Sendable () -> Date { { [self] in now } }
}

/// A port nobody listens on right now, for servers whose address others must know before they start.
func freePort() -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
    }
    _ = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
    }
    return Int(UInt16(bigEndian: address.sin_port))
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

/// The next item of a stream, or a failure after `timeout` (so a missing push fails the test instead of hanging).
func nextItem<T: Sendable>(_ iterator: inout AsyncThrowingStream<T, any Error>.Iterator, timeout: Duration = .seconds(10)) async throws -> T? {
    let box = IteratorBox(iterator)
    defer { iterator = box.iterator }
    return try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await box.next() }
        group.addTask {
            try await Task.sleep(for: timeout)
            throw RPCError(.deadlineExceeded, "no stream item within \(timeout)")
        }
        defer { group.cancelAll() }
        return try await group.next()!
    }
}

/// Lets a child task advance an iterator the test owns.
final class IteratorBox<T: Sendable>: @unchecked Sendable {
    var iterator: AsyncThrowingStream<T, any Error>.Iterator
    init(_ iterator: AsyncThrowingStream<T, any Error>.Iterator) { self.iterator = iterator }
    func next() async throws -> T? { try await iterator.next() }
}

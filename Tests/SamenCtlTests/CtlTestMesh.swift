import Foundation
import SamenContracts
import SamenCtl
import SamenHost
import SamenLauncher
import SamenRPC
import SamenTLS
import XCTest

/// A temporary mesh home made by `samenctl pki init`, with an in-process stand-in registry for gent and an echo
/// server registered in it, all on loopback ports picked by the kernel.
final class CtlTestMesh: @unchecked Sendable {
    let home: MeshHome
    let registry: InterimRegistry
    let registryServer: RPCServer
    let echoServer: RPCServer
    let registryEndpoint: Endpoint
    let echoEndpoint: Endpoint

    static func make() async throws -> CtlTestMesh {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("samenctl-test-\(UUID().uuidString)").path
        let home = MeshHome(path: folder)
        let (output, captured) = TextOutput.capture()
        let code = await SamenCtl.run(arguments: ["pki", "init", "--home", folder, "--regions", "gent,antwerpen",
                                                  "--services", "registry,echo", "--operator", "tester"],
                                      environment: [:], output: output)
        XCTAssertEqual(code, 0, captured.standardError)
        return try CtlTestMesh(home: home)
    }

    private init(home: MeshHome) throws {
        self.home = home
        let logger = Logger(service: "test", sink: .discard)
        registry = InterimRegistry(region: "gent", logger: logger)
        registryServer = try Self.server(home: home, service: "registry")
        registry.install(on: registryServer)
        registryEndpoint = Endpoint(host: "127.0.0.1", port: try registryServer.start())
        registry.registerSelf(instance: "1", address: registryEndpoint, version: "test")

        echoServer = try Self.server(home: home, service: "echo")
        echoServer.register(BenchAPI.echo, allow: .anyAuthenticated) { request, _ in request }
        echoEndpoint = Endpoint(host: "127.0.0.1", port: try echoServer.start())
        registry.insert(instance("echo", address: echoEndpoint))

        try MeshDescription(regions: [.init(name: "gent", registry: registryEndpoint)]).save(to: home)
    }

    static func server(home: MeshHome, service: String, region: String = "gent") throws -> RPCServer {
        let tls = try TLSContext.load(role: .server, certificateFile: home.certificate(region: region, service: service),
                                      privateKeyFile: home.privateKey(region: region, service: service),
                                      trustRootsFile: home.caCertificate)
        var configuration = RPCServer.Configuration(listen: Endpoint(host: "127.0.0.1", port: 0), tls: tls,
                                                    identity: try ServiceIdentity(region: region, service: service, instance: "1"),
                                                    version: "test", logger: Logger(service: service, sink: .discard))
        configuration.loopCount = 1
        configuration.drainGrace = .seconds(2)
        return RPCServer(configuration: configuration)
    }

    /// An instance as the registry would hold it; `secondsSinceHeartbeat` beyond `ttl` makes it critical.
    func instance(_ service: String, instance: String = "1", address: Endpoint, secondsSinceHeartbeat: Double = 0,
                  ttl: Double = 10) -> ServiceInstance {
        let beat = Date().addingTimeInterval(-secondsSinceHeartbeat)
        return ServiceInstance(service: service, region: "gent", instance: instance, address: address, version: "test",
                               ttlSeconds: ttl, registeredAt: beat, lastHeartbeatAt: beat)
    }

    /// Runs samenctl in-process against this home.
    func ctl(_ arguments: String...) async -> (code: Int32, out: String, err: String) {
        await Self.ctl(Array(arguments) + ["--home", home.path])
    }

    static func ctl(_ arguments: [String]) async -> (code: Int32, out: String, err: String) {
        let (output, captured) = TextOutput.capture()
        let code = await SamenCtl.run(arguments: arguments, environment: [:], output: output)
        return (code, captured.standardOutput, captured.standardError)
    }

    func shutdown() async {
        await echoServer.drain(grace: .milliseconds(100))
        await registryServer.drain(grace: .milliseconds(100))
        try? FileManager.default.removeItem(atPath: home.path)
    }
}

/// A loopback port nothing listens on (bound, then closed, so nobody holds it right after).
func closedPort() -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    _ = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
    }
    return Int(UInt16(bigEndian: address.sin_port))
}

/// Parses samenctl's JSON output into an array of objects.
func jsonObjects(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> [[String: Any]] {
    guard let data = text.data(using: .utf8),
          let value = try? JSONSerialization.jsonObject(with: data) as? [[String: Any]] else {
        XCTFail("not a JSON array of objects: \(text)", file: file, line: line)
        return []
    }
    return value
}

/// Waits until `condition` holds, polling; fails after `timeout`.
func eventually(timeout: Duration = .seconds(10), file: StaticString = #filePath, line: UInt = #line,
                _ condition: () async -> Bool) async {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if await condition() { return }
        try? await Task.sleep(for: .milliseconds(20))
    }
    XCTFail("condition not met within \(timeout)", file: file, line: line)
}

import Foundation
import SamenContracts
import SamenDiscovery
import SamenRPC
import SamenTestSupport
import XCTest

final class DiscoveryChannelTests: XCTestCase {
    private func callers(_ channel: DiscoveryChannel, count: Int) async throws -> [String] {
        var served: [String] = []
        for index in 0..<count {
            served.append(try await channel.call(EchoAPI.echo, EchoRequest(text: "call \(index)")).instance)
        }
        return served
    }

    func testRoundRobinSpreadsCallsOverInstances() async throws {
        let mesh = try TestMesh()
        let registry = try await mesh.startRegistry()
        let first = try await mesh.startEchoInstance("1", registry: registry)
        let second = try await mesh.startEchoInstance("2", registry: registry)
        let directory = try mesh.serviceDirectory(registry: registry.endpoint)
        let channel = directory.channel(service: "echo")
        XCTAssertTrue(channel === directory.channel(service: "echo", region: "gent"), "one channel per service and region")

        let served = try await callers(channel, count: 20)
        XCTAssertGreaterThanOrEqual(served.filter { $0 == "1" }.count, 8, "\(served)")
        XCTAssertGreaterThanOrEqual(served.filter { $0 == "2" }.count, 8, "\(served)")
        XCTAssertEqual(Set(channel.endpoints), [first.endpoint, second.endpoint])

        await directory.shutdown()
        await first.server.drain()
        await second.server.drain()
        await registry.stop()
    }

    func testFailsOverWhenAnInstanceDies() async throws {
        let mesh = try TestMesh()
        let registry = try await mesh.startRegistry()
        let first = try await mesh.startEchoInstance("1", registry: registry)
        let second = try await mesh.startEchoInstance("2", registry: registry)
        let directory = try mesh.serviceDirectory(registry: registry.endpoint)
        let channel = directory.channel(service: "echo")
        let before = try await callers(channel, count: 4)
        XCTAssertEqual(Set(before), ["1", "2"])

        // Instance 1 stops without deregistering: the registry still lists it until its lease runs out.
        await first.server.drain(grace: .milliseconds(100))
        let after = try await callers(channel, count: 20)
        XCTAssertEqual(Set(after), ["2"], "every call lands on the survivor")
        XCTAssertEqual(Set(channel.endpoints), [first.endpoint, second.endpoint], "the registry still lists both")
        XCTAssertTrue(mesh.logLines().contains { $0.contains("instance out of rotation") })

        await directory.shutdown()
        await second.server.drain()
        await registry.stop()
    }

    func testKeepsCallingWhileTheRegistryIsDown() async throws {
        let mesh = try TestMesh()
        let registry = try await mesh.startRegistry()
        let instance = try await mesh.startEchoInstance("1", registry: registry)
        let directory = try mesh.serviceDirectory(registry: registry.endpoint)
        let channel = directory.channel(service: "echo")
        let first = try await channel.call(EchoAPI.echo, EchoRequest(text: "resolve"))
        XCTAssertEqual(first.instance, "1")

        await registry.stop()
        for index in 0..<10 {
            let reply = try await channel.call(EchoAPI.echo, EchoRequest(text: "cached \(index)"))
            XCTAssertEqual(reply, EchoReply(text: "cached \(index)", instance: "1"))
        }
        // A service never resolved cannot be found now; the error says what and where to check.
        let error = await assertRPCError(.unavailable) {
            try await directory.channel(service: "trajectory").call(EchoAPI.echo, EchoRequest(text: "x"))
        }
        XCTAssertTrue(error?.message.contains("'trajectory'") ?? false, error?.message ?? "")
        XCTAssertTrue(error?.message.contains("'gent'") ?? false, error?.message ?? "")
        XCTAssertTrue(error?.message.contains(registry.endpoint.description) ?? false, error?.message ?? "")

        await directory.shutdown()
        await instance.server.drain()
    }

    func testNoPassingInstanceIsUnavailableNamingServiceAndRegion() async throws {
        let mesh = try TestMesh()
        let registry = try await mesh.startRegistry()
        let directory = try mesh.serviceDirectory(registry: registry.endpoint)
        let error = await assertRPCError(.unavailable) {
            try await directory.channel(service: "tolk").call(EchoAPI.echo, EchoRequest(text: "x"))
        }
        XCTAssertTrue(error?.message.contains("no instance of 'tolk' in region 'gent'") ?? false, error?.message ?? "")
        XCTAssertTrue(error?.message.contains("lists no passing instance") ?? false, error?.message ?? "")
        // The registry itself is reached over the configured endpoints, with the typed client unchanged.
        let registryClient = RegistryClient(channel: directory.channel(service: "registry"))
        let catalog = try await registryClient.catalog(CatalogRequest())
        XCTAssertEqual(catalog.instances, [])
        await directory.shutdown()
        await registry.stop()
    }
}

import Foundation
import RegistryService
import SamenContracts
import SamenRPC
import SamenTestSupport
import XCTest

final class WatchTests: XCTestCase {
    func testWatchPushesSnapshotsOnRegisterAndDeregister() async throws {
        let mesh = try TestMesh()
        let registry = try await mesh.startRegistry()
        let watcher = try mesh.registryClient(port: registry.port, as: mesh.identity("trajectory"))
        let intake = try mesh.registryClient(port: registry.port, as: mesh.identity("intake"))
        let other = try mesh.registryClient(port: registry.port, as: mesh.identity("tolk"))
        var updates = watcher.watch(WatchRequest(service: "intake")).makeAsyncIterator()

        let initial = try await nextItem(&updates)
        XCTAssertEqual(initial?.instances, [], "the current set at once, even when empty")

        _ = try await intake.register(RegisterRequest(service: "intake", region: "gent", instance: "1",
                                                      address: Endpoint(host: "127.0.0.1", port: 7101), version: "1"))
        let registered = try await nextItem(&updates)
        XCTAssertEqual(registered?.instances.map(\.uri), ["samen://gent/intake/1"])

        // Changes to other services and plain heartbeats push nothing; the next push is the deregistration.
        _ = try await other.register(RegisterRequest(service: "tolk", region: "gent", instance: "1",
                                                     address: Endpoint(host: "127.0.0.1", port: 7102), version: "1"))
        _ = try await intake.heartbeat(HeartbeatRequest(service: "intake", region: "gent", instance: "1"))
        try await intake.deregister(DeregisterRequest(service: "intake", region: "gent", instance: "1"))
        let deregistered = try await nextItem(&updates)
        XCTAssertEqual(deregistered?.instances, [])

        await registry.stop()
    }
}

import Foundation
import RegistryService
import SamenContracts
import SamenRPC
import SamenTestSupport
import XCTest

final class LeaseTests: XCTestCase {
    private func register(_ client: RegistryClient, _ service: String, port: Int, ttl: Double) async throws {
        _ = try await client.register(RegisterRequest(service: service, region: "gent", instance: "1",
                                                      address: Endpoint(host: "127.0.0.1", port: port), version: "1", ttlSeconds: ttl))
    }

    /// A registry on a file that outlives it, on a manual clock, removing instances critical for over 20 s:
    /// `launch` starts it (again) on that file.
    private func restartableRegistry() throws -> (TestMesh, ManualClock, Date, () async throws -> RunningRegistry) {
        let mesh = try TestMesh()
        let clock = ManualClock()
        let launch = { () async throws -> RunningRegistry in
            try await mesh.startRegistry(database: "\(mesh.directory)/restartable.sqlite") { configuration in
                configuration.clock = clock.function
                configuration.deregisterCriticalAfter = 20
            }
        }
        return (mesh, clock, clock.now, launch)
    }

    private func health(_ client: RegistryClient, _ service: String) async throws -> InstanceHealth? {
        try await client.catalog(CatalogRequest()).instances.first { $0.service == service }?.health
    }

    /// passing → critical → (heartbeat) passing → critical → removed, with a clock the test moves.
    func testLeaseRunsOutAndAHeartbeatRevives() async throws {
        let mesh = try TestMesh()
        let clock = ManualClock()
        let start = clock.now
        let registry = try await mesh.startRegistry { configuration in
            configuration.clock = clock.function
            configuration.deregisterCriticalAfter = 20
        }
        let intake = try mesh.registryClient(port: registry.port, as: mesh.identity("intake"))
        try await register(intake, "intake", port: 7101, ttl: 10)

        clock.set(start.addingTimeInterval(9))
        var health = try await self.health(intake, "intake")
        XCTAssertEqual(health, .passing)

        clock.set(start.addingTimeInterval(11))
        health = try await self.health(intake, "intake")
        XCTAssertEqual(health, .critical, "a whole TTL without a heartbeat")
        let hidden = try await intake.lookup(LookupRequest(service: "intake"))
        XCTAssertEqual(hidden.instances, [], "lookups give passing instances only")

        let renewed = try await intake.heartbeat(HeartbeatRequest(service: "intake", region: "gent", instance: "1"))
        XCTAssertEqual(renewed.ttlSeconds, 10)
        health = try await self.health(intake, "intake")
        XCTAssertEqual(health, .passing, "a heartbeat revives a critical instance")

        // Critical from 21 s on; removed once critical for more than 20 s.
        clock.set(start.addingTimeInterval(40))
        try await registry.service.sweep()
        health = try await self.health(intake, "intake")
        XCTAssertEqual(health, .critical)
        clock.set(start.addingTimeInterval(42))
        try await registry.service.sweep()
        health = try await self.health(intake, "intake")
        XCTAssertNil(health, "removed after deregister-critical-after")
        let error = await assertRPCError(.notFound) {
            try await intake.heartbeat(HeartbeatRequest(service: "intake", region: "gent", instance: "1"))
        }
        XCTAssertTrue(error?.message.contains("register again") ?? false)
        await registry.stop()
    }

    /// The same with real time and the periodic sweep: nobody calls sweep().
    func testPeriodicSweepRemovesAnExpiredInstance() async throws {
        let mesh = try TestMesh()
        let registry = try await mesh.startRegistry { configuration in
            configuration.minimumTTL = 0.1
            configuration.deregisterCriticalAfter = 0.5
        }
        let intake = try mesh.registryClient(port: registry.port, as: mesh.identity("intake"))
        try await register(intake, "intake", port: 7101, ttl: 0.3)
        await eventually {
            (try? await self.health(intake, "intake")) == .some(.critical)
        }
        await eventually {
            (try? await intake.catalog(CatalogRequest()).instances.isEmpty) == true
        }
        // Reads compute expiry from the stored timestamps, so the catalogue can be empty before the sweep
        // that removes the row (and logs it) has run.
        await eventually {
            mesh.logLines().contains { $0.contains("instance removed") && $0.contains("samen://gent/intake/1") }
        }
        await registry.stop()
    }

    /// A new registry on the same file keeps the catalogue, and settles the leases that ran out meanwhile.
    func testRestartKeepsCatalogueAndExpiryResumes() async throws {
        let (mesh, clock, start, launch) = try restartableRegistry()
        let first = try await launch()
        let intake = try mesh.registryClient(port: first.port, as: mesh.identity("intake"))
        let trajectory = try mesh.registryClient(port: first.port, as: mesh.identity("trajectory"))
        let tolk = try mesh.registryClient(port: first.port, as: mesh.identity("tolk"))
        try await register(intake, "intake", port: 7101, ttl: 10)
        try await register(trajectory, "trajectory", port: 7102, ttl: 10)
        try await register(tolk, "tolk", port: 7103, ttl: 10)
        clock.set(start.addingTimeInterval(5))
        _ = try await intake.heartbeat(HeartbeatRequest(service: "intake", region: "gent", instance: "1"))
        clock.set(start.addingTimeInterval(28))
        _ = try await tolk.heartbeat(HeartbeatRequest(service: "tolk", region: "gent", instance: "1"))
        // The registry saw intake's and trajectory's leases run out before it went down (no restart grace for them).
        try await first.service.sweep()
        await first.stop()

        // Down from 28 s to 32 s: tolk is still within its lease, intake critical since 15 s (17 s, kept),
        // trajectory critical since 10 s (22 s, removed).
        clock.set(start.addingTimeInterval(32))
        let second = try await launch()
        let operator_ = try mesh.registryClient(port: second.port, as: mesh.identity("operator"))
        var catalog = try await operator_.catalog(CatalogRequest()).instances
        XCTAssertEqual(catalog.map(\.service), ["intake", "tolk"])
        XCTAssertEqual(catalog.map(\.health), [.critical, .passing])
        XCTAssertEqual(catalog.first?.address, Endpoint(host: "127.0.0.1", port: 7101))
        XCTAssertEqual(catalog.first?.lastHeartbeatAt.timeIntervalSince1970 ?? 0, start.addingTimeInterval(5).timeIntervalSince1970,
                       accuracy: 0.001)

        // Expiry goes on from the stored times.
        clock.set(start.addingTimeInterval(36))
        try await second.service.sweep()
        catalog = try await operator_.catalog(CatalogRequest()).instances
        XCTAssertEqual(catalog.map(\.service), ["tolk"])
        // And the removals were stored: a third start sees the same.
        await second.stop()
        let third = try await launch()
        let again = try mesh.registryClient(port: third.port, as: mesh.identity("operator"))
        catalog = try await again.catalog(CatalogRequest()).instances
        XCTAssertEqual(catalog.map(\.uri), ["samen://gent/tolk/1"])
        await third.stop()
    }

    /// A registry down for longer than a lease does not turn every instance critical on its return: a lease that
    /// ran out while it was down counts from the restart, so the instance's next heartbeat has one TTL to arrive.
    func testLeasesThatRanOutWhileDownGetOneTTLOfGraceAfterARestart() async throws {
        let (mesh, clock, start, launch) = try restartableRegistry()
        let first = try await launch()
        let intake = try mesh.registryClient(port: first.port, as: mesh.identity("intake"))
        let tolk = try mesh.registryClient(port: first.port, as: mesh.identity("tolk"))
        try await register(intake, "intake", port: 7101, ttl: 10)
        try await register(tolk, "tolk", port: 7103, ttl: 10)
        // tolk's lease ran out while the registry was still up: it stays critical, with no grace.
        clock.set(start.addingTimeInterval(12))
        _ = try await intake.heartbeat(HeartbeatRequest(service: "intake", region: "gent", instance: "1"))
        try await first.service.sweep()
        await first.stop()

        // Down from 12 s to 40 s: longer than intake's lease and than tolk's removal time.
        clock.set(start.addingTimeInterval(40))
        let second = try await launch()
        let operator_ = try mesh.registryClient(port: second.port, as: mesh.identity("operator"))
        var catalog = try await operator_.catalog(CatalogRequest()).instances
        XCTAssertEqual(catalog.map(\.service), ["intake"], "tolk was removed as before")
        XCTAssertEqual(catalog.map(\.health), [.passing], "intake gets one TTL from the restart")
        let found = try await operator_.lookup(LookupRequest(service: "intake")).instances
        XCTAssertEqual(found.map(\.uri), ["samen://gent/intake/1"])
        await second.stop()

        // The grace was stored: a second restart within it sees the same lease, not a new one.
        clock.set(start.addingTimeInterval(45))
        let third = try await launch()
        let again = try mesh.registryClient(port: third.port, as: mesh.identity("operator"))
        catalog = try await again.catalog(CatalogRequest()).instances
        XCTAssertEqual(catalog.first?.lastHeartbeatAt.timeIntervalSince1970 ?? 0, start.addingTimeInterval(40).timeIntervalSince1970,
                       accuracy: 0.001)
        // Without a heartbeat the grace ends after one TTL like any lease; a heartbeat within it renews it.
        clock.set(start.addingTimeInterval(51))
        try await third.service.sweep()
        catalog = try await again.catalog(CatalogRequest()).instances
        XCTAssertEqual(catalog.map(\.health), [.critical])
        let intakeAgain = try mesh.registryClient(port: third.port, as: mesh.identity("intake"))
        _ = try await intakeAgain.heartbeat(HeartbeatRequest(service: "intake", region: "gent", instance: "1"))
        catalog = try await again.catalog(CatalogRequest()).instances
        XCTAssertEqual(catalog.map(\.health), [.passing])
        await third.stop()
    }
}

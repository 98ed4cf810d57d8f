import Foundation
import RegistryService
import SamenContracts
import SamenRPC
import SamenTestSupport
import XCTest

/// Register, heartbeat and deregister honour the call's idempotency key (docs/PROTOCOL.md §5.2): a retry under
/// the same key gets the first outcome without a second effect; another request under it is failed_precondition.
final class IdempotencyTests: XCTestCase {
    private func keyed(_ key: String) -> CallOptions { CallOptions(idempotencyKey: key) }

    func testRetriesUnderOneKeyHaveOneEffectAndAnotherRequestIsRefused() async throws {
        let mesh = try TestMesh()
        let clock = ManualClock()
        let start = clock.now
        let database = "\(mesh.directory)/idempotency.sqlite"
        let configure: (inout RegistryConfiguration) -> Void = { $0.clock = clock.function }
        let registry = try await mesh.startRegistry(database: database, configure: configure)
        let intake = try mesh.registryClient(port: registry.port, as: mesh.identity("intake"))
        let operator_ = try mesh.registryClient(port: registry.port, as: mesh.identity("operator"))
        func current() async throws -> ServiceInstance? {
            try await operator_.catalog(CatalogRequest()).instances.first { $0.service == "intake" }
        }
        let request = RegisterRequest(service: "intake", region: "gent", instance: "1", address: Endpoint(host: "127.0.0.1", port: 7101),
                                      version: "1", metadata: ["zone": "a", "build": "7", "team": "x"], ttlSeconds: 30)

        // register: the retry answers as before and does not register again (registeredAt stays).
        let first = try await intake.register(request, options: keyed("reg-1"))
        clock.set(start.addingTimeInterval(5))
        let retried = try await intake.register(request, options: keyed("reg-1"))
        XCTAssertEqual(retried, first)
        var stored = try await current()
        XCTAssertEqual(stored?.registeredAt.timeIntervalSince1970 ?? 0, start.timeIntervalSince1970, accuracy: 0.001)
        var changed = request
        changed.version = "2"
        let conflict = await assertRPCError(.failedPrecondition) { try await intake.register(changed, options: self.keyed("reg-1")) }
        XCTAssertEqual(conflict?.details["field"], "idempotency_key")
        XCTAssertTrue(conflict?.message.contains("different request") ?? false, conflict?.message ?? "")
        stored = try await current()
        XCTAssertEqual(stored?.version, "1", "the refused request changed nothing")
        // The same key from another caller is its own entry.
        let tolk = try mesh.registryClient(port: registry.port, as: mesh.identity("tolk"))
        _ = try await tolk.register(RegisterRequest(service: "tolk", region: "gent", instance: "1",
                                                    address: Endpoint(host: "127.0.0.1", port: 7103), version: "1"),
                                    options: keyed("reg-1"))

        // heartbeat: a retry does not renew the lease a second time.
        let heartbeat = HeartbeatRequest(service: "intake", region: "gent", instance: "1")
        _ = try await intake.heartbeat(heartbeat, options: keyed("hb-1"))
        clock.set(start.addingTimeInterval(8))
        _ = try await intake.heartbeat(heartbeat, options: keyed("hb-1"))
        stored = try await current()
        XCTAssertEqual(stored?.lastHeartbeatAt.timeIntervalSince1970 ?? 0, start.addingTimeInterval(5).timeIntervalSince1970, accuracy: 0.001)
        _ = try await intake.heartbeat(heartbeat, options: keyed("hb-2"))
        stored = try await current()
        XCTAssertEqual(stored?.lastHeartbeatAt.timeIntervalSince1970 ?? 0, start.addingTimeInterval(8).timeIntervalSince1970, accuracy: 0.001)

        // deregister: replaying an old deregistration does not remove the instance registered since.
        let deregister = DeregisterRequest(service: "intake", region: "gent", instance: "1")
        try await intake.deregister(deregister, options: keyed("dereg-1"))
        _ = try await intake.register(request, options: keyed("reg-2"))
        try await intake.deregister(deregister, options: keyed("dereg-1"))
        stored = try await current()
        XCTAssertNotNil(stored, "the retried deregistration had no second effect")
        // Keys are per method: reg-2 is free for deregister.
        try await intake.deregister(deregister, options: keyed("reg-2"))
        stored = try await current()
        XCTAssertNil(stored)

        // The ledger is in the catalogue file: a restarted registry answers a retry the same way.
        await registry.stop()
        let again = try await mesh.startRegistry(database: database, configure: configure)
        let intakeAgain = try mesh.registryClient(port: again.port, as: mesh.identity("intake"))
        let afterRestart = try await intakeAgain.register(request, options: keyed("reg-1"))
        XCTAssertEqual(afterRestart, first)
        let operatorAgain = try mesh.registryClient(port: again.port, as: mesh.identity("operator"))
        let catalog = try await operatorAgain.catalog(CatalogRequest())
        XCTAssertEqual(catalog.instances.map(\.service), ["tolk"], "the replayed register did not register intake again")
        await again.stop()
    }

    func testOversizedKeysAreRefusedAndOldKeysForgotten() async throws {
        let mesh = try TestMesh()
        let clock = ManualClock()
        let registry = try await mesh.startRegistry { configuration in
            configuration.clock = clock.function
            configuration.idempotencyRetention = 60
        }
        let intake = try mesh.registryClient(port: registry.port, as: mesh.identity("intake"))
        let request = RegisterRequest(service: "intake", region: "gent", instance: "1", address: Endpoint(host: "127.0.0.1", port: 7101),
                                      version: "1")
        let long = await assertRPCError(.invalidArgument) {
            try await intake.register(request, options: self.keyed(String(repeating: "k", count: 129)))
        }
        XCTAssertEqual(long?.details["field"], "idempotency_key")
        _ = try await intake.register(request, options: keyed(String(repeating: "k", count: 128)))

        _ = try await intake.register(request, options: keyed("old"))
        var changed = request
        changed.version = "2"
        _ = await assertRPCError(.failedPrecondition) { try await intake.register(changed, options: self.keyed("old")) }
        // Past the retention the sweep forgets the key, and it may be used again.
        clock.advance(by: 61)
        try await registry.service.sweep()
        _ = try await intake.register(changed, options: keyed("old"))
        await registry.stop()
    }
}

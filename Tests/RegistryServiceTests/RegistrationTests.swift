import Foundation
import RegistryService
import SamenContracts
import SamenRPC
import SamenTestSupport
import XCTest

final class RegistrationTests: XCTestCase {
    func testRegisterThenLookup() async throws {
        let mesh = try TestMesh()
        let registry = try await mesh.startRegistry()
        let intake = try mesh.registryClient(port: registry.port, as: mesh.identity("intake"))
        let granted = try await intake.register(RegisterRequest(service: "intake", region: "gent", instance: "1",
                                                                address: Endpoint(host: "127.0.0.1", port: 7101), version: "0.1.0",
                                                                metadata: ["desk": "gent-centrum"]))
        XCTAssertEqual(granted.ttlSeconds, 10, "no ttl asked: the registry's default")

        let trajectory = try mesh.registryClient(port: registry.port, as: mesh.identity("trajectory"))
        let found = try await trajectory.lookup(LookupRequest(service: "intake"))
        XCTAssertEqual(found.instances.map(\.uri), ["samen://gent/intake/1"])
        XCTAssertEqual(found.instances.first?.address, Endpoint(host: "127.0.0.1", port: 7101))
        XCTAssertEqual(found.instances.first?.metadata, ["desk": "gent-centrum"])
        XCTAssertEqual(found.instances.first?.health, .passing)
        XCTAssertFalse(found.stale)
        let none = try await trajectory.lookup(LookupRequest(service: "tolk", region: "gent"))
        XCTAssertEqual(none.instances, [])

        // Registering again replaces the record.
        let again = try await intake.register(RegisterRequest(service: "intake", region: "gent", instance: "1",
                                                              address: Endpoint(host: "127.0.0.1", port: 7102), version: "0.2.0",
                                                              ttlSeconds: 100_000))
        XCTAssertEqual(again.ttlSeconds, 300, "clamped to the maximum")
        let replaced = try await trajectory.lookup(LookupRequest(service: "intake"))
        XCTAssertEqual(replaced.instances.map(\.address), [Endpoint(host: "127.0.0.1", port: 7102)])
        XCTAssertEqual(replaced.instances.map(\.version), ["0.2.0"])

        try await intake.deregister(DeregisterRequest(service: "intake", region: "gent", instance: "1"))
        let gone = try await trajectory.lookup(LookupRequest(service: "intake"))
        XCTAssertEqual(gone.instances, [])
        await registry.stop()
    }

    func testInvalidFieldsAreRejectedNamingTheField() async throws {
        let mesh = try TestMesh()
        let registry = try await mesh.startRegistry()
        let intake = try mesh.registryClient(port: registry.port, as: mesh.identity("intake"))
        func request(service: String = "intake", region: String = "gent", instance: String = "1", port: Int = 7101,
                     version: String = "1", ttl: Double? = nil) -> RegisterRequest {
            RegisterRequest(service: service, region: region, instance: instance, address: Endpoint(host: "127.0.0.1", port: port),
                            version: version, ttlSeconds: ttl)
        }
        let cases: [(RegisterRequest, String)] = [
            (request(service: ""), "service"),
            (request(service: "Intake"), "service"),
            // The service part of staff identities: no instance may pose as a person.
            (request(service: "staff"), "service"),
            (request(region: "gent/oost"), "region"),
            (request(instance: "-1"), "instance"),
            (request(port: 0), "address"),
            (request(version: ""), "version"),
            (request(ttl: -1), "ttlSeconds"),
        ]
        for (bad, field) in cases {
            let error = await assertRPCError(.invalidArgument) { try await intake.register(bad) }
            XCTAssertEqual(error?.details["field"], field, "\(bad)")
            XCTAssertTrue(error?.message.contains("'\(field)'") ?? false, error?.message ?? "")
        }
        var limits: [(RegisterRequest, String)] = [
            (request(version: "1.0 beta"), "version"),
            (request(version: String(repeating: "9", count: 65)), "version"),
        ]
        for metadata in [["": "x"], ["zone id": "x"], [String(repeating: "k", count: 64): "x"], ["k": String(repeating: "v", count: 257)],
                         ["k": "line\nbreak"], Dictionary(uniqueKeysWithValues: (0..<33).map { ("k\($0)", "v") })] {
            var bad = request()
            bad.metadata = metadata
            limits.append((bad, "metadata"))
        }
        for (bad, field) in limits {
            let error = await assertRPCError(.invalidArgument) { try await intake.register(bad) }
            XCTAssertEqual(error?.details["field"], field, "\(bad)")
        }
        var atTheLimits = request(version: String(repeating: "9", count: 64))
        atTheLimits.metadata = Dictionary(uniqueKeysWithValues: (0..<32).map { ("k.\($0)_-", String(repeating: "\u{E9}", count: 128)) })
        _ = try await intake.register(atTheLimits)
        try await intake.deregister(DeregisterRequest(service: "intake", region: "gent", instance: "1"))
        let lookup = await assertRPCError(.invalidArgument) { try await intake.lookup(LookupRequest(service: "")) }
        XCTAssertEqual(lookup?.details["field"], "service")
        let heartbeat = await assertRPCError(.invalidArgument) {
            try await intake.heartbeat(HeartbeatRequest(service: "intake", region: "GENT", instance: "1"))
        }
        XCTAssertEqual(heartbeat?.details["field"], "region")
        let catalog = try await intake.catalog(CatalogRequest())
        XCTAssertEqual(catalog.instances, [], "nothing invalid was stored")
        await registry.stop()
    }

    /// The address `a]:b` once registered became `[a]:b]:1` in the catalogue, which nothing could read back: the
    /// catalogue, lookups and restarts failed for everyone. Addresses that cannot be written back are refused.
    func testPoisonedAddressIsRefusedNamingTheAddress() async throws {
        let mesh = try TestMesh()
        let registry = try await mesh.startRegistry()
        let channel = try mesh.client(port: registry.port, as: mesh.identity("intake"))
        let looseRegister = UnaryMethod<LooseRegisterRequest, RegisterResponse>(RegistryAPI.register.name)
        for address in ["a]:b:1", "[a]:b]:1", "::1:7100", "127.0.0.1:70000", "host:+80", "[fe80::1%eth0]:7101", "bad_host:7101"] {
            let request = LooseRegisterRequest(service: "intake", region: "gent", instance: "1", address: address, version: "1")
            let error = await assertRPCError(.invalidArgument) { try await channel.call(looseRegister, request) }
            XCTAssertTrue(error?.message.contains("field 'address'") ?? false, "\(address): \(error?.message ?? "")")
        }
        let registryClient = RegistryClient(channel: channel)
        let catalog = try await registryClient.catalog(CatalogRequest())
        XCTAssertEqual(catalog.instances, [], "nothing was stored")
        // The catalogue still works for everyone, and a valid IPv6 address round-trips.
        let good = LooseRegisterRequest(service: "intake", region: "gent", instance: "1", address: "[::1]:7101", version: "1")
        _ = try await channel.call(looseRegister, good)
        let found = try await registryClient.lookup(LookupRequest(service: "intake")).instances
        XCTAssertEqual(found.map(\.address.description), ["[::1]:7101"])
        await channel.close()
        await registry.stop()
    }

    func testImpersonationIsRefused() async throws {
        let mesh = try TestMesh()
        let registry = try await mesh.startRegistry()
        let intake = try mesh.registryClient(port: registry.port, as: mesh.identity("intake"))
        let trajectory = try mesh.registryClient(port: registry.port, as: mesh.identity("trajectory"))

        let posing = await assertRPCError(.permissionDenied) {
            try await intake.register(RegisterRequest(service: "trajectory", region: "gent", instance: "1",
                                                      address: Endpoint(host: "127.0.0.1", port: 7102), version: "1"))
        }
        XCTAssertTrue(posing?.message.contains("samen://gent/intake/1") ?? false, posing?.message ?? "")
        XCTAssertTrue(posing?.message.contains("samen://gent/trajectory/1") ?? false, posing?.message ?? "")
        let nothing = try await intake.lookup(LookupRequest(service: "trajectory"))
        XCTAssertEqual(nothing.instances, [])

        _ = try await trajectory.register(RegisterRequest(service: "trajectory", region: "gent", instance: "1",
                                                          address: Endpoint(host: "127.0.0.1", port: 7102), version: "1"))
        await assertRPCError(.permissionDenied) {
            try await intake.deregister(DeregisterRequest(service: "trajectory", region: "gent", instance: "1"))
        }
        await assertRPCError(.permissionDenied) {
            try await intake.heartbeat(HeartbeatRequest(service: "trajectory", region: "gent", instance: "1"))
        }
        // Another instance of the caller's own service is someone else too.
        await assertRPCError(.permissionDenied) {
            try await intake.register(RegisterRequest(service: "intake", region: "gent", instance: "2",
                                                      address: Endpoint(host: "127.0.0.1", port: 7103), version: "1"))
        }
        let still = try await intake.lookup(LookupRequest(service: "trajectory"))
        XCTAssertEqual(still.instances.map(\.uri), ["samen://gent/trajectory/1"])

        // An antwerpen instance belongs with the antwerpen registry, even registering as itself.
        let antwerpen = try mesh.registryClient(port: registry.port, as: mesh.identity("intake", region: "antwerpen"))
        await assertRPCError(.failedPrecondition) {
            try await antwerpen.register(RegisterRequest(service: "intake", region: "antwerpen", instance: "1",
                                                         address: Endpoint(host: "127.0.0.1", port: 7201), version: "1"))
        }
        XCTAssertTrue(mesh.logLines().contains { $0.contains("impersonation refused") && $0.contains("\"level\":\"warning\"") })
        await registry.stop()
    }
}

/// A register request with the address as plain text, to send what a typed client cannot construct.
private struct LooseRegisterRequest: Codable, Sendable {
    var service: String
    var region: String
    var instance: String
    var address: String
    var version: String
    var metadata: [String: String] = [:]
}

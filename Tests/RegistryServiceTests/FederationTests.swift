import Foundation
import RegistryService
import SamenContracts
import SamenRPC
import SamenTestSupport
import XCTest

final class FederationTests: XCTestCase {
    func testLookupInAnotherRegionWithStaleCacheWhenItsRegistryIsDown() async throws {
        let mesh = try TestMesh()
        // Each registry must know the other's address before it starts.
        let gentPort = freePort()
        let antwerpen = try await mesh.startRegistry(region: "antwerpen",
                                                     peers: ["gent": [Endpoint(host: "127.0.0.1", port: gentPort)]]) {
            $0.peerCacheTTL = 0  // always ask, so the cache is used only because the peer is down
        }
        let gent = try await mesh.startRegistry(region: "gent", port: gentPort,
                                                peers: ["antwerpen": [antwerpen.endpoint]]) { $0.peerCacheTTL = 0 }

        let antwerpenIntake = try mesh.registryClient(port: antwerpen.port, as: mesh.identity("intake", region: "antwerpen"))
        _ = try await antwerpenIntake.register(RegisterRequest(service: "intake", region: "antwerpen", instance: "1",
                                                               address: Endpoint(host: "127.0.0.1", port: 7201), version: "1"))
        let gentIntake = try mesh.registryClient(port: gent.port, as: mesh.identity("intake", region: "gent"))
        _ = try await gentIntake.register(RegisterRequest(service: "intake", region: "gent", instance: "1",
                                                          address: Endpoint(host: "127.0.0.1", port: 7101), version: "1"))

        let fresh = try await gentIntake.lookup(LookupRequest(service: "intake", region: "antwerpen"))
        XCTAssertEqual(fresh.instances.map(\.uri), ["samen://antwerpen/intake/1"])
        XCTAssertFalse(fresh.stale)
        // And the other way round: the peers are each other's.
        let back = try await antwerpenIntake.lookup(LookupRequest(service: "intake", region: "gent"))
        XCTAssertEqual(back.instances.map(\.uri), ["samen://gent/intake/1"])

        let everywhere = try await gentIntake.catalog(CatalogRequest(allRegions: true))
        XCTAssertEqual(everywhere.instances.map(\.uri), ["samen://antwerpen/intake/1", "samen://gent/intake/1"])
        XCTAssertEqual(everywhere.unreachableRegions, [])

        let unknown = await assertRPCError(.notFound) {
            try await gentIntake.lookup(LookupRequest(service: "intake", region: "brussel"))
        }
        XCTAssertTrue(unknown?.message.contains("brussel") ?? false)
        XCTAssertTrue(unknown?.message.contains("antwerpen, gent") ?? false, unknown?.message ?? "")

        await antwerpen.stop()

        let cached = try await gentIntake.lookup(LookupRequest(service: "intake", region: "antwerpen"))
        XCTAssertEqual(cached.instances.map(\.uri), ["samen://antwerpen/intake/1"])
        XCTAssertTrue(cached.stale, "answered from the cache while antwerpen is down")
        let uncached = await assertRPCError(.unavailable) {
            try await gentIntake.lookup(LookupRequest(service: "trajectory", region: "antwerpen"))
        }
        XCTAssertTrue(uncached?.message.contains("antwerpen") ?? false, uncached?.message ?? "")
        let partial = try await gentIntake.catalog(CatalogRequest(allRegions: true))
        XCTAssertEqual(partial.instances.map(\.uri), ["samen://gent/intake/1"])
        XCTAssertEqual(partial.unreachableRegions, ["antwerpen"])
        await gent.stop()
    }

    /// A peer registry answering with data this registry could not store breaks only its own region: the catalog
    /// of all regions shows the others and that region's error, and lookups there fail naming the region.
    func testAPeerAnsweringBadDataIsThatRegionsErrorOnly() async throws {
        let faults: [(BadPeerRegistry.Fault, String)] = [(.unparsableAddress, "address"), (.foreignRegion("gent"), "region 'gent'")]
        for (fault, expected) in faults {
            let mesh = try TestMesh()
            let bad = RPCServer(configuration: try mesh.serverConfiguration(mesh.identity("registry", region: "antwerpen")))
            BadPeerRegistry.register(on: bad, region: "antwerpen", fault: fault)
            let badPort = try bad.start()
            let gent = try await mesh.startRegistry(region: "gent", peers: ["antwerpen": [Endpoint(host: "127.0.0.1", port: badPort)]])
            let intake = try mesh.registryClient(port: gent.port, as: mesh.identity("intake"))
            _ = try await intake.register(RegisterRequest(service: "intake", region: "gent", instance: "1",
                                                          address: Endpoint(host: "127.0.0.1", port: 7101), version: "1"))

            let all = try await intake.catalog(CatalogRequest(allRegions: true))
            XCTAssertEqual(all.instances.map(\.uri), ["samen://gent/intake/1"])
            XCTAssertEqual(all.unreachableRegions, ["antwerpen"])
            XCTAssertTrue(all.regionErrors?["antwerpen"]?.contains(expected) ?? false, "\(all.regionErrors ?? [:])")
            let lookup = await assertRPCError(.unavailable) {
                try await intake.lookup(LookupRequest(service: "intake", region: "antwerpen"))
            }
            XCTAssertEqual(lookup?.details["region"], "antwerpen")
            let own = try await intake.lookup(LookupRequest(service: "intake"))
            XCTAssertEqual(own.instances.map(\.uri), ["samen://gent/intake/1"], "the own region is untouched")
            await gent.stop()
            await bad.drain(grace: .milliseconds(100))
        }
    }
}

import Foundation
@testable import RegistryService
import SamenContracts
import SamenRPC
import SamenTestSupport
import XCTest

/// The cache of other regions' answers is keyed by service names the callers choose: it keeps a bounded number of
/// answers, the most recent ones, however many names are asked for.
final class PeerCacheBoundTests: XCTestCase {
    func testCacheKeepsAtMostItsLimitAndTheNewestAnswers() async throws {
        let mesh = try TestMesh()
        let gentPort = freePort()
        let antwerpen = try await mesh.startRegistry(region: "antwerpen", peers: ["gent": [Endpoint(host: "127.0.0.1", port: gentPort)]])
        let gent = try await mesh.startRegistry(region: "gent", port: gentPort, peers: ["antwerpen": [antwerpen.endpoint]]) {
            $0.peerCacheMaximumEntries = 16
            $0.peerCacheTTL = 0  // always ask, so the cache is used only because the peer is down
        }
        let caller = try mesh.registryClient(port: gent.port, as: mesh.identity("intake", region: "gent"))
        for index in 0..<40 {
            let answer = try await caller.lookup(LookupRequest(service: "absent\(index)", region: "antwerpen"))
            XCTAssertEqual(answer.instances, [])
        }
        XCTAssertEqual(gent.service.peerCacheCount, 16)

        await antwerpen.stop()
        let newest = try await caller.lookup(LookupRequest(service: "absent39", region: "antwerpen"))
        XCTAssertTrue(newest.stale, "the newest answer is still served while its region is down")
        await assertRPCError(.unavailable) {
            try await caller.lookup(LookupRequest(service: "absent0", region: "antwerpen"))
        }
        await gent.stop()
    }
}

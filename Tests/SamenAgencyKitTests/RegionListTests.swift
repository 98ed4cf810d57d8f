import SamenAgencyKit
import SamenRPC
import SamenTestSupport
import Synchronization
import XCTest

/// The federation's regions kept between reads of the registry, and the last list used while it is away.
final class RegionListTests: XCTestCase {
    func testAnUnreachableRegistryIsAskedAgainOnlyAfterTheRefreshTime() async throws {
        let state = Mutex((fetches: 0, reachable: true))
        let list = RegionList(refreshAfter: .milliseconds(100)) {
            let reachable = state.withLock { state in
                state.fetches += 1
                return state.reachable
            }
            guard reachable else { throw RPCError(.unavailable, "registry away") }
            return ["antwerpen", "gent"]
        }
        let first = try await list.regions()
        XCTAssertEqual(first, ["antwerpen", "gent"])
        let kept = try await list.regions()
        XCTAssertEqual(kept, first)
        XCTAssertEqual(state.withLock { $0.fetches }, 1, "kept for the refresh time")

        state.withLock { $0.reachable = false }
        try await Task.sleep(for: .milliseconds(150))
        for _ in 0..<5 {
            let stale = try await list.regions()
            XCTAssertEqual(stale, first, "the last list while the registry is away")
        }
        XCTAssertEqual(state.withLock { $0.fetches }, 2, "one failed fetch, then the stale list for the refresh time")
    }

    func testAListNeverReadIsUnavailable() async {
        let list = RegionList(refreshAfter: .seconds(5)) { throw RPCError(.unavailable, "registry away") }
        await assertRPCError(.unavailable) { try await list.regions() }
    }
}

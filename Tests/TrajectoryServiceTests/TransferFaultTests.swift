import Foundation
import SamenContracts
import SamenReferenceData
import SamenRPC
import SamenTestSupport
import XCTest

/// A transfer when replies are lost and when the link between the two regions is cut in the middle: it still
/// ends with exactly one live trajectory, its history whole.
final class TransferFaultTests: XCTestCase {
    var scenario: TransferScenario!

    override func tearDown() async throws {
        await scenario?.mesh.stop()
    }

    /// A staff member's transfers client whose replies a proxy holds back: the call is done, its answer lost.
    /// The connection is made (TLS handshake, one call) before the replies are held.
    func withoutReplies(_ region: String) async throws -> (client: TransferClient, proxy: FreezableProxy) {
        let proxy = try FreezableProxy(targetPort: scenario.mesh.port(region))
        let channel = try scenario.mesh.mesh.staffClient(port: proxy.port, user: "an-counsellor", roles: ["counsellor"], region: region)
        let client = TransferClient(channel: channel)
        _ = try await client.list()
        proxy.holdReplies(true)
        return (client, proxy)
    }

    func testRetriesAfterLostRepliesToRequestAndAcceptMakeOneTransfer() async throws {
        scenario = try await TransferScenario.start()
        let lost = try await withoutReplies("gent")
        defer { lost.proxy.stop() }
        let key = CallOptions(timeout: .seconds(1), idempotencyKey: "move-1")
        await assertRPCError(.deadlineExceeded) { try await lost.client.request(self.scenario.request, options: key) }
        await scenario.await("antwerpen", "gent-x1", .requested)
        let retried = try await scenario.gent.request(scenario.request, options: CallOptions(idempotencyKey: "move-1"))
        XCTAssertEqual(retried.transferID, "gent-x1", "the retry answers the transfer the lost call made")
        let atSource = try await scenario.gent.list().transfers
        XCTAssertEqual(atSource.map(\.transferID), ["gent-x1"], "one transfer")

        let lostAccept = try await withoutReplies("antwerpen")
        defer { lostAccept.proxy.stop() }
        await assertRPCError(.deadlineExceeded) {
            try await lostAccept.client.accept("gent-x1", options: CallOptions(timeout: .seconds(1), idempotencyKey: "take-1"))
        }
        let accepted = try await scenario.antwerpen.accept("gent-x1", options: CallOptions(idempotencyKey: "take-1"))
        XCTAssertEqual(accepted.newTrajectoryID, "antwerpen-t1")
        await scenario.await("gent", "gent-x1", .completed)
        await scenario.await("antwerpen", "gent-x1", .completed)
        try await scenario.assertOneLive(accepted: true, transferID: "gent-x1")
    }

    func testACutLinkDelaysTheOfferAndTheSettlementUntilItHeals() async throws {
        scenario = try await TransferScenario.start(proxied: ["gent", "antwerpen"])
        let links = [scenario.mesh.proxy("gent")!, scenario.mesh.proxy("antwerpen")!]
        links.forEach { $0.freeze() }
        let requested = try await scenario.gent.request(scenario.request)
        XCTAssertEqual(requested.state, .requested, "the request commits at the source while the target cannot be reached")
        try await Task.sleep(for: .seconds(1))
        let undelivered = try await scenario.transfer("gent", requested.transferID)
        XCTAssertEqual(undelivered?.acknowledged, false, "the offer has not reached the target")
        let atTarget = try await scenario.antwerpen.list().transfers
        XCTAssertEqual(atTarget, [], "nothing at the target while the link is cut")
        await assertRPCError(.failedPrecondition) {
            try await self.scenario.mesh.staff().updateComponent(ComponentUpdate(trajectory: TransferScenario.reference(self.scenario.file),
                                                                                 component: .llo, state: .inProgress))
        }

        links.forEach { $0.thaw() }
        await scenario.await("antwerpen", requested.transferID, .requested, timeout: .seconds(40))

        links.forEach { $0.freeze() }
        let accepted = try await scenario.antwerpen.accept(requested.transferID)
        XCTAssertEqual(accepted.state, .accepted)
        try await Task.sleep(for: .seconds(1))
        let stillFrozen = try await scenario.transfer("gent", requested.transferID)
        XCTAssertEqual(stillFrozen?.state, .requested, "the source has not heard of the acceptance while the link is cut")

        links.forEach { $0.thaw() }
        await scenario.await("gent", requested.transferID, .completed, timeout: .seconds(40))
        await scenario.await("antwerpen", requested.transferID, .completed, timeout: .seconds(40))
        try await scenario.assertOneLive(accepted: true, transferID: requested.transferID)
    }
}

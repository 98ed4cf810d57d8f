import Foundation
import RegistryService
import SamenContracts
import SamenRPC
import SamenTestSupport
import XCTest

final class AdminPolicyTests: XCTestCase {
    /// An operator of one region cannot drain another region's registry; that region's own operator can.
    func testOperatorOfAnotherRegionCannotDrainTheRegistry() async throws {
        let mesh = try TestMesh()
        let gent = try await mesh.startRegistry(region: "gent")
        let antwerpenOperator = try mesh.client(port: gent.port, as: mesh.identity("operator", region: "antwerpen", instance: "alice"))
        let refused = await assertRPCError(.permissionDenied) {
            try await antwerpenOperator.call(Admin.drain, DrainRequest(graceSeconds: 1))
        }
        XCTAssertTrue(refused?.message.contains("of the same region") ?? false, refused?.message ?? "")
        XCTAssertFalse(gent.server.isDraining)
        let intake = try mesh.client(port: gent.port, as: "intake")
        let health = try await antwerpenOperator.call(Health.check, HealthCheckRequest())
        XCTAssertEqual(health.status, .serving)
        _ = try await RegistryClient(channel: intake).lookup(LookupRequest(service: "registry"))

        let gentOperator = try mesh.client(port: gent.port, as: mesh.identity("operator", region: "gent", instance: "bob"))
        _ = try await gentOperator.call(Admin.drain, DrainRequest(graceSeconds: 1))
        await eventually { gent.server.isDraining }
        await antwerpenOperator.close()
        await gentOperator.close()
        await intake.close()
        await gent.stop()
    }
}

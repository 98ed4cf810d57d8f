import Foundation
@testable import RegistryService
import SamenContracts
import SamenRPC
import SamenTestSupport
import XCTest

/// Routes: antwerpen's registry answers lookups and watches of its tolkdienst with gent's instances, the central
/// instance, so callers in antwerpen reach it without knowing.
final class RouteTests: XCTestCase {
    private var mesh: TestMesh!
    private var gent: RunningRegistry!
    private var antwerpen: RunningRegistry!

    override func setUp() async throws {
        mesh = try TestMesh()
        let gentPort = freePort()
        antwerpen = try await mesh.startRegistry(region: "antwerpen", peers: ["gent": [Endpoint(host: "127.0.0.1", port: gentPort)]]) {
            $0.routes = ["tolkdienst": "gent"]
            $0.peerCacheTTL = 0  // every refresh asks gent, so a change there shows at the next refresh
            $0.routeRefreshInterval = .milliseconds(50)
        }
        gent = try await mesh.startRegistry(region: "gent", port: gentPort, peers: ["antwerpen": [antwerpen.endpoint]])
    }

    override func tearDown() async throws {
        await antwerpen.stop()
        await gent.stop()
    }

    private func register(_ service: String, region: String, instance: String = "1", port: Int) async throws -> RegistryClient {
        let client = try mesh.registryClient(port: region == "gent" ? gent.port : antwerpen.port,
                                             as: mesh.identity(service, region: region, instance: instance))
        _ = try await client.register(RegisterRequest(service: service, region: region, instance: instance,
                                                      address: Endpoint(host: "127.0.0.1", port: port), version: "1"))
        return client
    }

    func testLookupsOfTheRoutedServiceAnswerTheServingRegionsInstances() async throws {
        _ = try await register("tolkdienst", region: "gent", port: 7103)
        // antwerpen's own tolkdienst, if one runs, is listed in its catalogue but not answered: the route decides.
        _ = try await register("tolkdienst", region: "antwerpen", port: 7203)
        let intake = try await register("intake", region: "antwerpen", port: 7201)

        let routed = try await intake.lookup(LookupRequest(service: "tolkdienst"))
        XCTAssertEqual(routed.instances.map(\.uri), ["samen://gent/tolkdienst/1"])
        let named = try await intake.lookup(LookupRequest(service: "tolkdienst", region: "antwerpen"))
        XCTAssertEqual(named.instances.map(\.uri), ["samen://gent/tolkdienst/1"], "naming the own region is the same lookup")
        let notRouted = try await intake.lookup(LookupRequest(service: "intake"))
        XCTAssertEqual(notRouted.instances.map(\.uri), ["samen://antwerpen/intake/1"], "other services stay the region's own")
        let catalogue = try await intake.catalog(CatalogRequest())
        XCTAssertEqual(catalogue.instances.map(\.uri).sorted(), ["samen://antwerpen/intake/1", "samen://antwerpen/tolkdienst/1"])

        // gent's registry passing on a lookup of antwerpen's tolkdienst would hand back gent's instances as antwerpen's.
        let gentIntake = try await register("intake", region: "gent", port: 7101)
        let refused = await assertRPCError(.failedPrecondition) {
            try await gentIntake.lookup(LookupRequest(service: "tolkdienst", region: "antwerpen"))
        }
        XCTAssertTrue(refused?.message.contains("served by region 'gent'") ?? false, refused?.message ?? "")
    }

    func testAWatchOfTheRoutedServiceFollowsTheServingRegion() async throws {
        let central = try await register("tolkdienst", region: "gent", port: 7103)
        let trajectory = try await register("trajectory", region: "antwerpen", port: 7202)
        var updates = trajectory.watch(WatchRequest(service: "tolkdienst")).makeAsyncIterator()
        let first = try await nextItem(&updates)
        XCTAssertEqual(first?.instances.map(\.uri), ["samen://gent/tolkdienst/1"])

        _ = try await register("tolkdienst", region: "gent", instance: "2", port: 7113)
        let second = try await nextItem(&updates)
        XCTAssertEqual(second?.instances.map(\.uri), ["samen://gent/tolkdienst/1", "samen://gent/tolkdienst/2"])

        try await central.deregister(DeregisterRequest(service: "tolkdienst", region: "gent", instance: "1"))
        let third = try await nextItem(&updates)
        XCTAssertEqual(third?.instances.map(\.uri), ["samen://gent/tolkdienst/2"])
    }

    func testRoutesAreCheckedAtStart() throws {
        let identity = mesh.identity("registry", region: "antwerpen")
        var configuration = RegistryConfiguration(identity: identity, databasePath: "unused", peers: ["gent": [gent.endpoint]],
                                                  logger: mesh.logger("registry"))
        for bad in ["tolkdienst", "tolkdienst:gent:x", "tolkdienst:gent,tolkdienst:gent", "Tolk!:gent", "tolkdienst:",
                    "tolkdienst:brugge", "tolkdienst:antwerpen", "registry:gent", "staff:gent"] {
            XCTAssertThrowsError(try RegistryProgram.apply(["route": bad], to: &configuration), bad) { error in
                XCTAssertEqual((error as? RPCError)?.status, .invalidArgument, bad)
                XCTAssertEqual((error as? RPCError)?.details["field"], "route", "\(bad): \(error)")
            }
        }
        try RegistryProgram.apply(["route": "tolkdienst:gent, verenigingen:gent"], to: &configuration)
        XCTAssertEqual(configuration.routes, ["tolkdienst": "gent", "verenigingen": "gent"])
    }
}

import Foundation
import SamenContracts
import SamenCtl
import SamenRPC
import SamenTestSupport
import XCTest

final class CommandTests: XCTestCase {
    private var mesh: CtlTestMesh!

    override func setUp() async throws {
        mesh = try await CtlTestMesh.make()
    }

    override func tearDown() async throws {
        await mesh.shutdown()
    }

    func testServicesJSONHasExactlyTheDocumentedFields() async {
        let result = await mesh.ctl("services", "--json")
        XCTAssertEqual(result.code, 0, result.err)
        let objects = jsonObjects(result.out)
        XCTAssertEqual(objects.count, 2)
        for object in objects {
            XCTAssertEqual(Set(object.keys), ["service", "region", "instance", "address", "health", "version"])
        }
        let echo = objects.first { $0["service"] as? String == "echo" }
        XCTAssertEqual(echo?["address"] as? String, mesh.echoEndpoint.description)
        XCTAssertEqual(echo?["health"] as? String, "passing")

        let table = await mesh.ctl("services")
        XCTAssertEqual(table.code, 0)
        XCTAssertTrue(table.out.hasPrefix("SERVICE"), table.out)
        XCTAssertTrue(table.out.contains(mesh.registryEndpoint.description), table.out)
    }

    func testCallTurnsJSONIntoTheTypedRequestAndPrintsTheResponse() async throws {
        let echo = await mesh.ctl("call", "gent/echo", "samen.bench/echo", "--json", #"{"data":"aGVsbG8="}"#)
        XCTAssertEqual(echo.code, 0, echo.err)
        let response = try JSONSerialization.jsonObject(with: Data(echo.out.utf8)) as? [String: Any]
        XCTAssertEqual(response?["data"] as? String, "aGVsbG8=")

        let lookup = await mesh.ctl("call", "gent/registry", "registry/lookup", "--json", #"{"service":"echo"}"#)
        XCTAssertEqual(lookup.code, 0, lookup.err)
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let typed = try decoder.decode(LookupResponse.self, from: Data(lookup.out.utf8))
        XCTAssertEqual(typed.instances.map(\.address), [mesh.echoEndpoint])

        let health = await mesh.ctl("call", "gent/echo", "samen.health/check")
        XCTAssertEqual(health.code, 0, health.err)
        XCTAssertTrue(health.out.contains(#""status" : "serving""#), health.out)
    }

    func testCallWithAnUnknownMethodListsTheKnownOnes() async {
        let result = await mesh.ctl("call", "gent/echo", "samen.bench/nope")
        XCTAssertEqual(result.code, 2)
        for name in ["samen.health/check", "samen.admin/drain", "samen.registry/lookup", "samen.registry/catalog",
                     "samen.registry/register", "samen.registry/heartbeat", "samen.registry/deregister"] {
            XCTAssertTrue(result.err.contains(name), "\(name) missing from: \(result.err)")
        }
    }

    func testCallWithBadJSONSaysWhatIsWrong() async {
        let missing = await mesh.ctl("call", "gent/registry", "samen.registry/lookup", "--json", #"{"region":"gent"}"#)
        XCTAssertEqual(missing.code, 2)
        XCTAssertTrue(missing.err.contains("missing field 'service'"), missing.err)
        XCTAssertTrue(missing.err.contains("LookupRequest"), missing.err)

        let wrongType = await mesh.ctl("call", "gent/registry", "samen.registry/catalog", "--json", #"{"allRegions":"yes"}"#)
        XCTAssertEqual(wrongType.code, 2)
        XCTAssertTrue(wrongType.err.contains("'allRegions' should be true or false"), wrongType.err)

        let broken = await mesh.ctl("call", "gent/registry", "samen.registry/catalog", "--json", "{")
        XCTAssertEqual(broken.code, 2)
        XCTAssertTrue(broken.err.contains("not valid JSON"), broken.err)
    }

    func testCallThatFailsPrintsTheStatusAndExitsOne() async {
        let result = await mesh.ctl("call", "gent/echo", "samen.health/check", "--json", #"{"service":"intake"}"#)
        XCTAssertEqual(result.code, 1)
        XCTAssertTrue(result.err.contains("not_found"), result.err)
    }

    func testDrainDrainsTheInstance() async {
        XCTAssertFalse(mesh.echoServer.isDraining)
        let result = await mesh.ctl("drain", "samen://gent/echo/1")
        XCTAssertEqual(result.code, 0, result.err)
        XCTAssertTrue(result.out.contains("draining samen://gent/echo/1"), result.out)
        await eventually { mesh.echoServer.isDraining }
    }

    func testDrainOfAnUnknownInstanceNamesTheKnownOnes() async {
        let result = await mesh.ctl("drain", "gent/echo/7")
        XCTAssertEqual(result.code, 1)
        XCTAssertTrue(result.err.contains("samen://gent/echo/1"), result.err)
        XCTAssertFalse(mesh.echoServer.isDraining)

        let malformed = await mesh.ctl("drain", "gent/echo")
        XCTAssertEqual(malformed.code, 2)
        XCTAssertTrue(malformed.err.contains("region/service/instance"), malformed.err)
    }

    func testHelpDescribesEveryCommand() async {
        let overview = await CtlTestMesh.ctl(["--help"])
        XCTAssertEqual(overview.code, 0)
        for command in ["health", "services", "call", "drain", "pki init", "pki issue-staff", "--as ROLE"] {
            XCTAssertTrue(overview.out.contains(command), command)
        }
        for command in ["health", "services", "call", "drain", "pki"] {
            let help = await CtlTestMesh.ctl(["help", command])
            XCTAssertEqual(help.code, 0, command)
            XCTAssertTrue(help.out.contains("usage: samenctl \(command)"), help.out)
        }
        let unknown = await CtlTestMesh.ctl(["frobnicate"])
        XCTAssertEqual(unknown.code, 2)
        XCTAssertTrue(unknown.err.contains("samenctl --help"), unknown.err)
        let badOption = await mesh.ctl("health", "--colour")
        XCTAssertEqual(badOption.code, 2)
        XCTAssertTrue(badOption.err.contains("--colour"), badOption.err)
    }

    func testMethodCatalogCapturesTheTypes() async throws {
        var catalog = MethodCatalog()
        catalog.add(BenchAPI.echo)
        let entry = try XCTUnwrap(catalog.entry(named: "echo"))
        XCTAssertEqual(entry.requestType, "EchoMessage")
        XCTAssertEqual(catalog.names, ["samen.bench/echo"])
        XCTAssertNil(catalog.entry(named: "check"))
    }

    /// A method name several services share means the called service's own.
    func testASharedMethodNameMeansTheTargetServicesOwn() throws {
        let catalog = MethodCatalog.standard
        XCTAssertNil(catalog.entry(named: "figures"), "figures alone names several services' methods")
        XCTAssertEqual(catalog.entry(named: "figures", on: "intake")?.name, "intake/figures")
        XCTAssertEqual(catalog.entry(named: "figures", on: "verenigingen")?.name, "verenigingen/figures")
        XCTAssertEqual(catalog.entry(named: "audit.query", on: "trajectory")?.name, "trajectory/audit.query")
        XCTAssertEqual(catalog.entry(named: "echo", on: "intake")?.name, "samen.bench/echo", "a name only one service has is found as before")
    }
}

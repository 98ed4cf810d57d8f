import SamenHost
import SamenRPC
import SamenTestSupport
import XCTest

final class ServiceLaunchOptionsTests: XCTestCase {
    func testBothFlagFormsParseAlike() throws {
        let spaced = try ServiceLaunchOptions(arguments: [
            "--region", "gent", "--listen", "0.0.0.0:7100", "--cert", "c.pem", "--key", "k.pem", "--ca", "ca.pem",
            "--peer", "antwerpen=registry-antwerpen:7100", "--option", "default-ttl=5"])
        let joined = try ServiceLaunchOptions(arguments: [
            "--region=gent", "--listen=0.0.0.0:7100", "--cert=c.pem", "--key=k.pem", "--ca=ca.pem",
            "--peer=antwerpen=registry-antwerpen:7100", "--option=default-ttl=5"])
        XCTAssertEqual(spaced, joined)
        XCTAssertEqual(joined.peers["antwerpen"], [Endpoint(host: "registry-antwerpen", port: 7100)])
        XCTAssertEqual(joined.extra, ["default-ttl": "5"])
        XCTAssertEqual(try ServiceLaunchOptions(arguments: joined.arguments), joined)
    }

    func testErrorsNameTheFlag() {
        XCTAssertThrowsError(try ServiceLaunchOptions(arguments: ["--region"])) { error in
            XCTAssertEqual((error as? RPCError)?.message, "--region needs a value")
        }
        XCTAssertThrowsError(try ServiceLaunchOptions(arguments: ["--region=gent", "--listen=x", "--cert=c", "--key=k", "--ca=a"])) { error in
            XCTAssertTrue((error as? RPCError)?.message.contains("'x' has no port") ?? false, "\(error)")
        }
        XCTAssertThrowsError(try ServiceLaunchOptions(arguments: ["--region=gent", "--colour=red"])) { error in
            XCTAssertTrue((error as? RPCError)?.message.hasPrefix("unknown flag --colour") ?? false, "\(error)")
        }
        let base = ["--region=gent", "--listen=127.0.0.1:1", "--cert=c", "--key=k", "--ca=a"]
        for (flag, expected) in [("--peer=Antwerpen=127.0.0.1:7100", "--peer: region 'Antwerpen'"),
                                 ("--peer=antwerpen=a]:b:1", "field 'address'"),
                                 ("--version=1.0 beta", "--version: field 'version'")] {
            XCTAssertThrowsError(try ServiceLaunchOptions(arguments: base + [flag])) { error in
                XCTAssertEqual((error as? RPCError)?.status, .invalidArgument)
                XCTAssertTrue((error as? RPCError)?.message.hasPrefix(expected) ?? false, "\(error)")
            }
        }
        XCTAssertThrowsError(try ServiceLaunchOptions(arguments: ["--listen=127.0.0.1:1", "--cert=c", "--key=k", "--ca=a"])) { error in
            XCTAssertEqual((error as? RPCError)?.message, "--region is required")
        }
    }

    func testMaximumConnectionsIsRangeChecked() throws {
        let base = ["--region=gent", "--listen=127.0.0.1:1", "--cert=c", "--key=k", "--ca=a"]
        let options = try ServiceLaunchOptions(arguments: base + ["--max-connections", "500"])
        XCTAssertEqual(options.maximumConnections, 500)
        XCTAssertEqual(try ServiceLaunchOptions(arguments: options.arguments), options)
        XCTAssertNil(try ServiceLaunchOptions(arguments: base).maximumConnections)
        for bad in ["0", "-3", "1000001", "many"] {
            XCTAssertThrowsError(try ServiceLaunchOptions(arguments: base + ["--max-connections", bad])) { error in
                XCTAssertEqual((error as? RPCError)?.message, "--max-connections must be a whole number from 1 to 1000000, found '\(bad)'")
            }
        }
    }

    func testHelpDescribesEveryFlagTheParserAccepts() {
        for flag in ServiceLaunchOptions.knownFlags {
            XCTAssertTrue(ServiceLaunchOptions.flagHelp.contains("--\(flag) "), "--help says nothing of --\(flag)")
        }
        XCTAssertTrue(ServiceLaunchOptions.asksForHelp(["--region", "gent", "--help"]))
        XCTAssertFalse(ServiceLaunchOptions.asksForHelp(["--region", "gent"]))
    }
}

@testable import SamenCtl
import XCTest

/// Every command has a help text, reachable as `samenctl help <command>` and `<command> --help`, and the overview
/// names it.
final class HelpTests: XCTestCase {
    func testEveryCommandHasHelpAndTheOverviewNamesIt() async {
        for command in SamenCtl.commands.keys {
            let text = Help.text(for: command)
            XCTAssertNotNil(text, command)
            XCTAssertTrue(text?.contains("usage: samenctl \(command)") == true, command)
            XCTAssertTrue(Help.overview.contains("\n  \(command) "), "the overview lists \(command)")
            let asked = await CtlTestMesh.ctl([command, "--help"])
            XCTAssertEqual(asked.code, 0, command)
            XCTAssertEqual(asked.out, text.map { $0 + "\n" }, command)
        }
        let audit = Help.text(for: "audit") ?? ""
        XCTAssertTrue(audit.contains("dpo or admin"), audit)
        let importing = Help.text(for: "import") ?? ""
        for type in ["registrations", "nt2", "settlements"] {
            XCTAssertTrue(importing.contains("intake --type \(type)"), importing)
        }
        XCTAssertTrue(importing.contains("trajectory --type trajectories  trajectory/trajectories.import (TrajectoryImport)"), importing)
    }
}

import Foundation
import XCTest

/// `samenctl backup`: the running registry's catalogue copied while it serves, and the refusals.
final class BackupCommandTests: XCTestCase {
    func testCopiesALiveServiceDatabaseAndRefusesToOverwriteUnlessTold() async throws {
        let mesh = try await CtlTestMesh.make()
        let database = "\(mesh.home.dataDirectory(region: "gent"))/registry.sqlite"
        let copy = "\(mesh.home.path)/registry-backup.sqlite"

        let result = await CtlTestMesh.ctl(["backup", database, copy])
        XCTAssertEqual(result.code, 0, result.err)
        XCTAssertTrue(result.out.contains("checked"), result.out)
        XCTAssertTrue(FileManager.default.fileExists(atPath: copy))

        let again = await CtlTestMesh.ctl(["backup", database, copy])
        XCTAssertEqual(again.code, 2, again.err)
        XCTAssertTrue(again.err.contains("already exists") && again.err.contains("--replace"), again.err)

        let replaced = await CtlTestMesh.ctl(["backup", database, copy, "--replace"])
        XCTAssertEqual(replaced.code, 0, replaced.err)
        await mesh.shutdown()
    }

    func testNamesWhatIsWrongWithTheArguments() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("samenctl-backup-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }

        let missing = await CtlTestMesh.ctl(["backup", "\(folder)/none.sqlite", "\(folder)/copy.sqlite"])
        XCTAssertEqual(missing.code, 2, missing.err)
        XCTAssertTrue(missing.err.contains("none.sqlite"), missing.err)
        XCTAssertFalse(FileManager.default.fileExists(atPath: "\(folder)/copy.sqlite"))

        let same = await CtlTestMesh.ctl(["backup", "\(folder)/a.sqlite", "\(folder)/./a.sqlite"])
        XCTAssertEqual(same.code, 2, same.err)
        let one = await CtlTestMesh.ctl(["backup", "\(folder)/a.sqlite"])
        XCTAssertEqual(one.code, 2, one.err)
    }
}

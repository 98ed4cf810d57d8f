import Foundation
import SamenAgencyKit
import SamenStorage
import SamenTestSupport
import XCTest

/// The kit owns migrations 1...99 of every agency service's file; a service's start at 100.
final class AgencySchemaTests: XCTestCase {
    func testAServiceMigrationBelow100IsRefused() throws {
        for low in [1, 3, 99] {
            XCTAssertThrowsError(try AgencySchema.all(with: [Migration(version: 100, sql: "SELECT 1"), Migration(version: low, sql: "SELECT 1")])) { error in
                let message = (error as? KitError)?.message ?? "\(error)"
                XCTAssertTrue(message.contains("service migration \(low) is below 100"), message)
            }
        }
        let all = try AgencySchema.all(with: [Migration(version: 100, sql: "SELECT 1"), Migration(version: 101, sql: "SELECT 2")])
        XCTAssertEqual(all.map(\.version), [1, 2, 3, 100, 101])
    }

    /// The store checks before it opens anything: a refused service leaves no file behind.
    func testTheStoreRefusesALowMigrationBeforeCreatingTheFile() throws {
        let mesh = try TestMesh()
        let path = "\(mesh.directory)/low.sqlite"
        XCTAssertThrowsError(try AgencyStore(path: path, service: mesh.identity("people"), migrations: [Migration(version: 7, sql: "SELECT 1")])) {
            XCTAssertTrue($0 is KitError, "\($0)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: path))
    }
}

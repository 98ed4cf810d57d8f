import SamenAgencyKit
import SamenContracts
import SamenReferenceData
import XCTest

/// A trajectory file stored before referrals and certificates existed still decodes, with neither.
final class TrajectoryFileCompatibilityTests: XCTestCase {
    /// The file's shape as the first step of issue 7 stored it.
    struct FirstStepFile: Codable {
        var trajectoryID: String
        var region: String
        var version: Int64
        var personID: String
        var personRegion: String
        var doelgroep: Doelgroep
        var signedOn: CivilDate
        var counsellor: String?
        var counsellorHistory: [CounsellorAssignment]
        var components: [ComponentStatus]
    }

    func testAFileOfTheFirstStepDecodesWithoutReferralsOrCertificate() throws {
        let day = try CivilDate("2019-03-14")
        let stored = FirstStepFile(trajectoryID: "gent-t1", region: "gent", version: 4, personID: "gent-p1", personRegion: "gent", doelgroep: .verplicht,
                                   signedOn: day, counsellor: "c-ar", counsellorHistory: [CounsellorAssignment(user: "c-ar", from: day, reason: "assigned at signing")],
                                   components: [ComponentStatus(component: .mo, required: true, state: .completed, startedOn: day, endedOn: day)])
        let file = try StoredFile.decode(TrajectoryFile.self, from: try StoredFile.encode(stored))
        XCTAssertEqual(file.trajectoryID, "gent-t1")
        XCTAssertEqual(file.version, 4)
        XCTAssertEqual(file.components, stored.components)
        XCTAssertNil(file.referrals)
        XCTAssertNil(file.certificate)
    }
}

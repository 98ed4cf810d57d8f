import Foundation
import SamenContracts
import SamenReferenceData
import SamenRPC
import SamenTestSupport
@testable import TolkdienstService
import XCTest

/// The central instance: gent's tolkdienst also serving leuven and brugge, which have none of their own, matches
/// across every region it serves and keeps one calendar per interpreter whatever the region of the request.
final class CentralMatchingTests: TolkdienstTestCase {
    override var servedRegions: [String] { ["leuven", "brugge"] }

    func testARegionWithoutItsOwnServiceIsMatchedCentrallyOnTheSameCalendars() async throws {
        let leuvenSchool = try await organisation(sector: .onderwijs, region: "leuven")
        let gentHospital = try await organisation(region: "gent")
        let both = try await interpreter("Gent and Leuven", regions: ["leuven", "gent"])
        let brugge = try await interpreter("Brugge", regions: ["brugge"])
        let gent = try await interpreter("Gent", regions: ["gent"])

        let inLeuven = try await request(leuvenSchool, at: "11:15")
        XCTAssertEqual(inLeuven.region, "leuven", "a request is matched in its organisation's region")
        let match = try await planner.match(inLeuven.id)
        XCTAssertEqual(match.candidates.map(\.interpreterID), [both.id])
        XCTAssertEqual(Dictionary(uniqueKeysWithValues: match.excluded.map { ($0.interpreterID, $0.reason) }), [brugge.id: .region, gent.id: .region])

        try await assign(try await request(gentHospital, at: "10:00"), both)
        let refused = await assertRPCError(.failedPrecondition) { try await self.assign(inLeuven, both) }
        XCTAssertEqual(refused?.details["conflict"], "gent-r2", "one calendar for the interpreter across the regions: \(refused?.message ?? "")")
        await assertInvalid("region") { try await self.organisation(region: "antwerpen") }
    }

    func testAnUpdateThatNamesNoRegionKeepsTheOrganisationsRegion() async throws {
        let school = try await organisation(sector: .onderwijs, region: "leuven")
        var renamed = organisationInput(sector: .onderwijs)
        renamed.name = "Basisschool De Linde"
        XCTAssertNil(renamed.region)
        let updated = try await planner.updateOrganisation(OrganisationUpdate(organisationID: school.id, version: school.version, organisation: renamed))
        XCTAssertEqual(updated.region, "leuven", "not moved to the central instance's own region")
        XCTAssertEqual(updated.name, "Basisschool De Linde")
    }

    func testTheServesOptionNamesRegions() throws {
        XCTAssertEqual(try TolkdienstProgram.servedRegions("leuven, brugge"), ["leuven", "brugge"])
        XCTAssertEqual(try TolkdienstProgram.servedRegions(nil), [])
        for bad in ["leuven,,brugge", "Leuven!", ""] {
            XCTAssertThrowsError(try TolkdienstProgram.servedRegions(bad), bad)
        }
    }
}

import Foundation
import SamenContracts
import SamenReferenceData
import SamenRPC
import SamenTestSupport

/// Two regions over real TLS for the MO exemption test: gent offers the slots (IN-Gent tests people from other
/// regions), antwerpen books them for its trajectories; each region has its intake for the signing.
final class ExemptionFixture: Sendable {
    let mesh: TrajectoryMesh
    /// gent's planner: plans slots, records results.
    let gentPlanner: ExemptionClient
    /// antwerpen's counsellor: books for antwerpen's trajectories.
    let antwerpenCounsellor: ExemptionClient
    let gentCounsellor: ExemptionClient

    init() async throws {
        mesh = try await TrajectoryMesh(regions: ["antwerpen", "gent"])
        gentPlanner = try mesh.exemption("gent", user: "g-planner", roles: [.planner])
        gentCounsellor = try mesh.exemption("gent", user: "g-counsellor", roles: [.counsellor])
        antwerpenCounsellor = try mesh.exemption("antwerpen", user: "a-counsellor", roles: [.counsellor])
    }

    func stop() async { await mesh.stop() }

    /// Registers a person (female: an even INSZ sequence) at the region's intake and signs their contract there;
    /// `number` keeps INSZs apart.
    func signed(in region: String, _ number: Int) async throws -> TrajectoryFile {
        let municipality = region == "gent" ? "44021" : "11002"
        let registration = Fixtures.registration(given: "Kandidaat\(number)", insz: Fixtures.insz(born: try CivilDate("1990-05-17"), sequence: 2 * number),
                                                 desk: "\(region)-centrum", municipality: municipality)
        let person = try await mesh.intakes.staff(region, user: "\(region)-desk").register(registration)
        return try await mesh.staff(region, user: "\(region)-counsellor").sign(SignRequest(personID: person.personID))
    }

    /// A slot of gent today (so it can be booked and its result recorded in one test).
    func slot(capacity: Int) async throws -> ExemptionSlot {
        try await gentPlanner.createSlot(ExemptionSlotPlan(date: Fixtures.today, start: "09:30", place: "Gent, Wolterslaan 16", capacity: capacity))
    }

    func trajectory(_ id: String) async throws -> TrajectoryFile {
        let region = String(id[..<id.lastIndex(of: "-")!])
        return try await mesh.staff(region, user: "\(region)-counsellor").get(id)
    }

    func mo(_ file: TrajectoryFile) -> ComponentStatus { file.components.first { $0.component == .mo }! }

    /// The region's audit trail of one trajectory as (method, staff user, access, outcome), oldest first.
    func audit(_ region: String, of trajectoryID: String) async throws -> [[String]] {
        let page = try await mesh.staff(region, user: "\(region)-dpo", roles: [.dpo]).audit(AuditQuery(personID: trajectoryID, limit: 1000))
        return page.events.reversed().map { [$0.method, $0.staff.map { String($0.split(separator: "/").last!) } ?? "-", $0.access.rawValue, $0.outcome] }
    }
}

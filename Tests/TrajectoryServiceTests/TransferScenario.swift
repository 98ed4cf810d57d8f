import Foundation
import SamenContracts
import SamenReferenceData
import SamenRPC
import SamenTestSupport
import XCTest

/// Two regions' trajectory services, in-process (`TrajectoryMesh`) or real processes, as the transfer tests reach them.
protocol TransferRegions: Sendable {
    var intakes: IntakeMesh { get }
    func staffTrajectory(_ region: String, user: String, roles: [StaffRole]) throws -> TrajectoryClient
    func stop() async
}

extension TransferRegions {
    /// A counsellor of the region.
    func counsellor(_ region: String) throws -> TrajectoryClient {
        try staffTrajectory(region, user: "an-counsellor", roles: [.counsellor])
    }
    func counsellorTransfers(_ region: String) throws -> TransferClient {
        TransferClient(channel: try counsellor(region).channel)
    }
}

extension TrajectoryMesh: TransferRegions {
    func staffTrajectory(_ region: String, user: String, roles: [StaffRole]) throws -> TrajectoryClient {
        try staff(region, user: user, roles: roles)
    }
}

/// Two regions, gent (source) and antwerpen (target), with a signed trajectory in gent that has some history, and
/// the steps and checks every transfer test uses.
struct TransferScenario {
    let regions: any TransferRegions
    /// The in-process regions (the tests that run on `TrajectoryMesh`).
    var mesh: TrajectoryMesh { regions as! TrajectoryMesh }
    /// The trajectory in gent as it was when the transfer was requested.
    let file: TrajectoryFile
    let gent: TransferClient
    let antwerpen: TransferClient

    static let source = "gent"
    static let target = "antwerpen"

    static func start(proxied: Set<String> = []) async throws -> TransferScenario {
        try await start(on: try await TrajectoryMesh(regions: [source, target], proxied: proxied))
    }

    static func start(on regions: any TransferRegions) async throws -> TransferScenario {
        _ = try await regions.staffTrajectory(source, user: "a-planner", roles: [.planner]).upsert(Counsellor(user: "c-ar", languages: ["ar"]))
        let person = try await regions.intakes.staff(source).register(Fixtures.registration())
        let counsellor = try regions.counsellor(source)
        let signed = try await counsellor.sign(SignRequest(personID: person.personID))
        let started = try await counsellor.updateComponent(ComponentUpdate(trajectory: reference(signed), component: .mo, state: .inProgress))
        let file = try await counsellor.updateComponent(ComponentUpdate(trajectory: reference(started), component: .nt2, state: .exempted,
                                                                        reason: "NT2 level shown"))
        return TransferScenario(regions: regions, file: file, gent: try regions.counsellorTransfers(source),
                                antwerpen: try regions.counsellorTransfers(target))
    }

    static func reference(_ file: TrajectoryFile) -> TrajectoryReference {
        TrajectoryReference(trajectoryID: file.trajectoryID, version: file.version)
    }

    var request: TransferRequest {
        TransferRequest(trajectory: Self.reference(file), targetRegion: Self.target, municipality: "11002", reason: "moved to Antwerpen")
    }

    func transfer(_ region: String, _ transferID: String) async throws -> TrajectoryTransfer? {
        try await (region == Self.source ? gent : antwerpen).list().transfers.first { $0.transferID == transferID }
    }

    /// Waits until `region` records the transfer in `state`.
    @discardableResult
    func await(_ region: String, _ transferID: String, _ state: TransferState, timeout: Duration = .seconds(20),
               file: StaticString = #filePath, line: UInt = #line) async -> Bool {
        await eventually(timeout: timeout, every: .milliseconds(50), "\(transferID) \(state.rawValue) in \(region)", file: file, line: line) {
            (try? await transfer(region, transferID))?.state == state
        }
    }

    /// The file at the target as it must be after acceptance: the source's, whole, under its new id, version and
    /// origin, without the source's counsellor (whose assignment the history closes).
    func expectedAtTarget(newID: String, transferID: String, on day: CivilDate = Fixtures.today) -> TrajectoryFile {
        var expected = file
        expected.trajectoryID = newID
        expected.region = Self.target
        expected.version = 1
        expected.origins = [TrajectoryOrigin(trajectoryID: file.trajectoryID, region: Self.source, transferID: transferID, acceptedOn: day)]
        expected.counsellor = nil
        if let last = expected.counsellorHistory.indices.last { expected.counsellorHistory[last].until = day }
        return expected
    }

    /// Exactly one live, writable trajectory across the two regions, with the whole history: the target's when
    /// `accepted`, else the source's.
    func assertOneLive(accepted: Bool, transferID: String, file: StaticString = #filePath, line: UInt = #line) async throws {
        let atSource = try await regions.counsellor(Self.source).get(self.file.trajectoryID)
        let targetList = try await regions.counsellor(Self.target).list(TrajectoryListRequest())
        if accepted {
            XCTAssertEqual(targetList.trajectories.count, 1, "one trajectory at the target", file: file, line: line)
            let newID = try XCTUnwrap(targetList.trajectories.first?.trajectoryID, file: file, line: line)
            XCTAssertEqual(atSource.tombstone, TrajectoryTombstone(region: Self.target, trajectoryID: newID, transferID: transferID,
                                                                   on: Fixtures.today), file: file, line: line)
            let moved = try await regions.counsellor(Self.target).get(newID)
            XCTAssertEqual(moved, expectedAtTarget(newID: newID, transferID: transferID), "the whole file moved", file: file, line: line)
            let refused = await assertRPCError(.failedPrecondition, file: file, line: line) {
                try await regions.counsellor(Self.source).updateComponent(ComponentUpdate(trajectory: Self.reference(atSource), component: .llo, state: .inProgress))
            }
            XCTAssertEqual(refused?.details["region"], Self.target, file: file, line: line)
            XCTAssertEqual(refused?.details["trajectoryID"], newID, file: file, line: line)
            let changed = try await regions.counsellor(Self.target).updateComponent(ComponentUpdate(trajectory: Self.reference(moved), component: .llo, state: .inProgress))
            XCTAssertEqual(changed.version, 2, "writable at the target", file: file, line: line)
        } else {
            XCTAssertEqual(targetList.trajectories, [], "nothing at the target", file: file, line: line)
            XCTAssertNil(atSource.tombstone, file: file, line: line)
            XCTAssertEqual(atSource.components, self.file.components, "the history is whole at the source", file: file, line: line)
            let changed = try await regions.counsellor(Self.source).updateComponent(ComponentUpdate(trajectory: Self.reference(atSource), component: .llo, state: .inProgress))
            XCTAssertEqual(changed.version, atSource.version + 1, "writable at the source again", file: file, line: line)
        }
    }
}

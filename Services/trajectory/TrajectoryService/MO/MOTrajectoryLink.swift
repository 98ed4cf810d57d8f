import SamenAgencyKit
import SamenContracts
import SamenReferenceData
import SamenRPC
import SamenStorage

/// How an MO enrolment and the trajectory's MO component go together: an enrolment of a person with a live
/// trajectory in the region records it, and getting a place starts the MO component, in the same transaction.
enum MOTrajectoryLink {
    /// The person's live trajectory in the region, if any; `failed_precondition` when its MO has ended (completed,
    /// exempted or stopped), since such a person takes nobody's place.
    static func trajectory(of personID: String, records: TrajectoryRecords, on connection: SQLiteConnection) throws -> String? {
        guard let trajectoryID = try records.live(personID: personID, on: connection) else { return nil }
        let (file, _) = try records.require(trajectoryID, on: connection)
        if let mo = file.components.first(where: { $0.component == .mo }), mo.state.isFinal {
            throw RPCError(.failedPrecondition, "field 'personID': MO of trajectory \(trajectoryID) is \(mo.state.rawValue)",
                           details: ["field": "personID", "trajectoryID": trajectoryID, "current": mo.state.rawValue])
        }
        return trajectoryID
    }

    /// A place was given: a planned MO component goes `in-progress` from `day`. `quietly` (a place handed on by
    /// someone else's cancellation) leaves a trajectory that cannot be changed here as it is rather than refusing
    /// the cancellation of another person.
    static func placed(_ trajectoryID: String, on day: CivilDate, records: TrajectoryRecords, scope: inout AuditScope, quietly: Bool = false) throws {
        var (file, seq): (TrajectoryFile, Int64)
        do {
            (file, seq) = try records.requireWritable(trajectoryID, on: scope.connection)
        } catch let error as RPCError where quietly && (error.status == .failedPrecondition || error.status == .notFound) {
            return
        }
        guard let index = file.components.firstIndex(where: { $0.component == .mo }), file.components[index].state == .planned else { return }
        file.components[index].state = .inProgress
        file.components[index].startedOn = max(day, file.signedOn)
        file.version += 1
        try records.save(file, seq: seq, on: scope.connection)
        scope.touched(trajectoryID)
    }
}

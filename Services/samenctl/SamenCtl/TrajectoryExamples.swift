import Foundation
import SamenContracts
import SamenReferenceData
import SamenRPC

/// Trajectory's methods with an example request each, for `samenctl call` and docs/METHODS.md.
extension MethodCatalog {
    mutating func addTrajectory() {
        let day = try! CivilDate("2019-03-14")
        let trajectory = TrajectoryReference(trajectoryID: "gent-t1", version: 1)
        add(TrajectoryAPI.sign, example: SignRequest(personID: "gent-p1", signedOn: day))
        add(TrajectoryAPI.get, example: TrajectoryRequest(trajectoryID: "gent-t1"))
        add(TrajectoryAPI.list, example: TrajectoryListRequest(from: day, through: day, counsellor: "an-counsellor", limit: 20))
        add(TrajectoryAPI.updateComponent, example: ComponentUpdate(trajectory: trajectory, component: .mo, state: .inProgress, on: day))
        add(TrajectoryAPI.reassign, example: ReassignRequest(trajectory: trajectory, counsellor: "another-counsellor", reason: "caseload balanced"))
        add(TrajectoryAPI.upsertCounsellor, example: Counsellor(user: "an-counsellor", languages: ["ar", "fr", "nl"]))
        add(TrajectoryAPI.listCounsellors, example: Empty())
        addFigures(TrajectoryAPI.figures, TrajectoryAPI.figuresBatch, example: "contracts.byDoelgroep")
        add(TrajectoryAPI.audit.query, example: AuditQuery(personID: "gent-t1", limit: 50))
        add(TrajectoryAPI.audit.exportPerson, example: PersonExportRequest(personID: "gent-t1"))
    }
}

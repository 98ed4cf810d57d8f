import SamenContracts
import SamenReferenceData
import SamenRPC

/// Trajectory's transfer methods with an example request each, for `samenctl call` and docs/METHODS.md.
extension MethodCatalog {
    mutating func addTransfers() {
        let transfer = TrajectoryTransfer(transferID: "gent-x1", direction: .outgoing, trajectoryID: "gent-t1", sourceRegion: "gent",
                                          targetRegion: "antwerpen", municipality: "11002", reason: "moved to Antwerpen",
                                          requestedOn: try! CivilDate("2019-10-01"))
        let file = TrajectoryFile(trajectoryID: "gent-t1", region: "gent", version: 3, personID: "gent-p1", personRegion: "gent",
                                  doelgroep: .verplicht, signedOn: try! CivilDate("2019-03-04"), counsellor: "c-ar",
                                  counsellorHistory: [CounsellorAssignment(user: "c-ar", from: try! CivilDate("2019-03-04"), reason: "assigned at signing")],
                                  components: TrajectoryComponent.allCases.map { ComponentStatus(component: $0, required: true) })
        add(TransferAPI.request, example: TransferRequest(trajectory: TrajectoryReference(trajectoryID: "gent-t1", version: 3),
                                                          targetRegion: "antwerpen", municipality: "11002", reason: "moved to Antwerpen"))
        add(TransferAPI.list, example: TransferListRequest(direction: .incoming, state: .requested, limit: 20))
        add(TransferAPI.accept, example: TransferReference(transferID: "gent-x1"))
        add(TransferAPI.refuse, example: TransferDecision(transferID: "gent-x1", reason: "address not confirmed"))
        add(TransferAPI.revoke, example: TransferDecision(transferID: "gent-x1", reason: "stays in Gent"))
        add(TransferAPI.offer, example: TransferOffer(transfer: transfer, file: file))
        add(TransferAPI.status, example: TransferReference(transferID: "gent-x1"))
        add(TransferAPI.withdraw, example: TransferWithdrawal(transfer: transfer, reason: "stays in Gent"))
        add(TransferAPI.settle, example: transfer)
        add(TransferAPI.findLive, example: LiveTrajectoryQuery(personID: "gent-p1"))
    }
}

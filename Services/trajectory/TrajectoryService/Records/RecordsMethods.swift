import SamenContracts
import SamenRPC

extension TrajectoryService {
    /// Registers every TrajectoryRecordsAPI method with the policy its contract declares.
    func registerRecords(on server: RPCServer) {
        server.register(TrajectoryRecordsAPI.addReferral) { [self] request, context in try await addReferral(request, context) }
        server.register(TrajectoryRecordsAPI.referralOutcome) { [self] request, context in try await referralOutcome(request, context) }
        server.register(TrajectoryRecordsAPI.openDiploma) { [self] request, context in try await openDiploma(request, context) }
        server.register(TrajectoryRecordsAPI.updateDiploma) { [self] request, context in try await updateDiploma(request, context) }
        server.register(TrajectoryRecordsAPI.getDiploma) { [self] request, context in try await diploma(request, context) }
        server.register(TrajectoryRecordsAPI.issueCertificate) { [self] request, context in try await issueCertificate(request, context) }
        server.register(TrajectoryRecordsAPI.getCertificate) { [self] request, context in try await certificate(request, context) }
        server.register(TrajectoryRecordsAPI.importTrajectories) { [self] batch, context in try await importTrajectories(batch, context) }
    }
}

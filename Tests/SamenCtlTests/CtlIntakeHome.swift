import Foundation
import SamenContracts
@testable import SamenCtl
import SamenHost
import SamenTestSupport
import SamenTLS
import XCTest

/// A mesh home as `samen up` makes it (the CA, registry and intake certificates, an operator and the dev-<role>
/// staff certificates per region) with intake and its registry running in-process on the home's CA
/// (`IntakeMesh`), trajectory (`TrajectoryMesh`), verenigingen (`VerenigingenMesh`) and tolkdienst (`TolkdienstMesh`) beside it when asked, and
/// `mesh.json` naming the registries: what samenctl's staff commands need, over real TLS.
final class CtlIntakeHome: Sendable {
    let home: MeshHome
    let intake: IntakeMesh
    let trajectory: TrajectoryMesh?
    let verenigingen: VerenigingenMesh?
    let tolkdienst: TolkdienstMesh?
    let reporting: ReportingMesh?

    /// `withReporting` runs trajectory too (reporting reads its figures).
    static func make(regions: [String] = ["gent"], trajectory: Bool = false, withVerenigingen: Bool = false,
                     withTolkdienst: Bool = false, withReporting: Bool = false) async throws -> CtlIntakeHome {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("samenctl-intake-\(UUID().uuidString)").path
        let home = MeshHome(path: folder)
        _ = try DevelopmentPKI.ensure(home: home, regions: regions, services: ["registry", IntakeAPI.service], operatorName: "tester",
                                      developmentStaff: true)
        let ca = try CertificateAuthority.load(certificateFile: home.caCertificate, privateKeyFile: home.caPrivateKey)
        let intake = try await IntakeMesh(regions: regions, mesh: TestMesh(ca: ca))
        try MeshDescription(regions: regions.map { .init(name: $0, registry: intake.registryEndpoint($0)) }).save(to: home)
        let trajectories = trajectory || withReporting ? try await TrajectoryMesh(intakes: intake, regions: regions) : nil
        let verenigingen = withVerenigingen ? try await VerenigingenMesh(beside: intake) : nil
        let tolkdienst = withTolkdienst ? try await TolkdienstMesh(beside: intake) : nil
        let reporting = withReporting ? try await ReportingMesh(beside: trajectories!, verenigingen: verenigingen) : nil
        return CtlIntakeHome(home: home, intake: intake, trajectory: trajectories, verenigingen: verenigingen, tolkdienst: tolkdienst,
                             reporting: reporting)
    }

    private init(home: MeshHome, intake: IntakeMesh, trajectory: TrajectoryMesh?, verenigingen: VerenigingenMesh?, tolkdienst: TolkdienstMesh?,
                 reporting: ReportingMesh?) {
        self.home = home
        self.intake = intake
        self.trajectory = trajectory
        self.verenigingen = verenigingen
        self.tolkdienst = tolkdienst
        self.reporting = reporting
    }

    /// Runs samenctl in-process against this home.
    func ctl(_ arguments: [String]) async -> (code: Int32, out: String, err: String) {
        await CtlTestMesh.ctl(arguments + ["--home", home.path])
    }

    func stop() async {
        await reporting?.stop()
        await verenigingen?.stop()
        await tolkdienst?.stop()
        if let trajectory { await trajectory.stop() } else { await intake.stop() }
        try? FileManager.default.removeItem(atPath: home.path)
    }
}

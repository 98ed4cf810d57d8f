import IntakeService
import RegistryService
import TrajectoryService
import TolkdienstService
import VerenigingenService
import ReportingService
import SamenHost

/// Every service of the mesh, as programs, registry first: `samen up` starts them in each region and
/// `samenctl pki init` issues a certificate for each. Adding a service to the mesh is one line here.
public enum ServiceCatalog {
    public static var all: [any ServiceProgram.Type] { [RegistryProgram.self, IntakeProgram.self, TrajectoryProgram.self, TolkdienstProgram.self, VerenigingenProgram.self, ReportingProgram.self] }

    public static var names: [String] { all.map { $0.name } }

    /// The agency services that keep files about people, each with its audit trail (`AuditAPI`): what
    /// `samenctl audit` reads when no service is named.
    public static var personFileServices: [String] { [IntakeProgram.name, TrajectoryProgram.name, TolkdienstProgram.name, VerenigingenProgram.name] }

    public static func program(named name: String) -> (any ServiceProgram.Type)? {
        all.first { $0.name == name }
    }
}

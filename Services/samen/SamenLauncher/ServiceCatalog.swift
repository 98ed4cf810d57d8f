import RegistryService
import SamenCtl
import SamenHost

/// Every service program `samen up` starts in each region, registry first.
///
/// Its names must equal `MeshDefaults.services` (SamenCtl), which `samenctl pki init` issues certificates for;
/// a SamenLauncherTests test checks that.
public enum ServiceCatalog {
    public static var all: [any ServiceProgram.Type] { [RegistryProgram.self] }

    public static var names: [String] { all.map { $0.name } }

    public static func program(named name: String) -> (any ServiceProgram.Type)? {
        all.first { $0.name == name }
    }
}

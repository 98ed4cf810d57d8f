/// Facts about the local development mesh that `samenctl` and `samen up` share.
public enum MeshDefaults {
    /// Every service of the mesh, by name, registry first. `samenctl pki init` issues a certificate for each in every
    /// region. `samen up` starts the programs of `ServiceCatalog.all` (SamenLauncher), whose names must be exactly
    /// these; a SamenLauncher test checks that the two agree.
    public static let services = ["registry"]
    /// The regions of a local mesh unless `--regions` says otherwise.
    public static let regions = ["gent", "antwerpen"]
    /// Region i's registry listens on basePort + 100 * i; its other services on the ports after it.
    public static let basePort = 7100
}

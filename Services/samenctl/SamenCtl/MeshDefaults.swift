/// Facts about the local development mesh that `samenctl` and `samen up` share.
public enum MeshDefaults {
    /// Every service of the mesh, by name, registry first (from `ServiceCatalog`).
    public static var services: [String] { ServiceCatalog.names }
    /// The regions of a local mesh unless `--regions` says otherwise.
    public static let regions = ["gent", "antwerpen"]
    /// Region i's registry listens on basePort + 100 * i; its other services on the ports after it.
    public static let basePort = 7100
}

import Foundation
import SamenFiles
import SamenRPC

/// The folder where a local mesh keeps its state: the development CA and certificates, each service's data and
/// logs, and `mesh.json`, which tells `samenctl` where each region's registry listens.
///
///     <home>/mesh.json
///     <home>/pki/ca.pem, ca-key.pem
///     <home>/pki/<region>/<service>.pem, <service>-key.pem     (identity samen://<region>/<service>/1)
///     <home>/pki/<region>/operator.pem, operator-key.pem       (identity samen://<region>/operator/<user>)
///     <home>/pki/<region>/staff/<user>.pem, <user>-key.pem     (identity samen://<region>/staff/<user>, roles)
///     <home>/data/<region>/                                    (SQLite files)
///     <home>/logs/<region>/<service>.log
///
/// Every folder is 0700 and every file 0600 except the service and operator certificates (0644, public by nature,
/// behind 0700 folders): data and logs will hold personal data, and a staff certificate names a person. The folder comes from `--home`, else `SAMEN_HOME`, else `./.samen`.
public struct MeshHome: Sendable, Equatable {
    public let path: String

    public init(path: String) {
        self.path = path.hasSuffix("/") && path.count > 1 ? String(path.dropLast()) : path
    }

    /// `--home` if given, else `SAMEN_HOME`, else `./.samen`, made absolute.
    public static func resolve(flag: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> MeshHome {
        let raw = flag ?? environment["SAMEN_HOME"] ?? ".samen"
        let absolute = raw.hasPrefix("/") ? raw : FileManager.default.currentDirectoryPath + "/" + raw
        return MeshHome(path: URL(fileURLWithPath: absolute).standardizedFileURL.path)
    }

    public var meshFile: String { "\(path)/mesh.json" }
    public var pkiDirectory: String { "\(path)/pki" }
    public var caCertificate: String { "\(pkiDirectory)/ca.pem" }
    public var caPrivateKey: String { "\(pkiDirectory)/ca-key.pem" }
    /// The operator certificate of one region: administrative methods admit operators of the server's own region
    /// only, so an operator has one certificate per region and `samenctl` picks the target region's.
    public func operatorCertificate(region: String) -> String { certificate(region: region, service: "operator") }
    public func operatorPrivateKey(region: String) -> String { privateKey(region: region, service: "operator") }

    /// A staff member's certificate (`samenctl pki issue-staff`; `samen up` makes `dev-<role>` for every role).
    public func staffCertificate(region: String, user: String) -> String { "\(staffDirectory(region: region))/\(user).pem" }
    public func staffPrivateKey(region: String, user: String) -> String { "\(staffDirectory(region: region))/\(user)-key.pem" }
    public func staffDirectory(region: String) -> String { "\(pkiDirectory)/\(region)/staff" }

    public func certificate(region: String, service: String) -> String { "\(pkiDirectory)/\(region)/\(service).pem" }
    public func privateKey(region: String, service: String) -> String { "\(pkiDirectory)/\(region)/\(service)-key.pem" }
    public func dataDirectory(region: String) -> String { "\(path)/data/\(region)" }
    public func logDirectory(region: String) -> String { "\(path)/logs/\(region)" }
    public func logFile(region: String, service: String) -> String { "\(logDirectory(region: region))/\(service).log" }

    /// Creates the home and its pki, data and log folders of `regions`, each 0700; returns the existing folders
    /// whose looser modes it tightened, for the caller to report.
    @discardableResult
    public func createFolders(regions: [String]) throws(PrivateFileError) -> [String] {
        var tightened = try PrivateFiles.createDirectory(path)
        for folder in [pkiDirectory, "\(path)/data", "\(path)/logs"] { tightened += try PrivateFiles.createDirectory(folder) }
        for region in regions {
            for folder in ["\(pkiDirectory)/\(region)", dataDirectory(region: region), logDirectory(region: region)] {
                tightened += try PrivateFiles.createDirectory(folder)
            }
        }
        return tightened
    }
}

/// `mesh.json`: the regions of a local mesh and where each one's registry listens.
public struct MeshDescription: Codable, Sendable, Equatable {
    public struct Region: Codable, Sendable, Equatable {
        public var name: String
        public var registry: Endpoint
        /// Every service of the region and its address, as started by `samen up`.
        public var services: [String: Endpoint]
        public init(name: String, registry: Endpoint, services: [String: Endpoint] = [:]) {
            self.name = name
            self.registry = registry
            self.services = services
        }

        /// Region and service names become folder names (certificates, logs): only identity syntax is accepted,
        /// so a hand-edited file cannot point outside the home. Addresses validate as `Endpoint` does.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            name = try container.decode(String.self, forKey: .name)
            registry = try container.decode(Endpoint.self, forKey: .registry)
            services = try container.decodeIfPresent([String: Endpoint].self, forKey: .services) ?? [:]
            guard (try? ServiceIdentity(region: name, service: "registry", instance: "1")) != nil else {
                throw DecodingError.dataCorruptedError(forKey: .name, in: container,
                                                       debugDescription: "region '\(name.prefix(80))' is not a region name (1...63 of a-z 0-9 -)")
            }
            for service in services.keys where (try? ServiceIdentity(region: name, service: service, instance: "1")) == nil {
                throw DecodingError.dataCorruptedError(forKey: .services, in: container,
                                                       debugDescription: "service '\(service.prefix(80))' is not a service name (1...63 of a-z 0-9 -)")
            }
        }
    }

    public var regions: [Region]
    public init(regions: [Region]) { self.regions = regions }

    public static func load(from home: MeshHome) throws -> MeshDescription {
        let data = try Data(contentsOf: URL(fileURLWithPath: home.meshFile))
        return try JSONDecoder().decode(MeshDescription.self, from: data)
    }

    public func save(to home: MeshHome) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try PrivateFiles.createDirectory(home.path)
        let data = try encoder.encode(self)
        // Our own temporary file, made 0600 first: Foundation's atomic write would create one with the umask's mode.
        let temporary = home.meshFile + ".tmp"
        try PrivateFiles.createFile(temporary)
        try data.write(to: URL(fileURLWithPath: temporary))
        guard rename(temporary, home.meshFile) == 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: home.meshFile])
        }
    }
}

import SamenHost

/// `samenctl pki init`: the development CA and certificates of a mesh home.
enum PKICommand: CtlCommand {
    static let options: Set<String> = ["home", "regions", "services", "operator", "dns"]
    static let switches: Set<String> = ["force"]

    static func run(_ arguments: Arguments, environment: [String: String], output: TextOutput) async throws(CtlFailure) -> Int32 {
        guard arguments.positionals == ["init"] else {
            throw .usage("the only pki command is `samenctl pki init`", command: "pki")
        }
        let home = MeshHome.from(arguments, environment: environment)
        let regions = arguments.list("regions") ?? MeshDefaults.regions
        let services = arguments.list("services") ?? MeshDefaults.services
        let operatorName = arguments.value("operator") ?? DevelopmentPKI.defaultOperatorName(environment: environment)
        let report = try DevelopmentPKI.ensure(home: home, regions: regions, services: services, operatorName: operatorName,
                                               dnsNames: arguments.values("dns"), force: arguments.has("force"))
        if report.created.isEmpty {
            output.print("nothing to do: every certificate already exists in \(home.pkiDirectory) (--force issues them anew)")
        } else {
            output.print("created in \(home.path):")
            for path in report.created { output.print("  \(path)") }
            if !report.kept.isEmpty { output.print("kept \(report.kept.count) existing files") }
            for identity in report.operatorIdentities { output.print("operator identity: \(identity.uri)") }
            output.print("next: `swift run samen up --home \(home.path)`")
        }
        return 0
    }
}

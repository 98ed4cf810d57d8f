import Foundation
import SamenAgencyKit
import SamenHost

/// `samenctl pki init` (the development CA and certificates of a mesh home) and `samenctl pki issue-staff` (a
/// staff member's certificate from that CA).
enum PKICommand: CtlCommand {
    private static let initOptions: Set<String> = ["home", "regions", "services", "operator", "dns", "compose", "owner"]
    private static let issueStaffOptions: Set<String> = ["home", "region", "user", "role", "out", "days"]
    static let options: Set<String> = initOptions.union(issueStaffOptions)
    static let switches: Set<String> = ["force"]

    static func run(_ arguments: Arguments, environment: [String: String], output: TextOutput) async throws(CtlFailure) -> Int32 {
        switch arguments.positionals {
        case ["init"]:
            try refuseOptions(of: arguments, outside: initOptions, subcommand: "init")
            return try initialize(arguments, environment: environment, output: output)
        case ["issue-staff"]:
            try refuseOptions(of: arguments, outside: issueStaffOptions, subcommand: "issue-staff")
            return try issueStaff(arguments, environment: environment, output: output)
        default:
            throw .usage("the pki commands are `samenctl pki init` and `samenctl pki issue-staff`", command: "pki")
        }
    }

    /// The two subcommands share one parser; an option of the other one is a mistake, not something to ignore.
    private static func refuseOptions(of arguments: Arguments, outside allowed: Set<String>, subcommand: String) throws(CtlFailure) {
        if let stray = arguments.options.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw .usage("`samenctl pki \(subcommand)` takes no --\(stray) (it takes: \(allowed.sorted().map { "--" + $0 }.joined(separator: " ")) --force)",
                         command: "pki")
        }
    }

    private static func initialize(_ arguments: Arguments, environment: [String: String], output: TextOutput) throws(CtlFailure) -> Int32 {
        let home = MeshHome.from(arguments, environment: environment)
        let regions = arguments.list("regions") ?? MeshDefaults.regions
        let services = arguments.list("services") ?? MeshDefaults.services
        let operatorName = arguments.value("operator") ?? DevelopmentPKI.defaultOperatorName(environment: environment)
        let composeFolder = arguments.value("compose")
        if arguments.value("owner") != nil && composeFolder == nil {
            throw .usage("--owner goes with --compose DIR (it owns the files installed there)", command: "pki")
        }
        let owner = try ComposeKeys.parseOwner(arguments.value("owner") ?? ComposeKeys.defaultOwner)
        let report = try DevelopmentPKI.ensure(home: home, regions: regions, services: services, operatorName: operatorName,
                                               dnsNames: arguments.values("dns"), hostPerService: composeFolder != nil,
                                               force: arguments.has("force"))
        if report.created.isEmpty {
            output.print("nothing to do: every certificate already exists in \(home.pkiDirectory) (--force issues them anew)")
        } else {
            output.print("created in \(home.path):")
            for path in report.created { output.print("  \(path)") }
            if !report.kept.isEmpty { output.print("kept \(report.kept.count) existing files") }
            for identity in report.operatorIdentities { output.print("operator identity: \(identity.uri)") }
            if composeFolder == nil { output.print("next: `swift run samen up --home \(home.path)`") }
        }
        if let composeFolder {
            let installed = try ComposeKeys.install(home: home, regions: regions, services: services, into: composeFolder,
                                                    owner: owner)
            output.print("installed ca.pem, <service>.pem and <service>-key.pem in \(installed.count) folders: "
                             + installed.map { URL(fileURLWithPath: $0).lastPathComponent }.joined(separator: " "))
        }
        return 0
    }

    private static func issueStaff(_ arguments: Arguments, environment: [String: String], output: TextOutput) throws(CtlFailure) -> Int32 {
        guard let region = arguments.value("region") else { throw .usage("issue-staff needs --region, e.g. --region gent", command: "pki") }
        guard let user = arguments.value("user") else { throw .usage("issue-staff needs --user, e.g. --user an-peeters", command: "pki") }
        let roles = try StaffRoleArgument.parse(arguments.list("role") ?? [], flag: "--role", command: "pki")
        let days = try arguments.wholeNumber("days", in: 1...DevelopmentPKI.maximumStaffDays, unit: "days", command: "pki")
            ?? DevelopmentPKI.defaultStaffDays
        let home = MeshHome.from(arguments, environment: environment)
        let folder = arguments.value("out").map { URL(fileURLWithPath: $0).standardizedFileURL.path }
        let issued = try DevelopmentPKI.issueStaff(home: home, region: region, user: user, roles: roles, days: days, folder: folder,
                                                   force: arguments.has("force"))
        let until = ISO8601DateFormatter.string(from: issued.notAfter, timeZone: TimeZone(identifier: "UTC")!, formatOptions: [.withFullDate])
        output.print("issued \(issued.identity.uri) with role \(issued.roles.joined(separator: ", ")), valid until \(until) (UTC)")
        output.print("  certificate: \(issued.certificate)")
        output.print("  key:         \(issued.privateKey)")
        output.print("use it: samenctl <command> --cert \(issued.certificate) --key \(issued.privateKey)")
        return 0
    }
}

/// Role names on the command line: each must be a `StaffRole`.
enum StaffRoleArgument {
    static var known: String { StaffRole.allCases.map(\.rawValue).joined(separator: ", ") }

    static func parse(_ names: [String], flag: String, command: String) throws(CtlFailure) -> [StaffRole] {
        var roles: [StaffRole] = []
        for name in names {
            guard let role = StaffRole(rawValue: name) else {
                throw .usage("\(flag) '\(name.prefix(40))' is not a staff role; the roles are \(known)", command: command)
            }
            roles.append(role)
        }
        return roles
    }
}

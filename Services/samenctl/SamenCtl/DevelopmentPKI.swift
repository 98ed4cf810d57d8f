import Foundation
import SamenAgencyKit
import SamenFiles
import SamenHost
import SamenTLS

/// The development certificate authority and certificates of a mesh home, as `samenctl pki init` and `samen up`
/// create them.
///
/// Idempotent: files that exist are kept (unless `force`), so running it again changes nothing. When the CA itself is
/// created, every leaf is issued anew, since leaves left from an earlier CA would no longer be trusted.
public enum DevelopmentPKI {
    /// What one run did, as paths relative to the home folder.
    public struct Report: Sendable, Equatable {
        public var created: [String] = []
        public var kept: [String] = []
        /// One operator identity per region, `samen://<region>/operator/<name>`.
        public var operatorIdentities: [ServiceIdentity] = []
    }

    public static let caCommonName = "samen-development-ca"

    /// The development staff member of `role`: `dev-<role>`, holding that role only.
    public static func developmentStaffUser(_ role: StaffRole) -> String { "dev-\(role.rawValue)" }

    /// One certificate to have: whose, with which roles, in which files.
    private struct Leaf {
        var identity: ServiceIdentity
        var roles: [String] = []
        var certificateFile: String
        var keyFile: String
        /// A staff certificate names a person, so it is written 0600 like a key; it needs no DNS or IP names, since
        /// a person only ever calls.
        var isStaff: Bool { !roles.isEmpty }
    }

    /// Ensures the CA, a certificate for every service in every region, and an operator certificate per region exist
    /// (administrative methods admit operators of the server's own region only); with `developmentStaff`, also a
    /// staff certificate per role and region (`dev-<role>`, for `samenctl --as <role>`). Folders are 0700, keys
    /// and staff certificates 0600. With `hostPerService`, each service certificate also names the host
    /// `<service>-<region>`, as compose calls its containers.
    public static func ensure(home: MeshHome, regions: [String], services: [String], operatorName: String,
                              dnsNames: [String] = [], hostPerService: Bool = false, developmentStaff: Bool = false,
                              force: Bool = false) throws(CtlFailure) -> Report {
        guard !regions.isEmpty else { throw CtlFailure("no regions given", hint: "pass --regions gent,antwerpen", exitCode: 2) }
        var report = Report()
        var identities: [Leaf] = []
        do {
            for region in regions {
                for service in services {
                    identities.append(Leaf(identity: try ServiceIdentity(region: region, service: service, instance: "1"),
                                           certificateFile: home.certificate(region: region, service: service),
                                           keyFile: home.privateKey(region: region, service: service)))
                }
                let operatorIdentity = try ServiceIdentity(region: region, service: "operator", instance: operatorName)
                identities.append(Leaf(identity: operatorIdentity, certificateFile: home.operatorCertificate(region: region),
                                       keyFile: home.operatorPrivateKey(region: region)))
                report.operatorIdentities.append(operatorIdentity)
                for role in developmentStaff ? StaffRole.allCases : [] {
                    let user = developmentStaffUser(role)
                    identities.append(Leaf(identity: try ServiceIdentity(region: region, service: StaffCertificate.service, instance: user),
                                           roles: [role.rawValue], certificateFile: home.staffCertificate(region: region, user: user),
                                           keyFile: home.staffPrivateKey(region: region, user: user)))
                }
            }
        } catch {
            throw CtlFailure("\(error)", hint: "region, service and operator names are lowercase letters, digits and '-'", exitCode: 2)
        }
        func relative(_ path: String) -> String {
            path.hasPrefix(home.path + "/") ? String(path.dropFirst(home.path.count + 1)) : path
        }

        do {
            for folder in [home.path, home.pkiDirectory] { try createDirectory(folder) }
            for region in regions {
                try createDirectory("\(home.pkiDirectory)/\(region)")
                if developmentStaff { try createDirectory(home.staffDirectory(region: region)) }
            }
            let fileManager = FileManager.default
            let caExists = fileManager.fileExists(atPath: home.caCertificate)
            let caKeyExists = fileManager.fileExists(atPath: home.caPrivateKey)
            let ca: CertificateAuthority
            let caCreated: Bool
            if caExists && caKeyExists && !force {
                ca = try CertificateAuthority.load(certificateFile: home.caCertificate, privateKeyFile: home.caPrivateKey)
                caCreated = false
                report.kept += [relative(home.caCertificate), relative(home.caPrivateKey)]
            } else {
                if (caExists != caKeyExists) && !force {
                    let missing = caExists ? home.caPrivateKey : home.caCertificate
                    throw CtlFailure("\(missing) is missing but its partner exists, so the CA is incomplete",
                                     hint: "pass --force to create a new CA and reissue every certificate", exitCode: 1)
                }
                ca = try CertificateAuthority.generate(commonName: caCommonName)
                try PEMFile.write(ca.privateKeyPEM, to: home.caPrivateKey, privateKey: true)
                try PEMFile.write(ca.certificatePEM, to: home.caCertificate, privateKey: false)
                caCreated = true
                report.created += [relative(home.caCertificate), relative(home.caPrivateKey)]
            }
            for leaf in identities {
                let exists = fileManager.fileExists(atPath: leaf.certificateFile) && fileManager.fileExists(atPath: leaf.keyFile)
                if exists && !force && !caCreated {
                    report.kept += [relative(leaf.certificateFile), relative(leaf.keyFile)]
                    continue
                }
                var request = CertificateRequest(commonName: commonName(leaf.identity))
                request.identity = leaf.identity
                request.roles = leaf.roles
                if !leaf.isStaff {
                    let own = hostPerService && leaf.identity.service != "operator" ? [leaf.identity.service + "-" + leaf.identity.region] : []
                    request.dnsNames = (["localhost"] + dnsNames + own).reduce(into: []) { names, name in
                        if !names.contains(name) { names.append(name) }
                    }
                    request.ipAddresses = ["127.0.0.1", "::1"]
                }
                try write(ca.issue(request), leaf)
                report.created += [relative(leaf.certificateFile), relative(leaf.keyFile)]
            }
        } catch let failure as CtlFailure {
            throw failure
        } catch {
            throw CtlFailure("cannot create the development PKI in \(home.pkiDirectory): \(error)",
                             hint: "check that the folder is writable, or pass --home DIR", exitCode: 1)
        }
        return report
    }

    /// The certificate's common name, for people reading it: the identity URI when it fits in 64 bytes.
    private static func commonName(_ identity: ServiceIdentity) -> String {
        identity.uri.utf8.count <= 64 ? identity.uri : "\(identity.region)-\(identity.service)"
    }

    private static func write(_ issued: IssuedCertificate, _ leaf: Leaf) throws {
        try PEMFile.write(issued.privateKeyPEM, to: leaf.keyFile, privateKey: true)
        try PEMFile.write(issued.certificatePEM, to: leaf.certificateFile, privateKey: leaf.isStaff)
    }

    /// Staff certificates are short-lived next to services' (825 days): a person changes jobs.
    public static let defaultStaffDays = 365
    public static let maximumStaffDays = 825

    /// What `issueStaff` wrote.
    public struct StaffFiles: Sendable, Equatable {
        public var identity: ServiceIdentity
        public var roles: [String]
        public var certificate: String
        public var privateKey: String
        public var notAfter: Date
    }

    /// Issues a staff certificate from the home's CA: identity `samen://<region>/staff/<user>`, one `samen-role:`
    /// SAN per role, valid for `days`, written 0600 (certificate and key) into `folder` (default
    /// `pki/<region>/staff/`). Existing files are replaced only with `force`.
    public static func issueStaff(home: MeshHome, region: String, user: String, roles: [StaffRole], days: Int = defaultStaffDays,
                                  folder: String? = nil, force: Bool = false) throws(CtlFailure) -> StaffFiles {
        let identity: ServiceIdentity
        do {
            _ = try ServiceIdentity(region: region, service: StaffCertificate.service, instance: "x")
        } catch {
            throw .usage("--region '\(region)' is not a region name: 1...63 characters of a-z, 0-9 and '-', not starting or ending with '-'",
                         command: "pki")
        }
        do {
            identity = try ServiceIdentity(region: region, service: StaffCertificate.service, instance: user)
        } catch {
            throw .usage("--user '\(user)' is not a valid user id: 1...63 characters of a-z, 0-9 and '-', not starting or ending with '-' "
                             + "(it becomes samen://\(region)/staff/<user>)", command: "pki")
        }
        guard !roles.isEmpty else {
            throw .usage("a staff certificate needs at least one --role (\(StaffRole.allCases.map(\.rawValue).joined(separator: ", ")))",
                         command: "pki")
        }
        guard (1...maximumStaffDays).contains(days) else {
            throw .usage("--days takes a whole number of days from 1 to \(maximumStaffDays), found \(days)", command: "pki")
        }
        guard FileManager.default.fileExists(atPath: home.caCertificate), FileManager.default.fileExists(atPath: home.caPrivateKey) else {
            throw CtlFailure("\(home.caCertificate) and \(home.caPrivateKey) are needed to issue a staff certificate",
                             hint: Hints.noHome, exitCode: 2)
        }
        // Sorted by name, as servers report them (`StaffMember.roles`).
        let roleNames = Set(roles.map(\.rawValue)).sorted()
        let directory = folder ?? home.staffDirectory(region: region)
        let leaf = Leaf(identity: identity, roles: roleNames, certificateFile: "\(directory)/\(user).pem", keyFile: "\(directory)/\(user)-key.pem")
        let existing = [leaf.certificateFile, leaf.keyFile].filter { FileManager.default.fileExists(atPath: $0) }
        if let first = existing.first, !force {
            throw CtlFailure("\(first) already exists", hint: "pass --force to issue \(identity.uri) anew and replace it", exitCode: 1)
        }
        let notBefore = Date().addingTimeInterval(-5 * 60)
        let notAfter = notBefore.addingTimeInterval(Double(days) * 24 * 60 * 60 + 5 * 60)
        do {
            let ca = try CertificateAuthority.load(certificateFile: home.caCertificate, privateKeyFile: home.caPrivateKey)
            // A folder of the home is made private; one the operator named (--out) is used as it is if it exists.
            var isFolder: ObjCBool = false
            if folder == nil || !FileManager.default.fileExists(atPath: directory, isDirectory: &isFolder) || !isFolder.boolValue {
                try createDirectory(directory)
            }
            var request = CertificateRequest(commonName: commonName(identity), identity: identity, notBefore: notBefore, notAfter: notAfter)
            request.roles = roleNames
            try write(ca.issue(request), leaf)
        } catch {
            throw CtlFailure("cannot issue \(identity.uri): \(error)", hint: "check that \(directory) is writable and the CA in \(home.pkiDirectory) is whole",
                             exitCode: 1)
        }
        return StaffFiles(identity: identity, roles: roleNames, certificate: leaf.certificateFile, privateKey: leaf.keyFile, notAfter: notAfter)
    }

    /// The operator name for a certificate: `$USER` made a valid identity part (lowercase letters, digits, '-'),
    /// or `admin`.
    public static func defaultOperatorName(environment: [String: String]) -> String {
        let user = environment["USER"] ?? environment["LOGNAME"] ?? ""
        var name = String(user.lowercased().map { ($0.isASCII && ($0.isLetter || $0.isNumber)) ? $0 : "-" })
        while name.hasPrefix("-") { name.removeFirst() }
        while name.hasSuffix("-") { name.removeLast() }
        name = String(name.prefix(63))
        while name.hasSuffix("-") { name.removeLast() }
        return name.isEmpty ? "admin" : name
    }

    private static func createDirectory(_ path: String) throws {
        try PrivateFiles.createDirectory(path)
    }
}

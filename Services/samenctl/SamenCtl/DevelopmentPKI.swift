import Foundation
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

    /// Ensures the CA, a certificate for every service in every region, and an operator certificate per region exist
    /// (administrative methods admit operators of the server's own region only). Folders are 0700, keys 0600.
    public static func ensure(home: MeshHome, regions: [String], services: [String], operatorName: String,
                              dnsNames: [String] = [], force: Bool = false) throws(CtlFailure) -> Report {
        guard !regions.isEmpty else { throw CtlFailure("no regions given", hint: "pass --regions gent,antwerpen", exitCode: 2) }
        var report = Report()
        var identities: [(ServiceIdentity, String, String)] = []
        do {
            for region in regions {
                for service in services {
                    identities.append((try ServiceIdentity(region: region, service: service, instance: "1"),
                                       home.certificate(region: region, service: service),
                                       home.privateKey(region: region, service: service)))
                }
                let operatorIdentity = try ServiceIdentity(region: region, service: "operator", instance: operatorName)
                identities.append((operatorIdentity, home.operatorCertificate(region: region), home.operatorPrivateKey(region: region)))
                report.operatorIdentities.append(operatorIdentity)
            }
        } catch {
            throw CtlFailure("\(error)", hint: "region, service and operator names are lowercase letters, digits and '-'", exitCode: 2)
        }
        func relative(_ path: String) -> String {
            path.hasPrefix(home.path + "/") ? String(path.dropFirst(home.path.count + 1)) : path
        }

        do {
            for folder in [home.path, home.pkiDirectory] { try createDirectory(folder) }
            for region in regions { try createDirectory("\(home.pkiDirectory)/\(region)") }
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
            for (identity, certificateFile, keyFile) in identities {
                let exists = fileManager.fileExists(atPath: certificateFile) && fileManager.fileExists(atPath: keyFile)
                if exists && !force && !caCreated {
                    report.kept += [relative(certificateFile), relative(keyFile)]
                    continue
                }
                let commonName = identity.uri.utf8.count <= 64 ? identity.uri : "\(identity.region)-\(identity.service)"
                let issued = try ca.issue(CertificateRequest(commonName: commonName, identity: identity,
                                                             dnsNames: ["localhost"] + dnsNames.filter { $0 != "localhost" },
                                                             ipAddresses: ["127.0.0.1", "::1"]))
                try PEMFile.write(issued.privateKeyPEM, to: keyFile, privateKey: true)
                try PEMFile.write(issued.certificatePEM, to: certificateFile, privateKey: false)
                report.created += [relative(certificateFile), relative(keyFile)]
            }
        } catch let failure as CtlFailure {
            throw failure
        } catch {
            throw CtlFailure("cannot create the development PKI in \(home.pkiDirectory): \(error)",
                             hint: "check that the folder is writable, or pass --home DIR", exitCode: 1)
        }
        return report
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

import Foundation
import SamenHost
import SamenTLS

/// `samenctl pki init --compose DIR`: copies each service's certificate and key, with the CA certificate, into
/// `DIR/<service>-<region>/`, the one volume that service's container mounts.
///
/// Only folders that exist are filled: compose mounts one volume per service there, so the services to install are
/// the ones the compose file gives a volume, and adding a service needs no change here. Each folder ends up 0700 and
/// owned by the services' user, its key 0600: the container runs as that user and nobody else needs the key.
enum ComposeKeys {
    /// The user and group the services run as in the image (`compose/Containerfile`).
    static let defaultOwner = "65532:65532"

    /// Fills every `<service>-<region>` folder of `folder` from `home`; returns the folders filled, sorted. A
    /// folder that names no issued service stops the run: its container would start without a key.
    static func install(home: MeshHome, regions: [String], services: [String], into folder: String,
                        owner: (user: uid_t, group: gid_t)) throws(CtlFailure) -> [String] {
        let (user, group) = owner
        let entries: [String]
        do {
            entries = try FileManager.default.contentsOfDirectory(atPath: folder).filter { !$0.hasPrefix(".") }.sorted()
        } catch {
            throw CtlFailure("--compose \(folder) cannot be read: \(error.localizedDescription)",
                             hint: "mount one volume per service at \(folder)/<service>-<region>", exitCode: 2)
        }
        var pairs: [String: (region: String, service: String)] = [:]
        for region in regions { for service in services { pairs["\(service)-\(region)"] = (region, service) } }
        var installed: [String] = []
        for entry in entries {
            guard let (region, service) = pairs[entry] else {
                throw CtlFailure("--compose: \(folder)/\(entry) is not <service>-<region> of an issued certificate",
                                 hint: "the services are \(services.joined(separator: ",")) and the regions \(regions.joined(separator: ",")); "
                                     + "pass --services and --regions to match the compose file", exitCode: 2)
            }
            let target = "\(folder)/\(entry)"
            do {
                let files = [(home.caCertificate, "ca.pem", false),
                             (home.certificate(region: region, service: service), "\(service).pem", false),
                             (home.privateKey(region: region, service: service), "\(service)-key.pem", true)]
                for (source, name, isKey) in files {
                    try PEMFile.write(try String(contentsOfFile: source, encoding: .utf8), to: "\(target)/\(name)", privateKey: isKey)
                    try own("\(target)/\(name)", user: user, group: group)
                }
                guard chmod(target, 0o700) == 0 else { throw CtlFailure("cannot set mode 0700 on \(target): \(String(cString: strerror(errno)))") }
                try own(target, user: user, group: group)
            } catch let failure as CtlFailure {
                throw failure
            } catch {
                throw CtlFailure("cannot install the certificate of \(region)/\(service) in \(target): \(error)",
                                 hint: "run the pki step as root, with \(target) writable", exitCode: 1)
            }
            installed.append(target)
        }
        return installed
    }

    private static func own(_ path: String, user: uid_t, group: gid_t) throws(CtlFailure) {
        guard chown(path, user, group) == 0 else {
            throw CtlFailure("cannot give \(path) to \(user):\(group): \(String(cString: strerror(errno)))",
                             hint: "run the pki step as root", exitCode: 1)
        }
    }

    /// `UID:GID`, each a number: the image's user may have no name in the pki container.
    static func parseOwner(_ text: String) throws(CtlFailure) -> (user: uid_t, group: gid_t) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let user = UInt32(parts[0]), let group = UInt32(parts[1]), user < UInt32.max, group < UInt32.max else {
            throw .usage("--owner takes UID:GID as two numbers below 4294967295, e.g. \(defaultOwner); found '\(text.prefix(40))'",
                         command: "pki")
        }
        return (user, group)
    }
}

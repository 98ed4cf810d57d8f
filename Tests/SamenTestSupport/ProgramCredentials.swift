import Foundation
import SamenRPC
import SamenTLS

extension TestMesh {
    /// Writes a certificate, key and CA for `identity` into `folder` (made if missing) and answers the service
    /// program flags that name them: what a test needs to run a built service as a real process.
    public func programCredentials(_ identity: ServiceIdentity, in folder: String) throws -> [String] {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let credentials = try credentials(identity)
        let name = "\(identity.region)-\(identity.service)"
        try PEMFile.write(credentials.certificateChainPEM, to: "\(folder)/\(name).pem", privateKey: false)
        try PEMFile.write(credentials.privateKeyPEM, to: "\(folder)/\(name)-key.pem", privateKey: true)
        try PEMFile.write(credentials.trustRootsPEM, to: "\(folder)/ca.pem", privateKey: false)
        return ["--cert", "\(folder)/\(name).pem", "--key", "\(folder)/\(name)-key.pem", "--ca", "\(folder)/ca.pem"]
    }
}

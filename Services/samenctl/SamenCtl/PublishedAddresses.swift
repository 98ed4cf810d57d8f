import Foundation
import SamenHost
import SamenRPC

/// `mesh.json`'s optional `published` object: where an address that the mesh advertises is reached from this machine.
///
/// Services in containers advertise names only their network resolves (`intake-gent:7101`); the operator's machine
/// reaches them through published ports (`127.0.0.1:7101`). Every client samenctl opens goes through `reachable`, so
/// `health --all-regions`, `call` and the rest work from the host as they do inside the network:
///
///     { "regions": [...], "published": { "registry-gent:7100": "127.0.0.1:7100", "intake-gent:7101": "127.0.0.1:7101" } }
struct PublishedAddresses: Sendable, Equatable {
    private(set) var addresses: [Endpoint: Endpoint] = [:]

    init(_ addresses: [Endpoint: Endpoint] = [:]) { self.addresses = addresses }

    /// The address to connect to for `advertised`: its published address, or itself.
    func reachable(_ advertised: Endpoint) -> Endpoint { addresses[advertised] ?? advertised }

    /// Reads the `published` object of `mesh.json`; none when the file or the object is absent.
    static func load(from home: MeshHome) throws(CtlFailure) -> PublishedAddresses {
        guard let data = FileManager.default.contents(atPath: home.meshFile) else { return PublishedAddresses() }
        return try decode(data, file: home.meshFile)
    }

    private struct File: Decodable {
        var published: [String: Endpoint]?
    }

    static func decode(_ data: Data, file: String) throws(CtlFailure) -> PublishedAddresses {
        let hint = "write it as \"published\": {\"<advertised host>:<port>\": \"<host>:<port>\"}, e.g. {\"intake-gent:7101\": \"127.0.0.1:7101\"}"
        let published: [String: Endpoint]
        do {
            published = try JSONDecoder().decode(File.self, from: data).published ?? [:]
        } catch {
            throw CtlFailure("\(file): published: \(error)", hint: hint, exitCode: 2)
        }
        var addresses: [Endpoint: Endpoint] = [:]
        for (advertised, address) in published {
            do {
                addresses[try Endpoint(advertised)] = address
            } catch {
                throw CtlFailure("\(file): published: '\(advertised.prefix(80))' \(error.message)", hint: hint, exitCode: 2)
            }
        }
        return PublishedAddresses(addresses)
    }
}

import Foundation
import SamenContracts
import SamenRPC

/// A registry of another region that answers catalog and lookup with data no valid registry would send: an
/// address that is not host:port text, or an instance of a region other than its own. For tests that one bad
/// region does not break the answers of the others.
public enum BadPeerRegistry {
    /// What the bad peer answers with.
    public enum Fault: Sendable {
        /// An instance whose address text cannot be parsed (`a]:b` once registered, as it was stored).
        case unparsableAddress
        /// A well-formed instance that claims to be of another region (`region`).
        case foreignRegion(String)
    }

    /// An instance with the address as plain text: encodes like `ServiceInstance`, whatever the text.
    struct LooseInstance: Codable, Sendable {
        var service: String
        var region: String
        var instance: String
        var address: String
        var version: String
        var metadata: [String: String]
        var health: String
        var ttlSeconds: Double
        var registeredAt: Date
        var lastHeartbeatAt: Date
    }

    struct LooseCatalog: Codable, Sendable {
        var instances: [LooseInstance]
        var unreachableRegions: [String]
    }

    struct LooseLookup: Codable, Sendable {
        var instances: [LooseInstance]
        var stale: Bool
    }

    /// Registers the bad catalog and lookup methods of region `region` on `server`.
    public static func register(on server: RPCServer, region: String, fault: Fault) {
        let instance = { @Sendable () -> LooseInstance in
            switch fault {
            case .unparsableAddress:
                LooseInstance(service: "intake", region: region, instance: "1", address: "[a]:b]:1", version: "1", metadata: [:],
                              health: "passing", ttlSeconds: 10, registeredAt: Date(), lastHeartbeatAt: Date())
            case .foreignRegion(let other):
                LooseInstance(service: "intake", region: other, instance: "9", address: "127.0.0.1:7999", version: "1", metadata: [:],
                              health: "passing", ttlSeconds: 10, registeredAt: Date(), lastHeartbeatAt: Date())
            }
        }
        server.register(UnaryMethod<CatalogRequest, LooseCatalog>(RegistryAPI.catalog.name), allow: .anyAuthenticated) { _, _ in
            LooseCatalog(instances: [instance()], unreachableRegions: [])
        }
        server.register(UnaryMethod<LookupRequest, LooseLookup>(RegistryAPI.lookup.name), allow: .anyAuthenticated) { _, _ in
            LooseLookup(instances: [instance()], stale: false)
        }
    }
}

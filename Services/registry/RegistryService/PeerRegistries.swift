import Foundation
import SamenContracts
import SamenRPC
import SamenTLS
import Synchronization

/// The other regions' registries: one client per peer endpoint, and a cache of their lookup answers so that a
/// region whose registry is down can still be served (marked stale) from what it said last.
final class PeerRegistries: Sendable {
    private struct CacheKey: Hashable {
        let region: String
        let service: String
    }

    private struct CachedAnswer {
        let instances: [ServiceInstance]
        let fetchedAt: Date
    }

    private let peers: [String: [Endpoint]]
    private let clients: [String: [RPCClient]]
    private let configuration: RegistryConfiguration
    private let cache = Mutex<[CacheKey: CachedAnswer]>([:])

    init(configuration: RegistryConfiguration, group: EventLoopGroup) {
        self.configuration = configuration
        var peers = configuration.peers
        peers[configuration.region] = nil  // never our own region: that would make a registry call itself
        self.peers = peers
        var clients: [String: [RPCClient]] = [:]
        if let tls = configuration.clientTLS {
            for (region, endpoints) in peers {
                clients[region] = endpoints.map { endpoint in
                    var client = RPCClient.Configuration(endpoint: endpoint, tls: tls, logger: configuration.logger)
                    // Only a registry certificate may answer for a region.
                    client.expectedService = "registry"
                    client.defaultTimeout = configuration.peerTimeout
                    client.connectTimeout = configuration.peerTimeout
                    client.initialBackoff = .milliseconds(50)
                    client.maximumBackoff = .seconds(2)
                    return RPCClient(configuration: client, group: group)
                }
            }
        }
        self.clients = clients
    }

    var regions: [String] { peers.keys.sorted() }

    var cacheCount: Int { cache.withLock { $0.count } }

    func knows(_ region: String) -> Bool { peers[region] != nil }

    /// The passing instances of `service` in `region`, fresh from the peer or cached; throws `unavailable` when
    /// the peer cannot be reached and nothing usable is cached.
    func lookup(service: String, region: String) async throws(RPCError) -> LookupResponse {
        let key = CacheKey(region: region, service: service)
        let now = configuration.clock()
        if let cached = cache.withLock({ $0[key] }), now.timeIntervalSince(cached.fetchedAt) <= configuration.peerCacheTTL {
            return LookupResponse(instances: cached.instances)
        }
        do {
            let answer: LookupResponse = try await ask(region) { client in
                let answer = try await client.call(RegistryAPI.lookup, LookupRequest(service: service, region: region))
                try Self.check(answer.instances, from: region)
                return answer
            }
            remember(answer.instances, for: key)
            return LookupResponse(instances: answer.instances)
        } catch {
            if let cached = cache.withLock({ $0[key] }),
               now.timeIntervalSince(cached.fetchedAt) <= configuration.peerCacheMaximumStaleness {
                configuration.logger.warning("answering from cache", [("region", region), ("service", service),
                                                                      ("reason", error.message)])
                return LookupResponse(instances: cached.instances, stale: true)
            }
            throw error
        }
    }

    /// Keeps an answer; the keys are service names callers choose, so answers too old to serve even as stale are
    /// dropped and, at the limit, the oldest one goes.
    private func remember(_ instances: [ServiceInstance], for key: CacheKey) {
        let now = configuration.clock()
        cache.withLock { cache in
            if cache[key] == nil, cache.count >= configuration.peerCacheMaximumEntries {
                cache = cache.filter { now.timeIntervalSince($0.value.fetchedAt) <= configuration.peerCacheMaximumStaleness }
                while cache.count >= max(1, configuration.peerCacheMaximumEntries),
                      let oldest = cache.min(by: { $0.value.fetchedAt < $1.value.fetchedAt }) {
                    cache[oldest.key] = nil
                }
            }
            cache[key] = CachedAnswer(instances: instances, fetchedAt: now)
        }
    }

    /// The whole catalogue of a peer region (never cached: operators want to see the truth or the failure).
    func catalog(region: String) async throws(RPCError) -> CatalogResponse {
        try await ask(region) { client in
            let answer = try await client.call(RegistryAPI.catalog, CatalogRequest(region: region))
            try Self.check(answer.instances, from: region)
            return answer
        }
    }

    /// A peer's answer is used only if every instance follows the registration rules and belongs to the peer's
    /// region: a peer must not be able to add instances to another region, or pass on data this registry could
    /// not store. A bad answer counts as the peer being unreachable (the next endpoint, or the cache, is tried).
    static func check(_ instances: [ServiceInstance], from region: String) throws(RPCError) {
        for instance in instances {
            do {
                try RequestValidation.stored(instance)
            } catch {
                throw RPCError(.unavailable, "the registry of region '\(region)' answered with an unusable instance: \(error.message)",
                               details: ["region": region])
            }
            guard instance.region == region else {
                throw RPCError(.unavailable, "the registry of region '\(region)' answered with an instance of region "
                                   + "'\(instance.region)'", details: ["region": region])
            }
        }
    }

    /// Tries the region's endpoints in turn; answers from the first that is reachable and answers usably (an
    /// answer that cannot be decoded arrives as `internal`). Errors other than these (the peer refused or
    /// rejected the call) are passed on as they are.
    private func ask<T: Sendable>(_ region: String, _ body: (RPCClient) async throws -> T) async throws(RPCError) -> T {
        guard let clients = clients[region], !clients.isEmpty else {
            if peers[region] != nil {
                throw RPCError(.unavailable, "the registry of region '\(region)' cannot be reached: this registry has no client certificate for peers")
            }
            throw RPCError(.notFound, "unknown region '\(region)'")
        }
        var reasons: [String] = []
        for client in clients {
            do {
                return try await body(client)
            } catch let error as RPCError where [.unavailable, .deadlineExceeded, .unauthenticated, .internal].contains(error.status) {
                reasons.append("\(client.configuration.endpoint): \(error.message)")
            } catch let error as RPCError {
                throw error
            } catch {
                reasons.append("\(client.configuration.endpoint): \(error)")
            }
        }
        throw RPCError(.unavailable, "the registry of region '\(region)' cannot be reached (\(reasons.joined(separator: "; ")))",
                       details: ["region": region])
    }

    func close() async {
        for client in clients.values.joined() { await client.close() }
    }
}

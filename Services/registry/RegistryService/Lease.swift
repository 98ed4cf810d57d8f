import Foundation
import SamenContracts

/// The lease rules, as pure functions of an instance's timestamps and the current time.
///
/// Health is derived from `lastHeartbeatAt` rather than only from the stored state, so answers are right even
/// between sweeps and right after a restart, however long the registry was down.
enum Lease {
    /// Critical once a whole TTL passed without a heartbeat.
    static func health(of instance: ServiceInstance, at now: Date) -> InstanceHealth {
        now.timeIntervalSince(instance.lastHeartbeatAt) > instance.ttlSeconds ? .critical : .passing
    }

    /// Removed once it has been critical (since `lastHeartbeatAt + ttl`) for longer than `deregisterCriticalAfter`.
    static func isExpired(_ instance: ServiceInstance, at now: Date, deregisterCriticalAfter: Double) -> Bool {
        now.timeIntervalSince(instance.lastHeartbeatAt) - instance.ttlSeconds > deregisterCriticalAfter
    }

    /// The instances to which a restart at `now` grants a grace period: stored as passing (the sweep had not
    /// seen their lease run out, so it ran out while the registry was down) but out of lease now. Their restart
    /// counts as their last heartbeat, so they stay passing for one TTL while their next heartbeat arrives.
    /// Instances already critical before the outage get no grace: their expiry goes on from the stored times.
    static func restartGrace(_ instances: [ServiceInstance], at now: Date) -> [ServiceInstance] {
        instances.filter { $0.health == .passing && health(of: $0, at: now) == .critical }.map { instance in
            var graced = instance
            graced.lastHeartbeatAt = now
            return graced
        }
    }

    /// The instance as callers should see it now.
    static func current(_ instance: ServiceInstance, at now: Date) -> ServiceInstance {
        var copy = instance
        copy.health = health(of: instance, at: now)
        return copy
    }
}

/// An instance's key within one region's catalogue.
struct InstanceKey: Hashable, Sendable, Comparable {
    var service: String
    var instance: String

    init(service: String, instance: String) {
        self.service = service
        self.instance = instance
    }

    init(_ instance: ServiceInstance) {
        self.init(service: instance.service, instance: instance.instance)
    }

    static func < (lhs: InstanceKey, rhs: InstanceKey) -> Bool {
        (lhs.service, lhs.instance) < (rhs.service, rhs.instance)
    }
}

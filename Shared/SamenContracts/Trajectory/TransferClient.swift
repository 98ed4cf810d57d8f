import SamenRPC

/// Typed calls to a region's transfers: `try await transfers.accept("gent-x3")`.
public struct TransferClient: Sendable {
    public let channel: any RPCChannel
    public init(channel: any RPCChannel) { self.channel = channel }

    public func request(_ request: TransferRequest, options: CallOptions = CallOptions()) async throws -> TrajectoryTransfer {
        try await channel.call(TransferAPI.request, request, options: options)
    }
    public func list(_ request: TransferListRequest = TransferListRequest(), options: CallOptions = CallOptions()) async throws -> TransferPage {
        try await channel.call(TransferAPI.list, request, options: options)
    }
    public func accept(_ transferID: String, options: CallOptions = CallOptions()) async throws -> TrajectoryTransfer {
        try await channel.call(TransferAPI.accept, TransferReference(transferID: transferID), options: options)
    }
    public func refuse(_ transferID: String, reason: String, options: CallOptions = CallOptions()) async throws -> TrajectoryTransfer {
        try await channel.call(TransferAPI.refuse, TransferDecision(transferID: transferID, reason: reason), options: options)
    }
    public func revoke(_ transferID: String, reason: String, options: CallOptions = CallOptions()) async throws -> TrajectoryTransfer {
        try await channel.call(TransferAPI.revoke, TransferDecision(transferID: transferID, reason: reason), options: options)
    }
    public func offer(_ offer: TransferOffer, options: CallOptions = CallOptions()) async throws -> TrajectoryTransfer {
        try await channel.call(TransferAPI.offer, offer, options: options)
    }
    public func status(_ transferID: String, options: CallOptions = CallOptions()) async throws -> TrajectoryTransfer {
        try await channel.call(TransferAPI.status, TransferReference(transferID: transferID), options: options)
    }
    public func withdraw(_ withdrawal: TransferWithdrawal, options: CallOptions = CallOptions()) async throws -> TrajectoryTransfer {
        try await channel.call(TransferAPI.withdraw, withdrawal, options: options)
    }
    public func settle(_ transfer: TrajectoryTransfer, options: CallOptions = CallOptions()) async throws -> TrajectoryTransfer {
        try await channel.call(TransferAPI.settle, transfer, options: options)
    }
    public func findLive(_ personID: String, options: CallOptions = CallOptions()) async throws -> LiveTrajectoryAnswer {
        try await channel.call(TransferAPI.findLive, LiveTrajectoryQuery(personID: personID), options: options)
    }
}

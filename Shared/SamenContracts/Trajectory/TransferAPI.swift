import SamenRPC

/// The transfer of a trajectory to another region, exactly once (docs/TRAJECTORY-TRANSFER.md). Staff of the
/// source request and revoke; staff of the target list, accept and refuse; the two regions' trajectory services
/// call the rest of it on each other.
public enum TransferAPI {
    public static let service = TrajectoryAPI.service

    static let staff = TrajectoryAPI.staff
    /// Only another region's trajectory service: the steps one side of a transfer asks of the other.
    static let peers = CallerPolicy.agency(services: [TrajectoryAPI.service], roles: [], regions: .anyRegion)
    static let validation = TrajectoryAPI.validation
    static let unknown = DeclaredError(.notFound, "no transfer with this id in the region")
    static let decided = DeclaredError(.failedPrecondition, "the transfer is no longer requested (details[\"state\"] names its state)")

    public static let request = UnaryMethod<TransferRequest, TrajectoryTransfer>(
        "trajectory/transfers.request",
        "Freezes a trajectory at the version read and offers it to the trajectory service of the region the person moved to.",
        policy: .agency(roles: staff),
        errors: [validation, TrajectoryAPI.stale, TrajectoryAPI.unknown,
                 .init(.failedPrecondition, "the trajectory is being transferred or was transferred (the message names the transfer and region)"),
                 .init(.unavailable, "the list of regions could not be read")])
    public static let list = UnaryMethod<TransferListRequest, TransferPage>(
        "trajectory/transfers.list",
        "The region's transfers, outgoing and incoming, newest first, a page at a time.",
        policy: .agency(roles: staff),
        errors: [validation])
    public static let accept = UnaryMethod<TransferReference, TrajectoryTransfer>(
        "trajectory/transfers.accept",
        "Accepts an incoming transfer: the trajectory becomes live here under a new id, with its whole history.",
        policy: .agency(roles: staff),
        errors: [validation, unknown, decided,
                 .init(.alreadyExists, "the person already has a live trajectory in this region")])
    public static let refuse = UnaryMethod<TransferDecision, TrajectoryTransfer>(
        "trajectory/transfers.refuse",
        "Refuses an incoming transfer with a reason; the source unfreezes its trajectory.",
        policy: .agency(roles: staff),
        errors: [validation, unknown, decided])
    public static let revoke = UnaryMethod<TransferDecision, TrajectoryTransfer>(
        "trajectory/transfers.revoke",
        "Revokes an outgoing transfer the target has not decided yet; the trajectory is writable here again.",
        policy: .agency(roles: staff),
        errors: [validation, unknown,
                 .init(.failedPrecondition, "the target already accepted or refused it (recorded here as it is now)"),
                 .init(.unavailable, "the target region could not be asked; nothing changed")])
    public static let offer = UnaryMethod<TransferOffer, TrajectoryTransfer>(
        "trajectory/transfers.offer",
        "Service only: the source hands the target a transfer and the trajectory's whole file; idempotent by transfer id.",
        policy: peers,
        errors: [validation, .init(.alreadyExists, "another offer was stored under this transfer id")])
    public static let status = UnaryMethod<TransferReference, TrajectoryTransfer>(
        "trajectory/transfers.status",
        "Service only: the target's record of a transfer, for the source's reconciler.",
        policy: peers,
        errors: [validation, unknown])
    public static let withdraw = UnaryMethod<TransferWithdrawal, TrajectoryTransfer>(
        "trajectory/transfers.withdraw",
        "Service only: the source asks the target to withdraw a transfer; answers the target's record (revoked, or the decision it already made).",
        policy: peers,
        errors: [validation])
    public static let settle = UnaryMethod<TrajectoryTransfer, TrajectoryTransfer>(
        "trajectory/transfers.settle",
        "Service only: the target tells the source its decision; the source writes the tombstone or unfreezes. Answers the source's record.",
        policy: peers,
        errors: [validation, unknown,
                 .init(.failedPrecondition, "the decision contradicts the one the source recorded")])
    public static let findLive = UnaryMethod<LiveTrajectoryQuery, LiveTrajectoryAnswer>(
        "trajectory/transfers.findLive",
        "Service only: the person's live trajectory in this region, if any, and where the ones that moved away went; asked by the region signing a contract.",
        policy: peers,
        errors: [validation])
}

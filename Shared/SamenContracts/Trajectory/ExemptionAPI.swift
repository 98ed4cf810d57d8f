import SamenRPC

/// Trajectory's MO exemption test (docs/TRAJECTORY-EXEMPTION.md): a region offers test slots; a counsellor or
/// planner books one (of any region) for a trajectory of their own region; the offering region's staff record the
/// result, and the offering region delivers it to the booking region, where passing exempts the trajectory from MO.
/// The `...For` and `deliverResult` methods are for the trajectory services of the regions only.
public enum ExemptionAPI {
    public static let service = TrajectoryAPI.service

    static let planners: Set<StaffRole> = [.planner]
    static let staff = TrajectoryAPI.staff
    static let regionServices: CallerPolicy = .agency(services: [service], roles: [], regions: .anyRegion)
    static let validation = TrajectoryAPI.validation
    static let unknownSlot = DeclaredError(.notFound, "no slot with this id in the offering region")
    static let unknownBooking = DeclaredError(.notFound, "no booking with this id")
    static let unreachable = DeclaredError(.unavailable, "the other region's trajectory service could not be reached; nothing was booked or changed")

    public static let createSlot = UnaryMethod<ExemptionSlotPlan, ExemptionSlot>(
        "trajectory/exemption.slots.create",
        "Plans an MO exemption test slot of the region: date, start HH:MM, place and capacity 1...100.",
        policy: .agency(roles: planners),
        errors: [validation])
    public static let listSlots = UnaryMethod<ExemptionSlotQuery, ExemptionSlotPage>(
        "trajectory/exemption.slots.list",
        "The coming slots with a free seat, of this region or (asked by this region's trajectory service) of another.",
        policy: .agency(services: [service], roles: staff, regions: .anyRegion),
        errors: [validation, unreachable])
    public static let slot = UnaryMethod<ExemptionSlotRequest, ExemptionSlotDetail>(
        "trajectory/exemption.slot",
        "One slot of the region with its attendance list (names for the check at the door, and results).",
        policy: .agency(roles: staff),
        errors: [validation, unknownSlot])
    public static let book = UnaryMethod<ExemptionBookRequest, ExemptionBooking>(
        "trajectory/exemption.book",
        "Books a seat in a slot of any region for a trajectory of this region; the offering region keeps the seat count.",
        policy: .agency(roles: staff),
        errors: [validation, unknownSlot, unreachable,
                 .init(.notFound, "no trajectory with this id in the region"),
                 .init(.failedPrecondition, "MO is already exempted or completed, the trajectory has an open booking, the slot is past or full, or the trajectory cannot be changed"),
                 .init(.alreadyExists, "the trajectory is booked in this slot already")])
    public static let cancel = UnaryMethod<ExemptionBookingRequest, ExemptionBooking>(
        "trajectory/exemption.cancel",
        "Cancels a booking of a trajectory of this region before its result; the offering region frees the seat.",
        policy: .agency(roles: staff),
        errors: [validation, unknownBooking, unreachable,
                 .init(.failedPrecondition, "the booking has a result or was cancelled already")])
    public static let bookFor = UnaryMethod<ExemptionBookForRequest, ExemptionBooking>(
        "trajectory/exemption.bookFor",
        "The offering region's side of a booking: one seat for a trajectory of the calling trajectory service's region.",
        policy: regionServices,
        errors: [validation, unknownSlot,
                 .init(.failedPrecondition, "the slot is past or has no free seat"),
                 .init(.alreadyExists, "the trajectory is booked in this slot already")])
    public static let cancelFor = UnaryMethod<ExemptionBookingRequest, ExemptionBooking>(
        "trajectory/exemption.cancelFor",
        "The offering region's side of a cancellation: frees the seat of a booking the calling region made.",
        policy: regionServices,
        errors: [validation, unknownBooking,
                 .init(.failedPrecondition, "the booking has a result")])
    public static let recordResult = UnaryMethod<ExemptionResultRequest, ExemptionBooking>(
        "trajectory/exemption.recordResult",
        "Records passed or failed for a booking of one of the region's slots once the test was held; the booking region receives it.",
        policy: .agency(roles: staff),
        errors: [validation, unknownBooking,
                 .init(.failedPrecondition, "the test has not been held yet, the booking was cancelled, or its result is recorded already")])
    public static let deliverResult = UnaryMethod<ExemptionResultDelivery, ExemptionDeliveryAck>(
        "trajectory/exemption.deliverResult",
        "The booking region's side of a result: stores it in the trajectory and, if passed, exempts MO; idempotent by booking id.",
        policy: regionServices,
        errors: [validation, unknownBooking,
                 .init(.failedPrecondition, "the trajectory cannot be changed in this region (e.g. it moved)")])
}

import SamenRPC

/// Typed calls to a region's MO exemption tests: `try await exemption.book(ExemptionBookRequest(...), options: ...)`.
public struct ExemptionClient: Sendable {
    public let channel: any RPCChannel
    public init(channel: any RPCChannel) { self.channel = channel }

    public func createSlot(_ plan: ExemptionSlotPlan, options: CallOptions = CallOptions()) async throws -> ExemptionSlot {
        try await channel.call(ExemptionAPI.createSlot, plan, options: options)
    }
    public func listSlots(_ query: ExemptionSlotQuery = ExemptionSlotQuery(), options: CallOptions = CallOptions()) async throws -> ExemptionSlotPage {
        try await channel.call(ExemptionAPI.listSlots, query, options: options)
    }
    public func slot(_ slotID: String, options: CallOptions = CallOptions()) async throws -> ExemptionSlotDetail {
        try await channel.call(ExemptionAPI.slot, ExemptionSlotRequest(slotID: slotID), options: options)
    }
    public func book(_ request: ExemptionBookRequest, options: CallOptions = CallOptions()) async throws -> ExemptionBooking {
        try await channel.call(ExemptionAPI.book, request, options: options)
    }
    public func cancel(_ bookingID: String, options: CallOptions = CallOptions()) async throws -> ExemptionBooking {
        try await channel.call(ExemptionAPI.cancel, ExemptionBookingRequest(bookingID: bookingID), options: options)
    }
    public func bookFor(_ request: ExemptionBookForRequest, options: CallOptions = CallOptions()) async throws -> ExemptionBooking {
        try await channel.call(ExemptionAPI.bookFor, request, options: options)
    }
    public func cancelFor(_ bookingID: String, options: CallOptions = CallOptions()) async throws -> ExemptionBooking {
        try await channel.call(ExemptionAPI.cancelFor, ExemptionBookingRequest(bookingID: bookingID), options: options)
    }
    public func recordResult(_ request: ExemptionResultRequest, options: CallOptions = CallOptions()) async throws -> ExemptionBooking {
        try await channel.call(ExemptionAPI.recordResult, request, options: options)
    }
    public func deliverResult(_ delivery: ExemptionResultDelivery, options: CallOptions = CallOptions()) async throws -> ExemptionDeliveryAck {
        try await channel.call(ExemptionAPI.deliverResult, delivery, options: options)
    }
}

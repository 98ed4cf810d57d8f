import SamenReferenceData

/// A session of the MO exemption test (vrijstellingstoets) a region offers, as a planner plans it.
public struct ExemptionSlotPlan: Codable, Sendable, Equatable {
    public var date: CivilDate
    /// The start time, `HH:MM` (24 hours, Europe/Brussels).
    public var start: String
    /// Where the test is held: 1...120 characters.
    public var place: String
    /// Seats: 1...100.
    public var capacity: Int

    public init(date: CivilDate, start: String, place: String, capacity: Int) {
        self.date = date
        self.start = start
        self.place = place
        self.capacity = capacity
    }
}

/// A test session with its count of booked seats; `booked` never exceeds `capacity`.
public struct ExemptionSlot: Codable, Sendable, Equatable {
    /// `<region>-s<n>`: the region is the one that offers the slot.
    public var id: String
    public var region: String
    public var date: CivilDate
    public var start: String
    public var place: String
    public var capacity: Int
    public var booked: Int

    public init(id: String, region: String, date: CivilDate, start: String, place: String, capacity: Int, booked: Int) {
        self.id = id
        self.region = region
        self.date = date
        self.start = start
        self.place = place
        self.capacity = capacity
        self.booked = booked
    }
}

/// Which slots to list: the coming slots with a free seat, of this region or of another one.
public struct ExemptionSlotQuery: Codable, Sendable, Equatable {
    /// The offering region; nil is the region of the service asked. Another region is asked by this region's
    /// trajectory service on the caller's behalf.
    public var region: String?
    /// Slots on or after this day; nil (and never earlier than) today.
    public var from: CivilDate?
    /// 1...500; nil: 100.
    public var limit: Int?
    /// The `next` of the previous page.
    public var after: String?

    public init(region: String? = nil, from: CivilDate? = nil, limit: Int? = nil, after: String? = nil) {
        self.region = region
        self.from = from
        self.limit = limit
        self.after = after
    }
}

/// A page of slots by date and start; `next` is given when there are more.
public struct ExemptionSlotPage: Codable, Sendable, Equatable {
    public var slots: [ExemptionSlot]
    public var next: String?
    public init(slots: [ExemptionSlot], next: String?) {
        self.slots = slots
        self.next = next
    }
}

/// The outcome of a test.
public enum ExemptionResult: String, Codable, Sendable, CaseIterable {
    /// Exempts the person from MO.
    case passed
    case failed
}

/// Whether a booking still holds its seat.
public enum ExemptionBookingState: String, Codable, Sendable, CaseIterable {
    case booked
    /// Cancelled before a result; the seat was freed.
    case cancelled
}

/// One trajectory's booking of one slot, as both the booking and the offering region know it.
public struct ExemptionBooking: Codable, Sendable, Equatable {
    /// `<offering region>-b<n>`.
    public var bookingID: String
    public var slotID: String
    /// The region that offers the slot and holds the test (O).
    public var slotRegion: String
    public var date: CivilDate
    public var start: String
    public var place: String
    /// The trajectory in the booking region (B).
    public var trajectoryID: String
    public var bookingRegion: String
    public var state: ExemptionBookingState
    /// Nil until the offering region records it.
    public var result: ExemptionResult?

    public init(bookingID: String, slotID: String, slotRegion: String, date: CivilDate, start: String, place: String, trajectoryID: String,
                bookingRegion: String, state: ExemptionBookingState = .booked, result: ExemptionResult? = nil) {
        self.bookingID = bookingID
        self.slotID = slotID
        self.slotRegion = slotRegion
        self.date = date
        self.start = start
        self.place = place
        self.trajectoryID = trajectoryID
        self.bookingRegion = bookingRegion
        self.state = state
        self.result = result
    }
}

/// A counsellor's or planner's booking of a slot (of any region) for a trajectory of their own region.
public struct ExemptionBookRequest: Codable, Sendable, Equatable {
    public var trajectoryID: String
    /// `<region>-s<n>`; the region part says which region offers it.
    public var slotID: String
    public init(trajectoryID: String, slotID: String) {
        self.trajectoryID = trajectoryID
        self.slotID = slotID
    }
}

/// What the booking region's trajectory service sends the offering region: the trajectory (whose id names the
/// booking region) and the name for the attendance list, nothing else of the person.
public struct ExemptionBookForRequest: Codable, Sendable, Equatable {
    public var slotID: String
    /// A trajectory of the calling service's region.
    public var trajectoryID: String
    /// The test centre checks the candidate's identity document against this name at the door.
    public var name: PersonName
    public init(slotID: String, trajectoryID: String, name: PersonName) {
        self.slotID = slotID
        self.trajectoryID = trajectoryID
        self.name = name
    }
}

/// Names one booking.
public struct ExemptionBookingRequest: Codable, Sendable, Equatable {
    public var bookingID: String
    public init(bookingID: String) { self.bookingID = bookingID }
}

/// The offering region's staff record a test's outcome; the test must have been held (its date today or earlier).
public struct ExemptionResultRequest: Codable, Sendable, Equatable {
    public var bookingID: String
    public var result: ExemptionResult
    public init(bookingID: String, result: ExemptionResult) {
        self.bookingID = bookingID
        self.result = result
    }
}

/// A result the offering region delivers to the booking region (from its outbox, until acknowledged).
public struct ExemptionResultDelivery: Codable, Sendable, Equatable {
    public var bookingID: String
    public var trajectoryID: String
    public var result: ExemptionResult
    /// The day the test was held.
    public var testedOn: CivilDate
    public init(bookingID: String, trajectoryID: String, result: ExemptionResult, testedOn: CivilDate) {
        self.bookingID = bookingID
        self.trajectoryID = trajectoryID
        self.result = result
        self.testedOn = testedOn
    }
}

/// The booking region's acknowledgement: the booking as it now stands in the trajectory.
public struct ExemptionDeliveryAck: Codable, Sendable, Equatable {
    public var bookingID: String
    /// True when the trajectory's MO component went to `exempted` by this delivery or an earlier one of it.
    public var moExempted: Bool
    public init(bookingID: String, moExempted: Bool) {
        self.bookingID = bookingID
        self.moExempted = moExempted
    }
}

/// One candidate on a slot's attendance list.
public struct ExemptionAttendee: Codable, Sendable, Equatable {
    public var bookingID: String
    public var trajectoryID: String
    public var bookingRegion: String
    public var name: PersonName
    public var result: ExemptionResult?
    public init(bookingID: String, trajectoryID: String, bookingRegion: String, name: PersonName, result: ExemptionResult?) {
        self.bookingID = bookingID
        self.trajectoryID = trajectoryID
        self.bookingRegion = bookingRegion
        self.name = name
        self.result = result
    }
}

/// Asks for one slot of the region.
public struct ExemptionSlotRequest: Codable, Sendable, Equatable {
    public var slotID: String
    public init(slotID: String) { self.slotID = slotID }
}

/// A slot and its attendance list (booked seats, in booking order).
public struct ExemptionSlotDetail: Codable, Sendable, Equatable {
    public var slot: ExemptionSlot
    public var attendees: [ExemptionAttendee]
    public init(slot: ExemptionSlot, attendees: [ExemptionAttendee]) {
        self.slot = slot
        self.attendees = attendees
    }
}

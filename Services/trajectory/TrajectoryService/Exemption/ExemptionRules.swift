import Foundation
import SamenAgencyKit
import SamenContracts
import SamenReferenceData
import SamenRPC

/// What a slot plan, an id or a name must satisfy before it reaches the store or another region; each refusal
/// names its field.
enum ExemptionRules {
    static let capacity = 1...100
    static let placeLength = 1...120
    static let nameLength = 1...100
    /// The reason a passed test gives the exempted MO component.
    static let exemptionReason = "vrijstellingstoets geslaagd"

    /// A plan with its place trimmed; the start time as `HH:MM`.
    static func check(_ plan: ExemptionSlotPlan, today: CivilDate) throws(RPCError) -> ExemptionSlotPlan {
        var plan = plan
        guard plan.date >= today else { throw RPCError.invalidField("date", "is in the past (\(plan.date) is before today, \(today))") }
        plan.start = try start(plan.start)
        plan.place = plan.place.trimmingCharacters(in: .whitespacesAndNewlines)
        guard placeLength.contains(plan.place.count) else {
            throw RPCError.invalidField("place", "must be \(placeLength.lowerBound)...\(placeLength.upperBound) characters")
        }
        guard capacity.contains(plan.capacity) else {
            throw RPCError.invalidField("capacity", "must be \(capacity.lowerBound)...\(capacity.upperBound) seats, not \(plan.capacity)")
        }
        return plan
    }

    /// `HH:MM` on a 24-hour clock, exactly five characters.
    static func start(_ text: String) throws(RPCError) -> String {
        let bytes = Array(text.utf8)
        func digit(_ index: Int) -> Int? { (0x30...0x39).contains(bytes[index]) ? Int(bytes[index] - 0x30) : nil }
        guard bytes.count == 5, bytes[2] == UInt8(ascii: ":"), let h1 = digit(0), let h2 = digit(1), let m1 = digit(3), let m2 = digit(4),
              h1 * 10 + h2 < 24, m1 * 10 + m2 < 60 else {
            throw RPCError.invalidField("start", "must be a time HH:MM between 00:00 and 23:59")
        }
        return text
    }

    /// The region of a slot or booking id (`<region>-s<n>`, `<region>-b<n>`), after checking its form.
    static func region(of id: String, kind: Character, field: String) throws(RPCError) -> String {
        try AgencyFields.region(ofID: id, prefix: kind, kind: kind == "s" ? "slot" : "booking", field: field)
    }

    /// The region part of a trajectory id, after `TrajectoryRecords.checkID`.
    static func region(ofTrajectory id: String, field: String = "trajectoryID") throws(RPCError) -> String {
        try TrajectoryRecords.checkID(id, field: field)
        return String(id[..<id.lastIndex(of: "-")!])
    }

    /// A name for the attendance list: each part 1...100 characters after trimming, no control characters.
    static func name(_ name: PersonName) throws(RPCError) -> PersonName {
        func part(_ text: String, _ field: String) throws(RPCError) -> String {
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            guard nameLength.contains(trimmed.count), !trimmed.unicodeScalars.contains(where: { CharacterSet.controlCharacters.contains($0) }) else {
                throw RPCError.invalidField(field, "must be 1...100 characters without control characters")
            }
            return trimmed
        }
        return PersonName(given: try part(name.given, "name.given"), family: try part(name.family, "name.family"))
    }

    /// Whether a trajectory may book: MO neither exempted nor completed (nor stopped), and no booking waiting for
    /// its result.
    static func checkCanBook(_ file: TrajectoryFile) throws(RPCError) {
        if let mo = file.components.first(where: { $0.component == .mo }), mo.state.isFinal {
            throw RPCError(.failedPrecondition, "field 'trajectoryID': MO of trajectory \(file.trajectoryID) is \(mo.state.rawValue); no exemption test to book",
                           details: ["field": "trajectoryID", "current": mo.state.rawValue])
        }
        if let open = file.exemptionTests?.first(where: { $0.state == .booked && $0.result == nil }) {
            throw RPCError(.failedPrecondition, "field 'trajectoryID': trajectory \(file.trajectoryID) is booked in slot \(open.slotID) already (booking \(open.bookingID))",
                           details: ["field": "trajectoryID", "bookingID": open.bookingID])
        }
    }
}

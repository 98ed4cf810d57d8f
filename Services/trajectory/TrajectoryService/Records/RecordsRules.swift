import Foundation
import SamenAgencyKit
import SamenContracts
import SamenReferenceData
import SamenRPC

/// The field rules the records share (docs/TRAJECTORY-RECORDS.md).
enum RecordsRules {
    /// A required text (an organisation's name): 1...`maximum` characters after trimming.
    static func text(_ text: String, field: String, maximum: Int) throws(RPCError) -> String {
        try AgencyFields.text(text, field: field, length: 1...maximum)
    }

    /// An optional note: at most 200 characters after trimming; empty is none.
    static func note(_ text: String?, field: String = "note") throws(RPCError) -> String? {
        let trimmed = (text ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.count <= 200 else { throw TrajectoryRules.invalid(field, "must be at most 200 characters") }
        return trimmed.isEmpty ? nil : trimmed
    }

    /// `date`, or today when nil; never in the future.
    static func day(_ date: CivilDate?, field: String, today: CivilDate) throws(RPCError) -> CivilDate {
        let day = date ?? today
        guard day <= today else { throw TrajectoryRules.invalid(field, "is in the future (\(day) is after today, \(today))") }
        return day
    }

    /// A record id of this kind, checked before it reaches the store or the audit trail.
    static func diplomaID(_ id: String, field: String = "diplomaID") throws(RPCError) {
        try AgencyFields.checkID(id, prefix: "d", kind: "diploma file", field: field)
    }

    static func certificateNumber(_ number: String, field: String = "number") throws(RPCError) {
        try AgencyFields.checkID(number, prefix: "a", kind: "certificate", field: field)
    }
}

import Foundation
import SamenAgencyKit
import SamenReferenceData
import SamenRPC

/// The field rules every method of the service shares; each refusal names its field.
enum VerenigingenRules {
    static func invalid(_ field: String, _ problem: String) -> RPCError {
        RPCError.invalidField(field, problem)
    }

    /// Free text trimmed, 1...`maximum` characters (and never more bytes than four times that).
    static func text(_ value: String, field: String, maximum: Int) throws(RPCError) -> String {
        try AgencyFields.text(value, field: field, length: 1...maximum)
    }

    /// The kinds of id the service gives, by their prefix (`gent-v3` an association).
    static let idKinds: [Character: String] = ["v": "association", "c": "support contact", "e": "event", "s": "call", "a": "application"]

    /// An id this service gave (`<region>-<prefix><n>`): anything else is refused before it reaches the store.
    static func id(_ value: String, prefix: Character, field: String) throws(RPCError) {
        try AgencyFields.checkID(value, prefix: prefix, kind: idKinds[prefix] ?? "record", field: field)
    }

    static func notAfter(_ date: CivilDate, today: CivilDate, field: String) throws(RPCError) {
        guard date <= today else { throw invalid(field, "is in the future (\(date) is after today, \(today))") }
    }

    static func period(from: CivilDate?, through: CivilDate?) throws(RPCError) {
        if let from, let through, through < from { throw invalid("through", "is before 'from'") }
    }

    /// A staff user id as the region's staff certificates carry it.
    static func staffUser(_ user: String, field: String, region: String) throws(RPCError) {
        try AgencyFields.checkStaffUser(user, field: field, region: region)
    }

    /// Euro cents within `range`, checked before any arithmetic.
    static func cents(_ value: Int64, field: String, in range: ClosedRange<Int64>) throws(RPCError) {
        guard range.contains(value) else { throw invalid(field, "must be \(range.lowerBound)...\(range.upperBound) euro cents, not \(value)") }
    }

    /// The staff member who makes the call: every desk method admits staff certificates only.
    static func staff(_ context: CallContext) throws(RPCError) -> String {
        guard let staff = context.staff else { throw RPCError(.permissionDenied, "a support desk method is called by a staff member") }
        return staff.user
    }
}

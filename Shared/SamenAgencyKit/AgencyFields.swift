import Foundation
import SamenReferenceData
import SamenRPC
import SamenTLS

/// Field rules every agency service applies the same way, each refusal `invalid_argument` naming the field.
public enum AgencyFields {
    /// Refuses anything that is not an id of the service's form, `<region>-<prefix><number>` (`gent-p42` a person,
    /// `gent-t3` a trajectory), before it reaches the store: the audit trail records the id a refused change names,
    /// and it must never be a name or an INSZ. `kind` names it in the message ("person", "trajectory").
    public static func checkID(_ value: String, prefix: Character, kind: String, field: String) throws(RPCError) {
        let parts = value.split(separator: "-")
        guard value.utf8.count <= 80, parts.count >= 2, let last = parts.last, last.first == prefix,
              let number = Int64(last.dropFirst()), number > 0,
              value.utf8.allSatisfy({ ($0 >= 0x61 && $0 <= 0x7a) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2d }) else {
            throw RPCError.invalidField(field, "is not a \(kind) id (<region>-\(prefix)<number>, e.g. gent-\(prefix)42)")
        }
    }

    /// The region part of an id `<region>-<prefix><number>`, after checking it as `checkID` does.
    public static func region(ofID value: String, prefix: Character, kind: String, field: String) throws(RPCError) -> String {
        try checkID(value, prefix: prefix, kind: kind, field: field)
        return String(value[..<value.lastIndex(of: "-")!])
    }

    /// Refuses a region name no certificate or registry could carry (1...63 of a-z, 0-9 and '-', as `ServiceIdentity`).
    public static func checkRegion(_ region: String, field: String) throws(RPCError) {
        do {
            _ = try ServiceIdentity(region: region, service: "registry", instance: "1")
        } catch {
            throw RPCError.invalidField(field, "is not a region name (1...63 lower-case letters, digits or '-')")
        }
    }

    /// An ISO 639 language code in its canonical form (`AR` → `ar`; `dut` refused naming `nl`); anything else is
    /// `invalid_argument` naming `field`.
    public static func language(_ code: String, field: String) throws(RPCError) -> String {
        do {
            return try Language(code, field: field).code
        } catch {
            throw RPCError.invalidField(error)
        }
    }

    /// How many records one page of a list may hold.
    public static let pageLimit = 1...500

    /// A list's page size: 100 when not given, else within `pageLimit` (`invalid_argument` naming `limit`).
    public static func limit(_ value: Int?) throws(RPCError) -> Int {
        let limit = value ?? 100
        guard pageLimit.contains(limit) else {
            throw RPCError.invalidField("limit", "must be \(pageLimit.lowerBound)...\(pageLimit.upperBound), not \(limit)")
        }
        return limit
    }

    /// Refuses a staff user id that no staff certificate of `region` could carry.
    public static func checkStaffUser(_ user: String, field: String, region: String) throws(RPCError) {
        do {
            _ = try ServiceIdentity(region: region, service: StaffCertificate.service, instance: user)
        } catch {
            throw RPCError.invalidField(field, "is not a staff user id")
        }
    }

    /// Free text trimmed, within `length` characters. A value of more bytes than four times the maximum is refused
    /// before it is trimmed or counted, so a huge field costs nothing.
    public static func text(_ value: String, field: String, length: ClosedRange<Int>) throws(RPCError) -> String {
        let problem = "must be \(length.lowerBound)...\(length.upperBound) characters"
        guard value.utf8.count <= length.upperBound * 4 else { throw RPCError.invalidField(field, problem) }
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        guard length.contains(trimmed.count) else { throw RPCError.invalidField(field, problem) }
        return trimmed
    }
}

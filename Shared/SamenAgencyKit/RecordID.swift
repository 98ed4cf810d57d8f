import SamenRPC

/// The ids an agency service gives its records: the region, a dash, a letter for the kind of record and a sequence
/// number (`gent-p42` a person at intake, `gent-t7` a trajectory, `gent-d3` a diploma file, `gent-a9` a certificate).
/// An id is checked before it reaches the store: the audit trail records the id a refused call names, and it must
/// never be a name or an INSZ.
public enum RecordID {
    /// Throws `invalid_argument` naming `field` unless `id` is `<region>-<letter><number>` (at most 80 bytes of
    /// lower-case letters, digits and dashes; the number above 0). `what` names the kind (`a person id`).
    public static func check(_ id: String, letter: Character, field: String, what: String) throws(RPCError) {
        let parts = id.split(separator: "-")
        guard id.utf8.count <= 80, parts.count >= 2, let last = parts.last, last.first == letter,
              let number = Int64(last.dropFirst()), number > 0,
              id.utf8.allSatisfy({ ($0 >= 0x61 && $0 <= 0x7a) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2d }) else {
            throw RPCError.invalidField(field, "is not \(what) (<region>-\(letter)<number>, e.g. gent-\(letter)42)")
        }
    }
}

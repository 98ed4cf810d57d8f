/// A person's sex as registered at the desk.
///
/// `x` is for a person whose documents say neither female nor male (passports may carry `X`), or who does not
/// state it; the INSZ consistency check compares only `female` and `male` with the INSZ, because an INSZ
/// encodes one of those two and nothing else. Coded as `female`, `male`, `x`; parsing also takes the usual
/// letters `F`/`V` (vrouw), `M`, `X`, case-insensitively.
public enum Sex: String, Sendable, Hashable, Codable, CaseIterable {
    case female
    case male
    case x

    /// Parses the coded value or a usual letter; anything else is refused naming the accepted values.
    public static func parse(_ text: String, field: String = "sex") throws(ReferenceDataError) -> Sex {
        switch text.trimmingWhitespace.lowercased() {
        case "female", "f", "v": return .female
        case "male", "m": return .male
        case "x": return .x
        default:
            throw ReferenceDataError(field: field, rule: .sexUnknownValue, problem: "must be female, male or x")
        }
    }
}

extension String {
    /// Without leading and trailing Unicode whitespace (no Foundation needed for this).
    var trimmingWhitespace: Substring {
        let isSpace: (Character) -> Bool = { $0.isWhitespace }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return self[first...last]
    }
}

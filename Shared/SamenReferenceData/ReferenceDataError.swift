/// Why a value is refused by the reference data: the field it came from, the rule it broke, and a message
/// naming both, written like the mesh's other field errors ("field 'insz' has ...").
///
/// Messages never repeat a person's value (an INSZ, a birth date, a name): they reach logs and audit
/// outcomes, where personal data must not go. Codes (a country or language code, a NIS code) are not personal
/// and are named, because the desk needs to see which one was wrong. The intake service maps this error to
/// `invalid_argument` with `details["field"] = field`.
public struct ReferenceDataError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Which rule refused the value; stable names, usable as a machine-readable reason.
    public enum Rule: String, Sendable, Equatable, CaseIterable {
        case inszCharacters = "insz_characters"
        case inszLength = "insz_length"
        case inszCheckDigits = "insz_check_digits"
        case inszMonth = "insz_month"
        case inszSequence = "insz_sequence"
        case inszBirthInFuture = "insz_birth_in_future"
        case birthDateMismatch = "birth_date_mismatch"
        case sexMismatch = "sex_mismatch"
        case sexUnknownValue = "sex_unknown_value"
        case nationalityFormat = "nationality_format"
        case nationalityUnknown = "nationality_unknown"
        case languageFormat = "language_format"
        case languageUnknown = "language_unknown"
        case languageHasShorterCode = "language_has_639_1_code"
        case municipalityUnknown = "municipality_unknown"
        case municipalityNotOnDate = "municipality_not_on_date"
    }

    /// The request field, as the caller named it (`insz`, `languages[1]`, ...).
    public let field: String
    public let rule: Rule
    /// What is wrong, without the field name (the description adds it).
    public let problem: String

    public init(field: String, rule: Rule, problem: String) {
        self.field = field
        self.rule = rule
        self.problem = problem
    }

    public var message: String { "field '\(field)' \(problem)" }
    public var description: String { message }
}

/// Input longer than this is refused before it is looked at: no code, number or name in the reference data is
/// anywhere near as long, and a bound keeps hostile input from costing work.
let maximumInputLength = 200

/// A nationality as the desk records it: an ISO 3166-1 alpha-2 country code, Kosovo, or one of the statuses
/// that are not a country.
///
/// Codes, always two uppercase letters on the way out (input is case-insensitive):
/// - the 249 officially assigned ISO 3166-1 alpha-2 codes (`countryTable`);
/// - `XK` Kosovo, the code the EU and CLDR use although ISO has not assigned it (user-assigned range);
/// - `XA` stateless (staatloos): a recognised status, e.g. for refugees; after ICAO's `XXA`;
/// - `XX` unknown (onbekend): the desk does not know it (no documents, not stated); after ICAO's `XXX`;
/// - `XU` undetermined (onbepaald): the authorities have not determined it (the population register's
///   "nationaliteit onbepaald", e.g. while it is being established).
/// The last three are in ISO's user-assigned range (`XA`...`XZ`), so they never collide with a country code.
/// The ICAO three-letter forms `XXA` and `XXX` are accepted on input (documents carry them) and stored as
/// `XA` and `XX`. Membership of the EU or EEA is not encoded here.
public struct Nationality: Hashable, Sendable, CodedAsText, CustomStringConvertible {
    /// What the code stands for.
    public enum Kind: String, Sendable, Hashable, Codable {
        case country
        case stateless
        case unknown
        case undetermined
    }

    public let code: String
    public let englishName: String
    public let dutchName: String
    public let kind: Kind
    /// Whether ISO 3166-1 assigned the code (false for `XK` and the three statuses).
    public let isOfficiallyAssigned: Bool

    public static let kosovo = Nationality(code: "XK", englishName: "Kosovo", dutchName: "Kosovo", kind: .country, isOfficiallyAssigned: false)
    public static let stateless = Nationality(code: "XA", englishName: "Stateless", dutchName: "Staatloos", kind: .stateless, isOfficiallyAssigned: false)
    public static let unknown = Nationality(code: "XX", englishName: "Unknown", dutchName: "Onbekend", kind: .unknown, isOfficiallyAssigned: false)
    public static let undetermined = Nationality(code: "XU", englishName: "Undetermined", dutchName: "Onbepaald", kind: .undetermined, isOfficiallyAssigned: false)

    /// Every accepted nationality, ISO codes first in code order, then Kosovo and the three statuses.
    public static let all: [Nationality] = {
        var list: [Nationality] = []
        for line in countryTable.split(separator: "\n") {
            let parts = line.split(separator: "|", omittingEmptySubsequences: false)
            list.append(Nationality(code: String(parts[0]), englishName: String(parts[1]), dutchName: String(parts[2]),
                                    kind: .country, isOfficiallyAssigned: true))
        }
        return list + [kosovo, stateless, unknown, undetermined]
    }()

    private static let byCode: [String: Nationality] = Dictionary(uniqueKeysWithValues: all.map { ($0.code, $0) })
    private static let icaoAliases = ["XXA": "XA", "XXX": "XX"]
    /// Codes the EU writes that ISO only reserves: named in the refusal so the desk sees what to use.
    private static let reservedHints = ["UK": "GB", "EL": "GR"]

    private init(code: String, englishName: String, dutchName: String, kind: Kind, isOfficiallyAssigned: Bool) {
        self.code = code
        self.englishName = englishName
        self.dutchName = dutchName
        self.kind = kind
        self.isOfficiallyAssigned = isOfficiallyAssigned
    }

    /// The nationality with `code` (any case, surrounding spaces ignored); unknown codes are refused naming the
    /// code.
    public init(_ code: String, field: String = "nationality") throws(ReferenceDataError) {
        let trimmed = code.trimmingWhitespace
        guard (2...3).contains(trimmed.count), trimmed.allSatisfy({ $0.isASCII && $0.isLetter }) else {
            throw ReferenceDataError(field: field, rule: .nationalityFormat,
                                     problem: "must be an ISO 3166-1 alpha-2 code of two letters, or XA (stateless), XX (unknown), XU (undetermined)")
        }
        let upper = trimmed.uppercased()
        guard let found = Self.byCode[Self.icaoAliases[upper] ?? upper] else {
            let hint = Self.reservedHints[upper].map { "; use \($0)" } ?? ""
            throw ReferenceDataError(field: field, rule: .nationalityUnknown,
                                     problem: "has code '\(upper)', which is not an ISO 3166-1 alpha-2 code, XK, XA, XX or XU\(hint)")
        }
        self = found
    }

    public var description: String { code }

    public init(codedText text: String) throws { try self.init(text) }
    public var codedText: String { code }
}

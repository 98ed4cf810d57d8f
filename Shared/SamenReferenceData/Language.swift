/// A language a person speaks, a course is given in, or an interpreter works in: its ISO 639-1 code where one
/// exists, else its ISO 639-3 code (`prs` Dari, distinct from `fa` Farsi; `kmr` Kurmanji; `vgt` Flemish Sign
/// Language).
///
/// One code per language: a three-letter code of a language that has a two-letter one (`nld`, `fas`, the
/// bibliographic `dut`, `per`, ...) is refused naming the two-letter code to use, and so are the individual
/// languages that a two-letter code stands for in practice (`pes` → `fa`, `arb` → `ar`, `cmn` → `zh`, ...).
/// `zh` is Mandarin; Cantonese (`yue`), Min Nan (`nan`) and Hakka (`hak`) have their own codes because
/// interpreters and courses differ. Only codes in the tables are accepted. Input is case-insensitive; codes
/// are lowercase on the way out.
public struct Language: Hashable, Sendable, CodedAsText, CustomStringConvertible {
    /// Which part of ISO 639 the code comes from.
    public enum Standard: String, Sendable, Hashable, Codable {
        case iso6391 = "iso639-1"
        case iso6393 = "iso639-3"
    }

    public let code: String
    public let englishName: String
    public let dutchName: String
    public let standard: Standard

    /// Every accepted language: the ISO 639-1 codes in code order, then the ISO 639-3 codes in code order.
    public static let all: [Language] = {
        var list: [Language] = []
        for line in iso6391Table.split(separator: "\n") {
            let parts = line.split(separator: "|")
            list.append(Language(code: String(parts[0]), englishName: String(parts[2]), dutchName: String(parts[3]), standard: .iso6391))
        }
        for line in iso6393Table.split(separator: "\n") {
            let parts = line.split(separator: "|")
            list.append(Language(code: String(parts[0]), englishName: String(parts[1]), dutchName: String(parts[2]), standard: .iso6393))
        }
        return list
    }()

    private static let byCode: [String: Language] = Dictionary(uniqueKeysWithValues: all.map { ($0.code, $0) })

    /// Three-letter codes that mean a language with a two-letter code: 639-2/T (= 639-3), 639-2/B, and the
    /// individual languages of a macrolanguage that the two-letter code is used for.
    private static let twoLetterFor: [String: String] = {
        var map: [String: String] = [:]
        for line in iso6391Table.split(separator: "\n") {
            let parts = line.split(separator: "|")
            map[String(parts[1])] = String(parts[0])
        }
        let bibliographic = ["alb": "sq", "arm": "hy", "baq": "eu", "bur": "my", "chi": "zh", "cze": "cs", "dut": "nl",
                             "fre": "fr", "geo": "ka", "ger": "de", "gre": "el", "ice": "is", "mac": "mk", "mao": "mi",
                             "may": "ms", "per": "fa", "rum": "ro", "slo": "sk", "tib": "bo", "wel": "cy"]
        let individual = ["pes": "fa", "arb": "ar", "cmn": "zh", "pbu": "ps", "swh": "sw", "azj": "az", "uzn": "uz",
                          "ekk": "et", "lvs": "lv", "zsm": "ms", "ydd": "yi", "khk": "mn", "npi": "ne", "als": "sq"]
        map.merge(bibliographic) { current, _ in current }
        map.merge(individual) { current, _ in current }
        return map
    }()

    /// Withdrawn two-letter codes still found in old records, named in the refusal with their replacement.
    private static let withdrawn = ["iw": "he", "in": "id", "ji": "yi", "mo": "ro", "sh": "sr, hr or bs"]

    private init(code: String, englishName: String, dutchName: String, standard: Standard) {
        self.code = code
        self.englishName = englishName
        self.dutchName = dutchName
        self.standard = standard
    }

    /// The language with `code` (any case, surrounding spaces ignored). Refused: text that is no code, unknown
    /// codes (named), and three-letter codes of languages that have a two-letter one (naming that one).
    public init(_ code: String, field: String = "language") throws(ReferenceDataError) {
        let trimmed = code.trimmingWhitespace
        guard (2...3).contains(trimmed.count), trimmed.allSatisfy({ $0.isASCII && $0.isLetter }) else {
            throw ReferenceDataError(field: field, rule: .languageFormat,
                                     problem: "must be an ISO 639-1 code of two letters, or an ISO 639-3 code of three for a language without one")
        }
        let lower = trimmed.lowercased()
        if let found = Self.byCode[lower] {
            self = found
            return
        }
        if let shorter = Self.twoLetterFor[lower] {
            throw ReferenceDataError(field: field, rule: .languageHasShorterCode,
                                     problem: "has code '\(lower)', but the language has the ISO 639-1 code '\(shorter)'; use \(shorter)")
        }
        let hint = Self.withdrawn[lower].map { " (withdrawn; use \($0))" } ?? ""
        throw ReferenceDataError(field: field, rule: .languageUnknown,
                                 problem: "has code '\(lower)', which is not a known ISO 639-1 code or a listed ISO 639-3 code\(hint)")
    }

    public var description: String { code }

    public init(codedText text: String) throws { try self.init(text) }
    public var codedText: String { code }
}

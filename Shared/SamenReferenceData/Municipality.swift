/// A Flemish or Brussels municipality, by its NIS code (Statbel REFNIS, five digits) and official Dutch name,
/// with its province and the days it existed.
///
/// The table (`municipalityTable`) holds the 300 Flemish municipalities of 2019-2024, the 285 since the mergers
/// of 1 January 2025, and the 19 of Brussels; those merged away in 2019 and 2025 keep their code, last day and
/// successor, so that records of 2019 still validate on their own date. Coverage starts on 1 January 1988 (the
/// last change to Flemish and Brussels municipalities before 2019): earlier dates are refused rather than
/// answered from a list that did not hold then.
///
/// Lookups take a NIS code or a name; names compare without case, accents and punctuation (`Sint-Niklaas` is
/// `sint niklaas`), Brussels municipalities also by their French name. Coded as the NIS code.
public struct Municipality: Hashable, Sendable, CodedAsText, CustomStringConvertible {
    /// Where a municipality lies: a Flemish province or the Brussels-Capital Region.
    public enum Province: String, Sendable, Hashable, Codable, CaseIterable {
        case antwerpen
        case limburg
        case oostVlaanderen = "oost-vlaanderen"
        case vlaamsBrabant = "vlaams-brabant"
        case westVlaanderen = "west-vlaanderen"
        case brussels

        /// The Dutch name.
        public var dutchName: String {
            switch self {
            case .antwerpen: "Antwerpen"
            case .limburg: "Limburg"
            case .oostVlaanderen: "Oost-Vlaanderen"
            case .vlaamsBrabant: "Vlaams-Brabant"
            case .westVlaanderen: "West-Vlaanderen"
            case .brussels: "Brussels Hoofdstedelijk Gewest"
            }
        }

        /// From the NIS code: its first digits are the province's (21 is Brussels, 23 and 24 Vlaams-Brabant).
        fileprivate init(nisCode: String) {
            switch nisCode.prefix(2) {
            case "21": self = .brussels
            case "23", "24": self = .vlaamsBrabant
            default:
                switch nisCode.first {
                case "1": self = .antwerpen
                case "3": self = .westVlaanderen
                case "4": self = .oostVlaanderen
                default: self = .limburg
                }
            }
        }
    }

    /// The first day the table answers for.
    public static let coverageStart = try! CivilDate("1988-01-01")

    public let nisCode: String
    /// The official Dutch name.
    public let name: String
    /// The official French name, for Brussels municipalities.
    public let frenchName: String?
    public let province: Province
    /// The first day it existed, when that is within the coverage (municipalities created by the mergers).
    public let firstDay: CivilDate?
    /// The last day it existed, for municipalities merged away.
    public let lastDay: CivilDate?
    /// The NIS code of the municipality it became part of.
    public let successorCode: String?

    /// Every municipality of the table, in NIS code order.
    public static let all: [Municipality] = municipalityTable.split(separator: "\n").map { line in
        let parts = line.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        func date(_ text: String) -> CivilDate? { text.isEmpty ? nil : try! CivilDate(text) }
        return Municipality(nisCode: parts[0], name: parts[1], frenchName: parts[2].isEmpty ? nil : parts[2],
                            province: Province(nisCode: parts[0]), firstDay: date(parts[3]), lastDay: date(parts[4]),
                            successorCode: parts[5].isEmpty ? nil : parts[5])
    }

    private static let byCode: [String: Municipality] = Dictionary(uniqueKeysWithValues: all.map { ($0.nisCode, $0) })
    private static let byName: [String: [Municipality]] = {
        var index: [String: [Municipality]] = [:]
        for municipality in all {
            for name in [municipality.name, municipality.frenchName].compactMap({ $0 }) {
                index[TextFolding.key(name), default: []].append(municipality)
            }
        }
        return index
    }()

    private init(nisCode: String, name: String, frenchName: String?, province: Province, firstDay: CivilDate?,
                 lastDay: CivilDate?, successorCode: String?) {
        self.nisCode = nisCode
        self.name = name
        self.frenchName = frenchName
        self.province = province
        self.firstDay = firstDay
        self.lastDay = lastDay
        self.successorCode = successorCode
    }

    /// Whether it existed on `date`.
    public func existed(on date: CivilDate) -> Bool {
        if let firstDay, date < firstDay { return false }
        if let lastDay, date > lastDay { return false }
        return true
    }

    /// The municipalities that existed on `date` (empty before `coverageStart`).
    public static func all(on date: CivilDate) -> [Municipality] {
        date < coverageStart ? [] : all.filter { $0.existed(on: date) }
    }

    /// The municipality `text` names on `date`: five digits are a NIS code, anything else a name (Dutch, or
    /// French for Brussels). Refused: an unknown code or name, a municipality that did not exist on that date
    /// (naming the days it existed and, when merged, its successor), and dates before `coverageStart`.
    public static func find(_ text: String, on date: CivilDate, field: String = "municipality") throws(ReferenceDataError) -> Municipality {
        guard date >= coverageStart else {
            throw ReferenceDataError(field: field, rule: .municipalityNotOnDate,
                                     problem: "is asked for \(date), before \(coverageStart), where the municipality list starts")
        }
        let candidates = try matches(text, field: field)
        if let existing = candidates.first(where: { $0.existed(on: date) }) { return existing }
        // `matches` answers at least one municipality or throws.
        let latest = candidates.max { ($0.lastDay ?? .distantFuture) < ($1.lastDay ?? .distantFuture) }!
        throw ReferenceDataError(field: field, rule: .municipalityNotOnDate,
                                 problem: "names \(latest.name) (\(latest.nisCode)), which did not exist on \(date)\(latest.lifetimeText)")
    }

    /// The municipality with this NIS code, whatever its dates (for records that were valid on their own date).
    public init(nisCode: String, field: String = "municipality") throws(ReferenceDataError) {
        let trimmed = String(nisCode.trimmingWhitespace)
        guard let found = Self.byCode[trimmed] else {
            throw ReferenceDataError(field: field, rule: .municipalityUnknown,
                                     problem: "has NIS code '\(trimmed.prefix(20))', which is no Flemish or Brussels municipality since \(Self.coverageStart)")
        }
        self = found
    }

    private static func matches(_ text: String, field: String) throws(ReferenceDataError) -> [Municipality] {
        guard text.utf8.count <= maximumInputLength else {
            throw ReferenceDataError(field: field, rule: .municipalityUnknown,
                                     problem: "is longer than \(maximumInputLength) characters, longer than any municipality's name")
        }
        let trimmed = String(text.trimmingWhitespace)
        if trimmed.count == 5, trimmed.allSatisfy({ $0.isASCII && $0.isNumber }) {
            return [try Municipality(nisCode: trimmed, field: field)]
        }
        guard let found = byName[TextFolding.key(trimmed)] else {
            throw ReferenceDataError(field: field, rule: .municipalityUnknown,
                                     problem: "names '\(trimmed.prefix(60))', which is no Flemish or Brussels municipality (give its name or its 5-digit NIS code)")
        }
        return found
    }

    private var lifetimeText: String {
        var text = ""
        if let firstDay { text += "; it exists from \(firstDay)" }
        if let lastDay { text += "; it existed until \(lastDay)" }
        if let successorCode, let successor = Self.byCode[successorCode] {
            text += " and became part of \(successor.name) (\(successor.nisCode))"
        }
        return text
    }

    public var description: String { "\(name) (\(nisCode))" }

    public init(codedText text: String) throws { try self.init(nisCode: text) }
    public var codedText: String { nisCode }
}

extension CivilDate {
    /// Later than any date a record holds: the open end of a municipality that still exists.
    fileprivate static let distantFuture = try! CivilDate(year: CivilDate.latestYear, month: 12, day: 31)
}

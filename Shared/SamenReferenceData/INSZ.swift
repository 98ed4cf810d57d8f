/// A Belgian social-security identification number (INSZ/NISS): a national register number
/// (rijksregisternummer) or a bis number given by the Kruispuntbank van de Sociale Zekerheid.
///
/// Eleven digits `YYMMDDSSSCC`: a birth date (possibly incomplete), a sequence number (odd for men, even for
/// women) and check digits `97 − (YYMMDDSSS mod 97)`, computed with a `2` in front for people born in 2000 or
/// later, so the check digits tell the century. Bis numbers add 20 to the month when the sex was unknown at
/// issue and 40 when it was known. Incomplete birth dates: month 00 (unknown, or the day's counter ran out: year
/// only), day 00 or a day past the month's end (year and month only), and the fictitious `00 00 01` of 1900 or
/// 2000 (nothing known). python-stdnum's `be.nn` and `be.bis` read numbers the same way; this type adds the
/// sequence range 001...998 and refuses a birth in the future.
///
/// Stored and printed as the 11 digits; `formatted` gives `YY.MM.DD-SSS.CC`. Coded as the 11-digit text.
public struct INSZ: Hashable, Sendable, CodedAsText, CustomStringConvertible {
    /// Which register gave the number.
    public enum Kind: String, Sendable, Hashable, Codable {
        /// Rijksregisternummer: the person is in the national register (or the foreigners' register).
        case nationalRegister = "national_register"
        /// Bis number: given by the Kruispuntbank to someone not in the national register.
        case bis
    }

    /// The birth date as far as the number holds it: a later part is only known when the earlier ones are.
    public struct BirthDate: Hashable, Sendable {
        public let year: Int?
        public let month: Int?
        public let day: Int?

        public init(year: Int?, month: Int?, day: Int?) {
            self.year = year
            self.month = month
            self.day = day
        }

        /// The whole date, when the number holds all of it.
        public var date: CivilDate? {
            guard let year, let month, let day else { return nil }
            return try? CivilDate(year: year, month: month, day: day)
        }
    }

    /// The canonical 11 digits.
    public let digits: String
    public let kind: Kind
    /// 1900 or 2000, as the check digits say (also for numbers whose birth year is unknown).
    public let century: Int
    public let birthDate: BirthDate
    /// The sequence number, 1...998: odd for men, even for women.
    public let sequence: Int
    /// From the sequence number; nil for a bis number issued while the sex was unknown (month + 20).
    public let sex: Sex?

    /// Parses the usual written forms (`85.07.30-033.28`, `850730 033 28`, `85073003328`): spaces, dots and
    /// dashes are dropped. `today` bounds the birth date (a number cannot belong to someone not yet born).
    public init(_ text: String, field: String = "insz", today: CivilDate = .today()) throws(ReferenceDataError) {
        func refuse(_ rule: ReferenceDataError.Rule, _ problem: String) -> ReferenceDataError {
            ReferenceDataError(field: field, rule: rule, problem: problem)
        }
        guard text.utf8.count <= maximumInputLength else {
            throw refuse(.inszLength, "is longer than \(maximumInputLength) characters; an INSZ has 11 digits")
        }
        var values: [Int] = []
        for byte in text.trimmingWhitespace.utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): values.append(Int(byte - UInt8(ascii: "0")))
            case UInt8(ascii: " "), UInt8(ascii: "."), UInt8(ascii: "-"): continue
            default: throw refuse(.inszCharacters, "may contain only digits, spaces, dots and dashes")
            }
        }
        guard values.count == 11 else {
            throw refuse(.inszLength, "must have 11 digits, has \(values.count)")
        }
        func number(_ range: Range<Int>) -> Int { values[range].reduce(0) { $0 * 10 + $1 } }
        let base = number(0..<9)
        let check = number(9..<11)
        let fits1900 = 97 - base % 97 == check
        let fits2000 = 97 - (2_000_000_000 + base) % 97 == check
        guard fits1900 || fits2000 else {
            throw refuse(.inszCheckDigits, "has check digits that fit neither a birth in the 1900s nor one in the 2000s")
        }
        century = fits2000 ? 2000 : 1900

        let yy = number(0..<2)
        let rawMonth = number(2..<4)
        let dd = number(4..<6)
        let month: Int
        switch rawMonth {
        case 0...12: kind = .nationalRegister; month = rawMonth
        case 20...32: kind = .bis; month = rawMonth - 20
        case 40...52: kind = .bis; month = rawMonth - 40
        default:
            throw refuse(.inszMonth, "has month digits outside 00-12, 20-32 (bis, sex unknown) and 40-52 (bis, sex known)")
        }

        if yy == 0 && month == 0 && dd == 1 {
            birthDate = BirthDate(year: nil, month: nil, day: nil)
        } else if month == 0 {
            birthDate = BirthDate(year: century + yy, month: nil, day: nil)
        } else if dd == 0 || dd > CivilDate.daysIn(month: month, year: century + yy) {
            birthDate = BirthDate(year: century + yy, month: month, day: nil)
        } else {
            birthDate = BirthDate(year: century + yy, month: month, day: dd)
        }
        if let year = birthDate.year, Self.isAfter(year: year, month: birthDate.month, day: birthDate.day, today: today) {
            // Only a 2000s reading can lie ahead; the check digits chose it, so the number is not this person's.
            throw refuse(.inszBirthInFuture, "has check digits that fit only a birth in the 2000s, which puts the birth after today")
        }

        sequence = number(6..<9)
        guard (1...998).contains(sequence) else {
            throw refuse(.inszSequence, "has a sequence number outside 001-998")
        }
        sex = rawMonth >= 20 && rawMonth <= 32 ? nil : (sequence % 2 == 1 ? .male : .female)
        digits = String(values.map { Character(String($0)) })
    }

    /// Whether the known parts of a birth date are certainly after `today`.
    private static func isAfter(year: Int, month: Int?, day: Int?, today: CivilDate) -> Bool {
        if year != today.year { return year > today.year }
        guard let month else { return false }
        if month != today.month { return month > today.month }
        guard let day else { return false }
        return day > today.day
    }

    /// `YY.MM.DD-SSS.CC`, as printed on Belgian identity cards.
    public var formatted: String {
        let d = Array(digits)
        return "\(String(d[0..<2])).\(String(d[2..<4])).\(String(d[4..<6]))-\(String(d[6..<9])).\(String(d[9..<11]))"
    }

    public var description: String { digits }

    public init(codedText text: String) throws { try self.init(text) }
    public var codedText: String { digits }

    /// The errors, one per field, where a stated birth date or sex contradicts this number; empty when they
    /// agree. Only the parts the number holds are compared (a number with month 00 says nothing about the month),
    /// and only `female` and `male` are compared with the sex (`x` and nil are not a contradiction), nor is a
    /// bis number issued while the sex was unknown.
    public func check(against birthDate: CivilDate?, sex: Sex?, birthDateField: String = "birthDate",
                      sexField: String = "sex") -> [ReferenceDataError] {
        var errors: [ReferenceDataError] = []
        if let stated = birthDate {
            let differing: String?
            if let year = self.birthDate.year, year != stated.year {
                differing = "year"
            } else if let month = self.birthDate.month, month != stated.month {
                differing = "month"
            } else if let day = self.birthDate.day, day != stated.day {
                differing = "day"
            } else {
                differing = nil
            }
            if let differing {
                errors.append(ReferenceDataError(field: birthDateField, rule: .birthDateMismatch,
                                                 problem: "has a birth \(differing) that differs from the one the INSZ holds"))
            }
        }
        if let stated = sex, stated != .x, let encoded = self.sex, encoded != stated {
            errors.append(ReferenceDataError(field: sexField, rule: .sexMismatch,
                                             problem: "differs from the sex the INSZ's sequence number gives (odd male, even female)"))
        }
        return errors
    }
}

import Foundation

/// A calendar date without a time or a zone (a birth date, an arrival date, a settlement date), as written in
/// the agencies' records and on the wire: `YYYY-MM-DD`.
///
/// Dates of facts about people are civil dates, not instants: a birth date does not move when a server's zone
/// does. `today` is taken in Europe/Brussels, where every desk is.
public struct CivilDate: Hashable, Comparable, Sendable, CodedAsText, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// The earliest year accepted anywhere: older dates are typing errors, not people.
    public static let earliestYear = 1890
    public static let latestYear = 2199

    /// Throws `CivilDateError` when the parts do not make a real date of the Gregorian calendar.
    public init(year: Int, month: Int, day: Int) throws(CivilDateError) {
        guard (Self.earliestYear...Self.latestYear).contains(year) else {
            throw CivilDateError("year \(year) is outside \(Self.earliestYear)...\(Self.latestYear)")
        }
        guard (1...12).contains(month) else { throw CivilDateError("month \(month) is not 1...12") }
        let days = Self.daysIn(month: month, year: year)
        guard (1...days).contains(day) else { throw CivilDateError("day \(day) is not 1...\(days) for \(year)-\(month)") }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses exactly `YYYY-MM-DD` (ten characters, ASCII digits).
    public init(_ text: String) throws(CivilDateError) {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else {
            throw CivilDateError("'\(text.prefix(40))' is not a date written YYYY-MM-DD")
        }
        func number(_ range: Range<Int>) throws(CivilDateError) -> Int {
            var value = 0
            for byte in bytes[range] {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else {
                    throw CivilDateError("'\(text.prefix(40))' is not a date written YYYY-MM-DD")
                }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        try self.init(year: number(0..<4), month: number(5..<7), day: number(8..<10))
    }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    public static func isLeap(_ year: Int) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }

    /// The date in Europe/Brussels at `instant`.
    public static func today(at instant: Date = Date()) -> CivilDate {
        let parts = brussels.dateComponents([.year, .month, .day], from: instant)
        // The calendar's parts always form a valid date within range for any instant a clock gives.
        return try! CivilDate(year: parts.year!, month: parts.month!, day: parts.day!)
    }

    /// Made once: every validated request asks for today, and building a calendar and its zone each time costs more
    /// than the question.
    private static let brussels: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/Brussels") ?? TimeZone(secondsFromGMT: 3600)!
        return calendar
    }()

    /// Whole years from `self` to `date` (an age on `date` for a birth date); negative when `date` is earlier.
    public func wholeYears(until date: CivilDate) -> Int {
        var years = date.year - year
        if (date.month, date.day) < (month, day) { years -= 1 }
        return years
    }

    /// Whole months from `self` to `date`: the most months `n` for which `adding(months: n)` is not after `date`
    /// (31 January to 28 February is one month, as adding a month to 31 January gives 28 February); negative when
    /// `date` is earlier.
    public func wholeMonths(until date: CivilDate) -> Int {
        guard date >= self else { return -date.wholeMonths(until: self) }
        var months = (date.year - year) * 12 + (date.month - month)
        if let reached = adding(months: months), reached > date { months -= 1 }
        return months
    }

    /// The date `years` years later; 29 February becomes 28 February in a year without one.
    public func adding(years: Int) -> CivilDate? {
        let target = year + years
        let lastDay = Self.daysIn(month: month, year: target)
        return try? CivilDate(year: target, month: month, day: min(day, lastDay))
    }

    /// The date `months` months later (earlier when negative); a day past the target month's end becomes its last
    /// day (31 May plus three months is 31 August, 30 November plus three months is 28 or 29 February).
    public func adding(months: Int) -> CivilDate? {
        let span = (Self.latestYear - Self.earliestYear + 1) * 12
        guard (-span...span).contains(months) else { return nil }
        let index = year * 12 + (month - 1) + months
        let targetYear = index >= 0 ? index / 12 : (index - 11) / 12
        let targetMonth = index - targetYear * 12 + 1
        guard (Self.earliestYear...Self.latestYear).contains(targetYear) else { return nil }
        return try? CivilDate(year: targetYear, month: targetMonth, day: min(day, Self.daysIn(month: targetMonth, year: targetYear)))
    }

    /// The date `days` days later (earlier when negative), or nil outside the accepted years.
    public func adding(days: Int) -> CivilDate? {
        let span = (Self.latestYear - Self.earliestYear + 1) * 366
        guard (-span...span).contains(days) else { return nil }
        // Howard Hinnant's civil_from_days, the inverse of `daysSinceEpoch`.
        let z = daysSinceEpoch + days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return try? CivilDate(year: yoe + era * 400 + (m <= 2 ? 1 : 0), month: m, day: d)
    }

    /// Days since 1970-01-01 (negative before), for ranges and differences.
    public var daysSinceEpoch: Int {
        // Howard Hinnant's days_from_civil: exact over the whole proleptic Gregorian calendar.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    public var description: String {
        func pad(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    public static func < (lhs: CivilDate, rhs: CivilDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    public init(codedText text: String) throws { try self.init(text) }
    public var codedText: String { description }
}

/// Why a text or three numbers are not a `CivilDate`.
public struct CivilDateError: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

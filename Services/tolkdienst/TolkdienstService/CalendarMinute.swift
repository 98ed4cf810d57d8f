import Foundation
import SamenReferenceData

/// A minute on the Europe/Brussels wall clock, counted from 1970-01-01 00:00 (`date.daysSinceEpoch * 1440 +
/// minute`): the unit of the interpreters' calendar. Requests are booked in local time, so the calendar compares
/// local minutes; an assignment across a daylight-saving change is off by the hour the clock skips or repeats,
/// which no interpreting appointment at 02:00-03:00 makes matter.
struct CalendarMinute: Comparable, Sendable {
    static let perDay = 1440

    let value: Int

    init(date: CivilDate, minute: Int) {
        value = date.daysSinceEpoch * Self.perDay + minute
    }

    init(at instant: Date) {
        let parts = Self.brussels.dateComponents([.year, .month, .day, .hour, .minute], from: instant)
        // The calendar's parts always form a valid date within range for any instant a clock gives.
        let date = try! CivilDate(year: parts.year!, month: parts.month!, day: parts.day!)
        self.init(date: date, minute: parts.hour! * 60 + parts.minute!)
    }

    private init(value: Int) { self.value = value }

    func adding(minutes: Int) -> CalendarMinute { CalendarMinute(value: value + minutes) }

    /// The day this minute falls on.
    var date: CivilDate {
        let days = value >= 0 ? value / Self.perDay : (value - Self.perDay + 1) / Self.perDay
        // Every minute made from a valid date maps back into the accepted years.
        return try! CivilDate(year: 1970, month: 1, day: 1).adding(days: days)!
    }

    static func < (lhs: CalendarMinute, rhs: CalendarMinute) -> Bool { lhs.value < rhs.value }

    /// Made once, like `CivilDate.today`'s.
    private static let brussels: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/Brussels") ?? TimeZone(secondsFromGMT: 3600)!
        return calendar
    }()

    /// 1 Monday ... 7 Sunday (1970-01-01 was a Thursday).
    static func weekday(of date: CivilDate) -> Int {
        let days = date.daysSinceEpoch
        return (((days % 7) + 7) % 7 + 3) % 7 + 1
    }

    /// `HH:MM` of a minute of the day, for messages.
    static func clock(_ minute: Int) -> String {
        let hours = minute / 60, minutes = minute % 60
        return (hours < 10 ? "0" : "") + "\(hours):" + (minutes < 10 ? "0" : "") + "\(minutes)"
    }
}

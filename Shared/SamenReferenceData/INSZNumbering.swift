extension INSZ {
    /// The 11 digits the register would give a person born on `born` with sequence number `sequence` (odd for
    /// men, even for women), check digits by the rule; `bisMonthOffset` 20 or 40 makes a bis number. Made for
    /// fictional people (tests, the benchmark, demo data): the result reads back through `INSZ(_:)` only when the
    /// sequence is 001...998 and the offset 0, 20 or 40.
    public static func digits(born: CivilDate, sequence: Int, bisMonthOffset: Int = 0) -> String {
        let body = twoDigits(born.year % 100) + twoDigits(born.month + bisMonthOffset) + twoDigits(born.day)
            + String(repeating: "0", count: max(0, 3 - String(sequence).count)) + String(sequence)
        let base = (Int(body) ?? 0) + (born.year >= 2000 ? 2_000_000_000 : 0)
        return body + twoDigits(97 - base % 97)
    }

    private static func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }
}

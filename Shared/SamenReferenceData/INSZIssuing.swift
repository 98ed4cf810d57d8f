extension INSZ {
    /// The number the rule gives a birth date and sequence number (odd for men, even for women): check digits
    /// computed with the `2` prefix for births in 2000 or later, and `monthOffset` 20 or 40 for a bis number. For
    /// fictional people (tests, `samenctl demo`); a real number is read, never made up.
    public static func issue(birthDate: CivilDate, sequence: Int, monthOffset: Int = 0) throws(ReferenceDataError) -> INSZ {
        guard (1...998).contains(sequence), [0, 20, 40].contains(monthOffset) else {
            throw ReferenceDataError(field: "insz", rule: .inszSequence, problem: "needs a sequence number 1...998 and a month offset 0, 20 or 40")
        }
        let yy = birthDate.year % 100
        let base = (yy * 100 + birthDate.month + monthOffset) * 100_000 + birthDate.day * 1000 + sequence
        let check = 97 - (base + (birthDate.year >= 2000 ? 2_000_000_000 : 0)) % 97
        let body = String(base)
        let text = String(repeating: "0", count: 9 - body.count) + body + (check < 10 ? "0" : "") + String(check)
        return try INSZ(text, today: birthDate)
    }
}

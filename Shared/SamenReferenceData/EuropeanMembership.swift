/// Which states' nationals enjoy free movement of persons in Belgium, and since (and until) when: the member
/// states of the European Union, the other states of the European Economic Area and Switzerland.
///
/// Decisions about people apply the law as it stood on the date of the fact, so membership is a question with a
/// date: a British citizen who settled on 31 January 2020 settled as a Union citizen, one who settled a day later
/// did not. Codes are ISO 3166-1 alpha-2 in canonical uppercase (`GB` for the United Kingdom and `GR` for Greece,
/// not the EU's own `UK` and `EL`); a code that is not listed here is simply not a member.
public enum EuropeanMembership {
    /// The bloc whose free movement a state's nationals have.
    public enum Bloc: String, Sendable, Codable, CaseIterable {
        /// Member of the European Union (of the European Economic Community before 1 November 1993: free movement
        /// of persons dates from the Community, so the accession date counts, not the Treaty of Maastricht).
        case europeanUnion = "eu"
        /// EEA member outside the Union (Iceland, Liechtenstein, Norway): free movement by the EEA Agreement.
        case europeanEconomicArea = "eea"
        /// Switzerland: free movement by the EU–Swiss Agreement on the Free Movement of Persons.
        case switzerland = "ch"
    }

    /// One state's period in one bloc: from `from` up to and including `until` (open when `until` is nil).
    public struct Membership: Sendable, Equatable {
        public let alpha2: String
        public let bloc: Bloc
        public let from: CivilDate
        /// The last day of membership, when it ended.
        public let until: CivilDate?

        public func covers(_ date: CivilDate) -> Bool {
            from <= date && (until.map { date <= $0 } ?? true)
        }
    }

    /// Every membership period, by state. Austria, Finland and Sweden were in the EEA for 1994 before joining the
    /// Union; that period is listed too, so 1994 dates answer as the law stood.
    public static let memberships: [Membership] = {
        var list: [Membership] = []
        func add(_ bloc: Bloc, _ from: String, until: String? = nil, _ codes: [String]) {
            // The literals below are checked by the tests; a typo must fail loudly at first use, not decide wrongly.
            let start = try! CivilDate(from)
            let end = until.map { try! CivilDate($0) }
            list += codes.map { Membership(alpha2: $0, bloc: bloc, from: start, until: end) }
        }
        // Treaty of Rome in force.
        add(.europeanUnion, "1958-01-01", ["BE", "DE", "FR", "IT", "LU", "NL"])
        add(.europeanUnion, "1973-01-01", ["DK", "IE"])
        // Withdrawal Agreement: the United Kingdom left at the end of 31 January 2020.
        add(.europeanUnion, "1973-01-01", until: "2020-01-31", ["GB"])
        add(.europeanUnion, "1981-01-01", ["GR"])
        add(.europeanUnion, "1986-01-01", ["ES", "PT"])
        add(.europeanEconomicArea, "1994-01-01", until: "1994-12-31", ["AT", "FI", "SE"])
        add(.europeanUnion, "1995-01-01", ["AT", "FI", "SE"])
        add(.europeanUnion, "2004-05-01", ["CY", "CZ", "EE", "HU", "LT", "LV", "MT", "PL", "SI", "SK"])
        add(.europeanUnion, "2007-01-01", ["BG", "RO"])
        add(.europeanUnion, "2013-07-01", ["HR"])
        add(.europeanEconomicArea, "1994-01-01", ["IS", "NO"])
        add(.europeanEconomicArea, "1995-05-01", ["LI"])
        add(.switzerland, "2002-06-01", ["CH"])
        return list
    }()

    /// The bloc `alpha2`'s nationals belonged to on `date`, or nil when none.
    public static func bloc(alpha2: String, on date: CivilDate) -> Bloc? {
        memberships.first { $0.alpha2 == alpha2 && $0.covers(date) }?.bloc
    }

    /// Whether `alpha2` was a member state of the European Union on `date`.
    public static func isEU(alpha2: String, on date: CivilDate) -> Bool {
        bloc(alpha2: alpha2, on: date) == .europeanUnion
    }

    /// Whether `alpha2`'s nationals had free movement in Belgium on `date` (EU, EEA or Switzerland).
    public static func isEUEEAOrSwiss(alpha2: String, on date: CivilDate) -> Bool {
        bloc(alpha2: alpha2, on: date) != nil
    }

    /// The EU member states on `date`, sorted.
    public static func euMembers(on date: CivilDate) -> [String] {
        memberships.filter { $0.bloc == .europeanUnion && $0.covers(date) }.map(\.alpha2).sorted()
    }
}

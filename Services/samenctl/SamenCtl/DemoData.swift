import Foundation
import SamenContracts
import SamenReferenceData

/// The fictional people `samenctl demo` loads into one region: the same on every run (drawn from a fixed seed and
/// the region's name), so a second run adds nothing. Everyone is called "Demo Voorbeeld-<n>" or "Demo
/// Nieuwkomer-<n>"; every INSZ is valid by the rule and belongs to nobody we know of; the dates fall in 2025.
struct DemoData {
    /// One registration at a desk, and what the desk records after it.
    struct Person {
        var number: Int
        var registration: Registration
        /// NT2 records in the order the desk adds them (adults only).
        var nt2: [NT2Record]
        /// An OKAN referral for a minor.
        var referral: EducationReferral?
    }

    static let registrations = 20
    static let minors = 3
    static let settlements = 30
    /// Settlements that the register reported for people who then registered (linked by INSZ).
    static let settledThenRegistered = 5
    /// The period everything falls in.
    static let year = 2025

    let region: String
    var people: [Person] = []
    var settlements: [ImportRecord<Settlement>] = []

    /// Nationalities seen at every desk, read through the reference data (`XA` stateless, `XK` Kosovo).
    static let nationalities = ["SY", "AF", "MA", "TR", "ER", "RO", "BG", "PL", "UA", "SO", "IQ", "PS", "GN", "CM", "IN", "BR",
                                "NL", "ES", "XK", "XA"].map { try! Nationality($0).code }
    /// Languages spoken at the desk (`prs` Dari has no two-letter code).
    static let languages = ["ar", "prs", "ps", "ti", "tr", "ro", "bg", "pl", "uk", "so", "ku", "fr", "en", "es", "pt", "ru"]
        .map { try! Language($0).code }
    /// A municipality of the region (NIS code) for the regions of the development mesh; elsewhere Gent.
    static func municipality(of region: String) -> String {
        ["gent": "44021", "antwerpen": "11002", "brussel": "21004", "leuven": "24062", "brugge": "31005", "hasselt": "71022"][region] ?? "44021"
    }

    /// `regionIndex` keeps INSZ sequence numbers apart between regions, so no two regions make the same number.
    init(region: String, regionIndex: Int, providers: [NT2Provider]) {
        self.region = region
        var random = SeededRandom(seed: 0x5a3e_de70 ^ Self.stableHash(region))
        func day(_ offset: Int) -> CivilDate { try! CivilDate("\(Self.year)-01-02").adding(days: offset)! }
        func sequence(_ number: Int, male: Bool) -> Int { 2 * ((regionIndex % 9) * 50 + number) + (male ? 1 : 2) }
        let municipality = Self.municipality(of: region)
        let referrals = providers.filter { !$0.directEnrolment }
        let enrolments = providers.filter(\.directEnrolment)

        for number in 0..<Self.registrations {
            let isMinor = number >= Self.registrations - Self.minors
            let registeredOn = day(4 + number * 17)
            let born = isMinor ? day(-365 * Int.random(in: 9...15, using: &random) - Int.random(in: 0...300, using: &random))
                               : day(-365 * Int.random(in: 19...60, using: &random) - Int.random(in: 0...300, using: &random))
            let sex: Sex = Bool.random(using: &random) ? .male : .female
            let hasINSZ = number % 4 != 3
            let insz = hasINSZ ? try! INSZ.issue(birthDate: born, sequence: sequence(number, male: sex == .male)).digits : nil
            let nationality = Self.nationalities.randomElement(using: &random)!
            var languages = [Self.languages.randomElement(using: &random)!]
            if Bool.random(using: &random) { languages.append(["fr", "en"].randomElement(using: &random)!) }
            let permit = [ResidencePermitKind.limited, .unlimited, .refugee, .subsidiaryProtection, .labourMigrant].randomElement(using: &random)!
            let registration = Registration(
                insz: insz, name: PersonName(given: "Demo", family: "Voorbeeld-\(number + 1)"), birthDate: born, sex: sex,
                nationalities: [nationality], languages: Array(Set(languages)).sorted(), municipality: municipality,
                arrivalDate: registeredOn.adding(days: -Int.random(in: 20...200, using: &random)),
                residencePermit: ResidencePermit(kind: permit, validUntil: try! CivilDate("2030-06-30")), bornAbroad: true,
                // Every fifth does not know yet whether this is a first registration: onbepaald until the desk finds out.
                firstRegistrationInFlanders: number % 5 == 4 ? nil : true,
                desk: number % 2 == 0 ? "\(region)-centrum" : "\(region)-zuid", registeredOn: registeredOn)
            var nt2: [NT2Record] = []
            if !isMinor && number < 8 {
                var on = registeredOn
                func next() -> CivilDate { on = on.adding(days: 7)!; return on }
                nt2.append(NT2Record(kind: .conversation, on: next()))
                if number < 6 { nt2.append(NT2Record(kind: .test, on: next(), result: ["A1", "A2", "richtgraad 2"][number % 3])) }
                if number < 4, !referrals.isEmpty { nt2.append(NT2Record(kind: .referral, on: next(), provider: referrals[number % referrals.count].id)) }
                if number >= 4, number < 6, !enrolments.isEmpty {
                    nt2.append(NT2Record(kind: .enrolment, on: next(), provider: enrolments[number % enrolments.count].id))
                }
                if number < 2 { nt2.append(NT2Record(kind: .uctGrant, on: next(), funder: number == 0 ? .city : .flemish)) }
                if number == 6 || number == 7 {
                    nt2.append(NT2Record(kind: .certifyingTest, on: next(), purpose: number == 6 ? .nationality : .socialHousing, passed: number == 6))
                }
            }
            let referral = isMinor ? EducationReferral(kind: .okan, school: "OKAN Demoschool \(region.capitalized)", referredOn: registeredOn.adding(days: 3)!) : nil
            people.append(Person(number: number + 1, registration: registration, nt2: nt2, referral: referral))
        }

        // The register reports some people before they come to the desk; their registration links by INSZ.
        let settledFirst = people.filter { $0.registration.insz != nil }.prefix(Self.settledThenRegistered).map(\.registration)
        for number in 0..<Self.settlements {
            let settlement: Settlement
            if number < settledFirst.count {
                let registration = settledFirst[number]
                settlement = Settlement(insz: registration.insz, name: registration.name, birthDate: registration.birthDate, sex: registration.sex,
                                        nationalities: registration.nationalities, municipality: municipality,
                                        settledOn: registration.registeredOn!.adding(days: -4)!, arrivalDate: registration.arrivalDate,
                                        residencePermit: registration.residencePermit, bornAbroad: true, firstRegistrationInFlanders: true)
            } else {
                let born = day(-365 * Int.random(in: 1...70, using: &random) - Int.random(in: 0...300, using: &random))
                let sex: Sex = Bool.random(using: &random) ? .male : .female
                let settledOn = day(number * 11)
                let permit = [ResidencePermitKind.noneNeeded, .limited, .unlimited, .refugee, .labourMigrant, .euFamilyMember].randomElement(using: &random)!
                settlement = Settlement(
                    insz: try! INSZ.issue(birthDate: born, sequence: sequence(Self.registrations + number, male: sex == .male)).digits,
                    name: PersonName(given: "Demo", family: "Nieuwkomer-\(number + 1)"), birthDate: born, sex: sex,
                    nationalities: [Self.nationalities.randomElement(using: &random)!], municipality: municipality, settledOn: settledOn,
                    arrivalDate: settledOn.adding(days: -Int.random(in: 5...60, using: &random)),
                    residencePermit: ResidencePermit(kind: permit, validUntil: permit == .unlimited ? nil : try! CivilDate("2030-06-30")),
                    bornAbroad: true, firstRegistrationInFlanders: number % 7 == 6 ? nil : true)
            }
            settlements.append(ImportRecord(externalID: "demo-\(region)-settlement-\(number + 1)", record: settlement))
        }
    }

    /// FNV-1a of the region's name: the same on every run and machine (Swift's `Hasher` is seeded per process).
    static func stableHash(_ text: String) -> UInt64 {
        text.utf8.reduce(0xcbf2_9ce4_8422_2325) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }
    }
}

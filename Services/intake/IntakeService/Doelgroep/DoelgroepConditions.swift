import SamenContracts
import SamenReferenceData

// The questions the rules ask of a person's facts, each unknown exactly when a fact it reads is missing.
extension DoelgroepFacts {
    /// The day applicants for international protection left the target group (the decree as amended).
    static let protectionApplicantsExcludedFrom = try! CivilDate("2022-03-01")

    func ageAtLeast(_ years: Int) -> Truth {
        guard let birthDate, let referenceDate else {
            return .unknown(Set([birthDate == nil ? DoelgroepFact.birthDate : nil,
                                 referenceDate == nil ? DoelgroepFact.referenceDate : nil].compactMap { $0 }))
        }
        return Truth(birthDate.wholeYears(until: referenceDate) >= years)
    }

    /// Belgian, whatever other nationality: Belgian private international law counts only the Belgian one.
    var isBelgian: Truth {
        guard let codes = knownNationalities else { return .missing(.nationalities) }
        return Truth(codes.contains("BE"))
    }

    /// A national of an EU or EEA state or of Switzerland on the reference date (any one of several nationalities).
    var hasFreeMovement: Truth {
        guard let codes = knownNationalities else { return .missing(.nationalities) }
        guard let referenceDate else { return .missing(.referenceDate) }
        return Truth(codes.contains { EuropeanMembership.isEUEEAOrSwiss(alpha2: $0, on: referenceDate) })
    }

    /// Neither Belgian nor with free movement: stateless people and Kosovars included.
    var isThirdCountryNational: Truth { !isBelgian && !hasFreeMovement }

    func permit(in kinds: Set<ResidencePermitKind>) -> Truth {
        guard let permitKind else { return .missing(.permitKind) }
        return Truth(kinds.contains(permitKind))
    }

    func permit(_ kind: ResidencePermitKind) -> Truth { permit(in: [kind]) }

    /// A limited permit still valid on the day three months after the reference date covers more than three months.
    var permitOutlastsThreeMonths: Truth {
        guard let referenceDate else { return .missing(.referenceDate) }
        guard let permitValidUntil else { return .missing(.permitValidUntil) }
        guard let threeMonthsOn = referenceDate.adding(months: 3) else { return .holds }
        return Truth(permitValidUntil > threeMonthsOn)
    }

    /// The protection procedure is taken to start at arrival: an application is due within eight working days
    /// of entry (Aliens Act of 15 December 1980, art. 50).
    var protectionProcedureOverFourMonths: Truth {
        guard let referenceDate else { return .missing(.referenceDate) }
        guard let arrivalDate else { return .missing(.arrivalDate) }
        guard let fourMonthsOn = arrivalDate.adding(months: 4) else { return .fails }
        return Truth(fourMonthsOn < referenceDate)
    }

    var beforeApplicantsWereExcluded: Truth {
        guard let referenceDate else { return .missing(.referenceDate) }
        return Truth(referenceDate < Self.protectionApplicantsExcludedFrom)
    }

    func lives(in region: MunicipalityRegion) -> Truth {
        guard let municipality, let actual = MunicipalityRegion(nisCode: municipality) else { return .missing(.municipality) }
        return Truth(actual == region)
    }

    func flag(_ keyPath: KeyPath<DoelgroepFacts, Bool?>, _ fact: DoelgroepFact) -> Truth {
        guard let value = self[keyPath: keyPath] else { return .missing(fact) }
        return Truth(value)
    }

    /// An unknown (`XX`) or undetermined (`XU`) nationality says the fact is missing: it must never count as a
    /// third country.
    static func isNotANationality(_ code: String) -> Bool {
        guard let nationality = try? Nationality(code) else { return false }
        return nationality.kind == .unknown || nationality.kind == .undetermined
    }

    private var knownNationalities: [String]? {
        let known = (nationalities ?? []).filter { !Self.isNotANationality($0) }
        return known.isEmpty ? nil : known
    }
}

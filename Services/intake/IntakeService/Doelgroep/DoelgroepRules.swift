import SamenContracts
import SamenReferenceData

/// Intake's doelgroep decision: explicit rules in order, the first that holds decides. docs/DOELGROEP.md
/// describes each rule, its reason code and its legal basis.
///
/// A rule whose condition is unknown (a fact it reads is missing) before the first that holds makes the decision
/// onbepaald, listing the facts the unknown rules need: the outcome could still change with them. Facts that only
/// matter once another missing fact is known are not asked for yet (see `Truth`).
public enum DoelgroepRules {
    /// Stored with every decision; a change to any rule's meaning is a new version.
    public static let ruleSetVersion = "2019.1"

    private static let decree = "Integratie- en inburgeringsdecreet of 7 June 2013"

    /// Every rule, in the order they are tried.
    public static let rules: [DoelgroepRule] = [
        DoelgroepRule(.outsideFlandersAndBrussels,
                      "\(decree): the target group is people registered in a municipality of the Flemish or the Brussels-Capital Region; the Walloon Region and the German-speaking Community have their own integration law.") {
            $0.lives(in: .walloon)
        },
        DoelgroepRule(.minor,
                      "\(decree): the civic-integration trajectory is for adults; minor newcomers integrate through education (right to education, compulsory schooling, OKAN reception classes).") {
            !$0.ageAtLeast(18)
        },
        DoelgroepRule(.belgianBornInBelgium,
                      "\(decree): a Belgian is in the target group only when born abroad with at least one parent born abroad.") {
            $0.isBelgian && !$0.flag(\.bornAbroad, .bornAbroad)
        },
        DoelgroepRule(.belgianParentsBornInBelgium,
                      "\(decree): a Belgian is in the target group only when born abroad with at least one parent born abroad.") {
            $0.isBelgian && $0.flag(\.bornAbroad, .bornAbroad) && !$0.flag(\.parentBornAbroad, .parentBornAbroad)
        },
        DoelgroepRule(.belgianBornAbroad,
                      "\(decree): a Belgian born abroad with at least one parent born abroad is an inburgeraar with the right to a trajectory; the obligation is for foreign nationals.") {
            $0.isBelgian && $0.flag(\.bornAbroad, .bornAbroad) && $0.flag(\.parentBornAbroad, .parentBornAbroad)
        },
        DoelgroepRule(.noLegalStay,
                      "\(decree): a foreign national is in the target group only with legal stay, registered in the national register.") {
            !$0.isBelgian && $0.permit(.noLegalStay)
        },
        DoelgroepRule(.shortStay,
                      "\(decree): the target group requires a stay of more than three months (a residence permit valid for more than three months).") {
            !$0.isBelgian && ($0.permit(.upToThreeMonths) || ($0.permit(.limited) && !$0.permitOutlastsThreeMonths))
        },
        DoelgroepRule(.temporaryPurpose,
                      "\(decree), as in force in 2019: foreign nationals staying for a temporary purpose that cannot last longer than a year are not in the target group.") {
            !$0.isBelgian && $0.permit(.temporaryPurpose)
        },
        DoelgroepRule(.protectionApplicant,
                      "\(decree) as amended with effect from 1 March 2022: applicants for international protection are excluded from the target group.") {
            !$0.isBelgian && $0.permit(.protectionApplicant) && !$0.beforeApplicantsWereExcluded
        },
        DoelgroepRule(.protectionApplicantUnderFourMonths,
                      "\(decree) as in force until 28 February 2022: an applicant for international protection enters the target group once the procedure has run for more than four months, taken from arrival (an application is due within eight working days of entry, Aliens Act of 15 December 1980, art. 50).") {
            !$0.isBelgian && $0.permit(.protectionApplicant) && $0.beforeApplicantsWereExcluded
                && !$0.protectionProcedureOverFourMonths
        },
        DoelgroepRule(.euCitizen,
                      "\(decree): nationals of EU and EEA states and of Switzerland have the right to a trajectory but no obligation (free movement: Directive 2004/38/EC, the EEA Agreement, the EU-Swiss Agreement on the Free Movement of Persons), membership taken on the reference date.") {
            !$0.isBelgian && $0.hasFreeMovement
        },
        DoelgroepRule(.euFamilyMember,
                      "\(decree), as in force in 2019: third-country family members of an EU, EEA or Swiss citizen (Directive 2004/38/EC) have the right to a trajectory but no obligation.") {
            $0.isThirdCountryNational && $0.permit(.euFamilyMember)
        },
        DoelgroepRule(.labourMigrant,
                      "\(decree), as in force in 2019: labour migrants are exempt from the obligation and keep the right to a trajectory.") {
            $0.isThirdCountryNational && $0.permit(.labourMigrant)
        },
        DoelgroepRule(.over65,
                      "\(decree): people aged 65 or older on the date they enter the target group are exempt from the obligation and keep the right to a trajectory.") {
            $0.ageAtLeast(65)
        },
        DoelgroepRule(.brusselsResident,
                      "\(decree): in the Brussels-Capital Region the Flemish Community offers trajectories but cannot impose them (an obligation there is the Common Community Commission's); residents have the right only.") {
            $0.lives(in: .brussels)
        },
        DoelgroepRule(.notFirstRegistration,
                      "\(decree): the obligation arises at the first registration in the national register; a person registered before has the right to a trajectory only.") {
            $0.isThirdCountryNational && !$0.flag(\.firstRegistration, .firstRegistration)
        },
        DoelgroepRule(.thirdCountryAdultLongStay,
                      "\(decree): an adult foreign national without free movement, under 65, registered for the first time in the national register in a municipality of the Flemish Region with a permit of more than three months, is obliged (inburgeringsplicht).") {
            $0.isThirdCountryNational && $0.ageAtLeast(18) && !$0.ageAtLeast(65) && $0.lives(in: .flemish)
                && $0.flag(\.firstRegistration, .firstRegistration)
                && ($0.permit(in: [.unlimited, .refugee, .subsidiaryProtection])
                    || ($0.permit(.limited) && $0.permitOutlastsThreeMonths))
        },
        DoelgroepRule(.protectionApplicantOverFourMonths,
                      "\(decree) as in force until 28 February 2022: an adult applicant for international protection whose procedure has run for more than four months, registered in a municipality of the Flemish Region, is obliged.") {
            $0.isThirdCountryNational && $0.ageAtLeast(18) && !$0.ageAtLeast(65) && $0.lives(in: .flemish)
                && $0.flag(\.firstRegistration, .firstRegistration) && $0.permit(.protectionApplicant)
                && $0.beforeApplicantsWereExcluded && $0.protectionProcedureOverFourMonths
        },
    ]

    static let missingFactsBasis = "No rule of rule set \(ruleSetVersion) can decide without the listed facts; the rules run again when facts are added."

    /// Facts that no rule accepts together (a permit only EU, EEA and Swiss citizens have, held by a third-country
    /// national) are asked for again: one of them is wrong.
    static let contradictingFacts: [DoelgroepFact] = [.nationalities, .permitKind]

    /// Decides `facts`; `date` is the day of deciding, recorded in the decision (the facts carry their own
    /// reference date, which is the one the law is applied on).
    public static func decide(_ facts: DoelgroepFacts, on date: CivilDate = .today()) -> DoelgroepDecision {
        var needed = Set<DoelgroepFact>()
        for rule in rules {
            switch rule.evaluate(facts) {
            case .fails:
                continue
            case .unknown(let ruleNeeds):
                needed.formUnion(ruleNeeds)
            case .holds:
                if needed.isEmpty {
                    return DoelgroepDecision(doelgroep: rule.reason.doelgroep, reason: rule.reason, ruleSetVersion: ruleSetVersion,
                                             missingFacts: [], decidedOn: date, legalBasis: rule.legalBasis)
                }
                return undecided(needing: needed, on: date)
            }
        }
        return undecided(needing: needed.isEmpty ? Set(contradictingFacts) : needed, on: date)
    }

    private static func undecided(needing needed: Set<DoelgroepFact>, on date: CivilDate) -> DoelgroepDecision {
        DoelgroepDecision(doelgroep: .onbepaald, reason: .missingFacts, ruleSetVersion: ruleSetVersion,
                          missingFacts: DoelgroepFact.allCases.filter(needed.contains), decidedOn: date,
                          legalBasis: missingFactsBasis)
    }
}

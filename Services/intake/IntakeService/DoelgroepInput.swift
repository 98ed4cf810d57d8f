import SamenContracts
import SamenReferenceData

extension DoelgroepFacts {
    /// The facts a person's file holds, as of the registration day (the law as it stood then applies).
    init(file: PersonFile) {
        self.init(birthDate: file.birthDate, nationalities: file.nationalities, bornAbroad: file.bornAbroad,
                  parentBornAbroad: file.parentBornAbroad, permitKind: file.residencePermit?.kind,
                  permitValidUntil: file.residencePermit?.validUntil, arrivalDate: file.arrivalDate,
                  firstRegistration: file.firstRegistrationInFlanders, municipality: file.municipality,
                  referenceDate: file.registeredOn)
    }

    /// The facts of a settlement, as of the settlement day.
    init(settlement: Settlement) {
        self.init(birthDate: settlement.birthDate, nationalities: settlement.nationalities, bornAbroad: settlement.bornAbroad,
                  parentBornAbroad: settlement.parentBornAbroad, permitKind: settlement.residencePermit?.kind,
                  permitValidUntil: settlement.residencePermit?.validUntil, arrivalDate: settlement.arrivalDate,
                  firstRegistration: settlement.firstRegistrationInFlanders, municipality: settlement.municipality,
                  referenceDate: settlement.settledOn)
    }
}

extension PersonFile {
    /// Decides the doelgroep again from the file's facts and keeps the decision in the history when it differs
    /// from the current one (in doelgroep, reason, missing facts or rule set); returns whether it did.
    @discardableResult
    mutating func redecide(on date: CivilDate) -> Bool {
        let decision = DoelgroepRules.decide(DoelgroepFacts(file: self), on: date)
        if let current = decisions.last, current.doelgroep == decision.doelgroep, current.reason == decision.reason,
           current.missingFacts == decision.missingFacts, current.ruleSetVersion == decision.ruleSetVersion {
            return false
        }
        decisions.append(decision)
        return true
    }
}

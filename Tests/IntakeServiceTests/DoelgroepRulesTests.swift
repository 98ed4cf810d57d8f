import Foundation
import IntakeService
import SamenContracts
import SamenReferenceData
import SamenTestSupport
import XCTest

final class DoelgroepRulesTests: XCTestCase {
    private func date(_ text: String) -> CivilDate { try! CivilDate(text) }

    private let today = try! CivilDate("2019-03-04")

    /// A Syrian refugee, 28, settling in Gent for the first time: the textbook verplicht case each test varies.
    private func refugeeInGent() -> DoelgroepFacts {
        DoelgroepFacts(birthDate: date("1990-05-10"), nationalities: ["SY"], permitKind: .refugee,
                       arrivalDate: date("2018-10-01"), firstRegistration: true, municipality: "44021",
                       referenceDate: date("2019-03-01"))
    }

    private func decide(_ facts: DoelgroepFacts) -> DoelgroepDecision { DoelgroepRules.decide(facts, on: today) }

    private func assertReason(_ facts: DoelgroepFacts, _ reason: DoelgroepReason, file: StaticString = #filePath, line: UInt = #line) {
        let decision = decide(facts)
        XCTAssertEqual(decision.reason, reason, "missing \(decision.missingFacts)", file: file, line: line)
        XCTAssertEqual(decision.doelgroep, reason.doelgroep, file: file, line: line)
        XCTAssertEqual(decision.missingFacts, [], file: file, line: line)
    }

    private func assertMissing(_ facts: DoelgroepFacts, _ missing: [DoelgroepFact], file: StaticString = #filePath, line: UInt = #line) {
        let decision = decide(facts)
        XCTAssertEqual(decision.doelgroep, .onbepaald, "decided \(decision.reason)", file: file, line: line)
        XCTAssertEqual(decision.reason, .missingFacts, file: file, line: line)
        XCTAssertEqual(decision.missingFacts, missing, file: file, line: line)
    }

    // MARK: every rule and reason code

    /// One person per reason code; the test fails when a reason has no case here, so a new rule needs one.
    func testEveryReasonCodeIsReachedByItsRule() {
        var cases: [(DoelgroepReason, DoelgroepFacts)] = []
        cases.append((.thirdCountryAdultLongStay, refugeeInGent()))
        var applicant = refugeeInGent()
        applicant.permitKind = .protectionApplicant
        applicant.arrivalDate = date("2018-09-01")
        cases.append((.protectionApplicantOverFourMonths, applicant))
        var belgian = refugeeInGent()
        belgian.nationalities = ["BE"]
        belgian.bornAbroad = true
        belgian.parentBornAbroad = true
        cases.append((.belgianBornAbroad, belgian))
        var french = refugeeInGent()
        french.nationalities = ["FR"]
        french.permitKind = .noneNeeded
        cases.append((.euCitizen, french))
        var spouse = refugeeInGent()
        spouse.permitKind = .euFamilyMember
        cases.append((.euFamilyMember, spouse))
        var worker = refugeeInGent()
        worker.permitKind = .labourMigrant
        cases.append((.labourMigrant, worker))
        var elder = refugeeInGent()
        elder.birthDate = date("1950-01-01")
        cases.append((.over65, elder))
        var brussels = refugeeInGent()
        brussels.municipality = "21004"
        cases.append((.brusselsResident, brussels))
        var movedBack = refugeeInGent()
        movedBack.firstRegistration = false
        cases.append((.notFirstRegistration, movedBack))
        var child = refugeeInGent()
        child.birthDate = date("2005-01-01")
        cases.append((.minor, child))
        var liege = refugeeInGent()
        liege.municipality = "62063"
        cases.append((.outsideFlandersAndBrussels, liege))
        var bornHere = belgian
        bornHere.bornAbroad = false
        cases.append((.belgianBornInBelgium, bornHere))
        var belgianParents = belgian
        belgianParents.parentBornAbroad = false
        cases.append((.belgianParentsBornInBelgium, belgianParents))
        var irregular = refugeeInGent()
        irregular.permitKind = .noLegalStay
        cases.append((.noLegalStay, irregular))
        var visitor = refugeeInGent()
        visitor.permitKind = .upToThreeMonths
        cases.append((.shortStay, visitor))
        var seasonal = refugeeInGent()
        seasonal.permitKind = .temporaryPurpose
        cases.append((.temporaryPurpose, seasonal))
        var newApplicant = applicant
        newApplicant.arrivalDate = date("2019-02-01")
        cases.append((.protectionApplicantUnderFourMonths, newApplicant))
        var applicant2022 = applicant
        applicant2022.referenceDate = date("2022-06-01")
        cases.append((.protectionApplicant, applicant2022))
        cases.append((.missingFacts, DoelgroepFacts()))

        for (reason, facts) in cases {
            let decision = decide(facts)
            XCTAssertEqual(decision.reason, reason, "expected \(reason), missing \(decision.missingFacts)")
            XCTAssertEqual(decision.doelgroep, reason.doelgroep)
        }
        XCTAssertEqual(Set(cases.map(\.0)), Set(DoelgroepReason.allCases))
    }

    func testEachReasonHasExactlyOneRuleAndItsLegalBasisTravelsWithTheDecision() {
        let reasons = DoelgroepRules.rules.map(\.reason)
        XCTAssertEqual(reasons.count, Set(reasons).count, "a reason code belongs to one rule")
        XCTAssertEqual(Set(reasons), Set(DoelgroepReason.allCases).subtracting([.missingFacts]))
        for rule in DoelgroepRules.rules { XCTAssertFalse(rule.legalBasis.isEmpty, rule.reason.rawValue) }

        let decision = decide(refugeeInGent())
        let rule = DoelgroepRules.rules.first { $0.reason == .thirdCountryAdultLongStay }
        XCTAssertEqual(decision.legalBasis, rule?.legalBasis)
        XCTAssertEqual(decision.ruleSetVersion, "2019.1")
        XCTAssertEqual(decision.decidedOn, today)
        XCTAssertTrue(decide(DoelgroepFacts()).legalBasis.contains("2019.1"))
    }

    func testEveryLongStayPermitOfAThirdCountryAdultIsVerplicht() {
        for kind in [ResidencePermitKind.refugee, .subsidiaryProtection, .unlimited] {
            var facts = refugeeInGent()
            facts.permitKind = kind
            assertReason(facts, .thirdCountryAdultLongStay)
        }
        var family = refugeeInGent()
        family.permitKind = .limited
        family.permitValidUntil = date("2020-03-01")
        assertReason(family, .thirdCountryAdultLongStay)
    }

    /// docs/DOELGROEP.md documents every reason code, every rule in the order tried, every permit kind and the version.
    func testTheDocumentationNamesEveryRuleInOrderAndEveryCode() throws {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../docs/DOELGROEP.md").standardizedFileURL
        let text = try String(contentsOf: file, encoding: .utf8)
        for reason in DoelgroepReason.allCases { XCTAssertTrue(text.contains("`\(reason.rawValue)`"), reason.rawValue) }
        for kind in ResidencePermitKind.allCases { XCTAssertTrue(text.contains("| `\(kind.rawValue)` |"), kind.rawValue) }
        for fact in DoelgroepFact.allCases { XCTAssertTrue(text.contains("| `\(fact.rawValue)` |"), fact.rawValue) }
        XCTAssertTrue(text.contains("`\(DoelgroepRules.ruleSetVersion)`"))
        for (index, rule) in DoelgroepRules.rules.enumerated() {
            XCTAssertTrue(text.contains("| \(index + 1) | `\(rule.reason.rawValue)` |"), "rule \(index + 1) is \(rule.reason.rawValue)")
        }
    }

    // MARK: boundaries

    func testAPersonIsAMinorUntilTheDayOfTheirEighteenthBirthday() {
        var facts = refugeeInGent()
        facts.birthDate = date("2001-03-02")
        assertReason(facts, .minor)
        facts.birthDate = date("2001-03-01")
        assertReason(facts, .thirdCountryAdultLongStay)
    }

    func testBornOn29FebruaryComesOfAgeOn1MarchInACommonYear() {
        var facts = refugeeInGent()
        facts.birthDate = date("2000-02-29")
        facts.referenceDate = date("2018-02-28")
        assertReason(facts, .minor)
        facts.referenceDate = date("2018-03-01")
        assertReason(facts, .thirdCountryAdultLongStay)
    }

    func testTheExemptionStartsOnTheSixtyFifthBirthday() {
        var facts = refugeeInGent()
        facts.birthDate = date("1954-03-02")
        assertReason(facts, .thirdCountryAdultLongStay)
        facts.birthDate = date("1954-03-01")
        assertReason(facts, .over65)
    }

    func testALimitedPermitMustOutlastThreeMonthsFromTheReferenceDate() {
        var facts = refugeeInGent()
        facts.permitKind = .limited
        facts.permitValidUntil = date("2019-06-01")  // reference 2019-03-01 plus three months
        assertReason(facts, .shortStay)
        facts.permitValidUntil = date("2019-06-02")
        assertReason(facts, .thirdCountryAdultLongStay)
        facts.permitValidUntil = date("2018-12-31")
        assertReason(facts, .shortStay)
    }

    func testTheUnitedKingdomCountsAsTheUnionUntil31January2020() {
        var facts = refugeeInGent()
        facts.nationalities = ["GB"]
        facts.permitKind = .limited
        facts.permitValidUntil = date("2025-01-01")
        facts.referenceDate = date("2020-01-31")
        assertReason(facts, .euCitizen)
        facts.referenceDate = date("2020-02-01")
        assertReason(facts, .thirdCountryAdultLongStay)
    }

    func testCroatiaCountsFromItsAccession() {
        var facts = refugeeInGent()
        facts.nationalities = ["HR"]
        facts.permitKind = .limited
        facts.permitValidUntil = date("2020-01-01")
        facts.birthDate = date("1980-01-01")
        facts.referenceDate = date("2013-06-30")
        assertReason(facts, .thirdCountryAdultLongStay)
        facts.referenceDate = date("2013-07-01")
        assertReason(facts, .euCitizen)
    }

    func testAnApplicantEntersTheObligationAfterFourMonthsUntilTheLawChangedIn2022() {
        var facts = refugeeInGent()
        facts.permitKind = .protectionApplicant
        facts.arrivalDate = date("2018-11-01")  // plus four months is the reference date: not yet more than four
        assertReason(facts, .protectionApplicantUnderFourMonths)
        facts.arrivalDate = date("2018-10-31")
        assertReason(facts, .protectionApplicantOverFourMonths)
        facts.referenceDate = date("2022-02-28")
        assertReason(facts, .protectionApplicantOverFourMonths)
        facts.referenceDate = date("2022-03-01")
        assertReason(facts, .protectionApplicant)
    }

    func testAnApplicantInBrusselsHasTheRightOnly() {
        var facts = refugeeInGent()
        facts.permitKind = .protectionApplicant
        facts.arrivalDate = date("2018-01-01")
        facts.municipality = "21015"
        assertReason(facts, .brusselsResident)
    }

    // MARK: regions

    func testTheFlemishObligationDoesNotApplyInBrusselsButTheRightDoes() {
        for code in ["21001", "21004", "21019"] {
            var facts = refugeeInGent()
            facts.municipality = code
            assertReason(facts, .brusselsResident)
        }
        var french = refugeeInGent()
        french.nationalities = ["FR"]
        french.permitKind = .noneNeeded
        french.municipality = "21004"
        assertReason(french, .euCitizen)
    }

    func testEveryFlemishProvinceCountsAndWalloniaIsOutside() {
        for code in ["11002", "23088", "24062", "31005", "44021", "46003", "71022"] {
            var facts = refugeeInGent()
            facts.municipality = code
            assertReason(facts, .thirdCountryAdultLongStay)
        }
        for code in ["25072", "52011", "62063", "63004", "85009", "92094"] {
            var facts = refugeeInGent()
            facts.municipality = code
            assertReason(facts, .outsideFlandersAndBrussels)
        }
    }

    // MARK: nationalities

    func testTwoNationalitiesBelgianWinsThenFreeMovement() {
        var facts = refugeeInGent()
        facts.nationalities = ["SY", "FR"]
        facts.permitKind = .noneNeeded
        assertReason(facts, .euCitizen)

        var belgianMoroccan = refugeeInGent()
        belgianMoroccan.nationalities = ["MA", "BE"]
        belgianMoroccan.bornAbroad = false
        assertReason(belgianMoroccan, .belgianBornInBelgium)

        var britishIrish = refugeeInGent()
        britishIrish.nationalities = ["GB", "IE"]
        britishIrish.referenceDate = date("2021-01-01")
        assertReason(britishIrish, .euCitizen)

        var britishAmerican = britishIrish
        britishAmerican.nationalities = ["GB", "US"]
        assertReason(britishAmerican, .thirdCountryAdultLongStay)
    }

    func testStatelessPeopleAndKosovarsAreThirdCountryNationals() {
        for code in ["XK", "XA"] {
            var facts = refugeeInGent()
            facts.nationalities = [code]
            assertReason(facts, .thirdCountryAdultLongStay)
        }
        var norwegian = refugeeInGent()
        norwegian.nationalities = ["NO"]
        norwegian.permitKind = .noneNeeded
        assertReason(norwegian, .euCitizen)
        var swiss = norwegian
        swiss.nationalities = ["CH"]
        assertReason(swiss, .euCitizen)
    }

    // MARK: missing facts, exactly

    func testNothingKnownAsksForTheFactsEveryoneNeeds() {
        assertMissing(DoelgroepFacts(), [.birthDate, .nationalities, .municipality, .referenceDate])
    }

    func testOneMissingFactIsTheOnlyOneListed() {
        var facts = refugeeInGent()
        facts.firstRegistration = nil
        assertMissing(facts, [.firstRegistration])
        facts = refugeeInGent()
        facts.permitKind = nil
        assertMissing(facts, [.permitKind])
        facts = refugeeInGent()
        facts.municipality = nil
        assertMissing(facts, [.municipality])
        facts = refugeeInGent()
        facts.birthDate = nil
        assertMissing(facts, [.birthDate])
        facts = refugeeInGent()
        facts.referenceDate = nil
        assertMissing(facts, [.referenceDate])
    }

    func testAnUnknownOrEmptyNationalityOrAMalformedMunicipalityIsMissing() {
        var facts = refugeeInGent()
        facts.nationalities = []
        assertMissing(facts, [.nationalities])
        for unknown in [["XX"], ["XU"], ["XX", "XU"]] {
            facts.nationalities = unknown
            assertMissing(facts, [.nationalities])
        }
        facts.nationalities = ["XX", "SY"]
        assertReason(facts, .thirdCountryAdultLongStay)
        facts = refugeeInGent()
        facts.municipality = "4402"
        assertMissing(facts, [.municipality])
        facts.municipality = "09999"
        assertMissing(facts, [.municipality])
    }

    func testFactsThatMatterOnlyForSomeAreAskedOnlyOfThem() {
        var belgian = refugeeInGent()
        belgian.nationalities = ["BE"]
        belgian.permitKind = nil
        belgian.firstRegistration = nil
        assertMissing(belgian, [.bornAbroad])
        belgian.bornAbroad = true
        assertMissing(belgian, [.parentBornAbroad])

        var limited = refugeeInGent()
        limited.permitKind = .limited
        assertMissing(limited, [.permitValidUntil])

        var applicant = refugeeInGent()
        applicant.permitKind = .protectionApplicant
        applicant.arrivalDate = nil
        assertMissing(applicant, [.arrivalDate])
        applicant.referenceDate = date("2022-03-01")
        assertReason(applicant, .protectionApplicant)
    }

    func testAnEarlierUnknownRuleKeepsALaterMatchFromDeciding() {
        var french = refugeeInGent()
        french.nationalities = ["FR"]
        french.permitKind = .noneNeeded
        french.birthDate = nil
        assertMissing(french, [.birthDate])
        french.birthDate = date("1990-05-10")
        french.permitKind = nil
        assertMissing(french, [.permitKind])
    }

    func testAFactThatSettlesARuleOnItsOwnIsEnoughWhateverElseIsMissing() {
        assertReason(DoelgroepFacts(municipality: "62063"), .outsideFlandersAndBrussels)
        var child = DoelgroepFacts(birthDate: date("2010-01-01"), municipality: "44021", referenceDate: date("2019-01-01"))
        assertReason(child, .minor)
        child.municipality = nil
        assertMissing(child, [.municipality])
    }

    func testContradictingFactsAreAskedForAgain() {
        var facts = refugeeInGent()
        facts.permitKind = .noneNeeded
        assertMissing(facts, [.nationalities, .permitKind])
    }

    // MARK: properties

    /// Adding facts never overturns a definite decision (the rules are monotone in what is known), and an
    /// onbepaald decision names only facts that are missing. Checked over a seeded sample of fact combinations.
    func testAddingFactsNeverChangesADefiniteDecision() {
        let births: [CivilDate?] = [nil, date("1990-01-01"), date("2005-06-01"), date("1950-01-01")]
        let nationalities: [[String]?] = [nil, ["SY"], ["FR"], ["BE"], ["GB"], ["XK", "DE"], ["XX"], ["XA", "XU"]]
        let flags: [Bool?] = [nil, true, false]
        let permits: [ResidencePermitKind?] = [nil] + ResidencePermitKind.allCases
        let validities: [CivilDate?] = [nil, date("2019-04-01"), date("2023-01-01")]
        let arrivals: [CivilDate?] = [nil, date("2017-01-01"), date("2019-02-15")]
        let municipalities: [String?] = [nil, "44021", "21004", "62063"]
        let references: [CivilDate?] = [nil, date("2019-03-01"), date("2020-02-01"), date("2022-06-01")]

        var generator = SeededRandom(seed: 0x5a3e_2019)
        func pick<T>(_ options: [T]) -> T { options.randomElement(using: &generator)! }
        func randomFacts() -> DoelgroepFacts {
            DoelgroepFacts(birthDate: pick(births), nationalities: pick(nationalities), bornAbroad: pick(flags),
                           parentBornAbroad: pick(flags), permitKind: pick(permits), permitValidUntil: pick(validities),
                           arrivalDate: pick(arrivals), firstRegistration: pick(flags), municipality: pick(municipalities),
                           referenceDate: pick(references))
        }
        /// `facts` with every missing fact taken from `filler`.
        func completed(_ facts: DoelgroepFacts, by filler: DoelgroepFacts) -> DoelgroepFacts {
            DoelgroepFacts(birthDate: facts.birthDate ?? filler.birthDate, nationalities: facts.nationalities ?? filler.nationalities,
                           bornAbroad: facts.bornAbroad ?? filler.bornAbroad, parentBornAbroad: facts.parentBornAbroad ?? filler.parentBornAbroad,
                           permitKind: facts.permitKind ?? filler.permitKind, permitValidUntil: facts.permitValidUntil ?? filler.permitValidUntil,
                           arrivalDate: facts.arrivalDate ?? filler.arrivalDate, firstRegistration: facts.firstRegistration ?? filler.firstRegistration,
                           municipality: facts.municipality ?? filler.municipality, referenceDate: facts.referenceDate ?? filler.referenceDate)
        }

        var definite = 0
        for _ in 0..<20_000 {
            let facts = randomFacts()
            let decision = decide(facts)
            XCTAssertEqual(decision.doelgroep, decision.reason.doelgroep)
            if decision.doelgroep == .onbepaald {
                XCTAssertFalse(decision.missingFacts.isEmpty)
                let present = presentFacts(facts)
                if decision.missingFacts != [.nationalities, .permitKind] {
                    XCTAssertTrue(present.isDisjoint(with: decision.missingFacts), "\(facts) -> \(decision.missingFacts)")
                }
                continue
            }
            definite += 1
            let more = decide(completed(facts, by: randomFacts()))
            XCTAssertEqual(more.reason, decision.reason, "\(facts) decided \(decision.reason), with more facts \(more.reason)")
        }
        XCTAssertGreaterThan(definite, 1_000, "the sample must reach definite decisions to test anything")
    }

    private func presentFacts(_ facts: DoelgroepFacts) -> Set<DoelgroepFact> {
        var present = Set<DoelgroepFact>()
        if facts.birthDate != nil { present.insert(.birthDate) }
        if let codes = facts.nationalities, codes.contains(where: { !["XX", "XU"].contains($0) }) { present.insert(.nationalities) }
        if facts.bornAbroad != nil { present.insert(.bornAbroad) }
        if facts.parentBornAbroad != nil { present.insert(.parentBornAbroad) }
        if facts.permitKind != nil { present.insert(.permitKind) }
        if facts.permitValidUntil != nil { present.insert(.permitValidUntil) }
        if facts.arrivalDate != nil { present.insert(.arrivalDate) }
        if facts.firstRegistration != nil { present.insert(.firstRegistration) }
        if facts.municipality != nil { present.insert(.municipality) }
        if facts.referenceDate != nil { present.insert(.referenceDate) }
        return present
    }
}

final class TruthTests: XCTestCase {
    private let unknownBirth = Truth.unknown([.birthDate])
    private let unknownMunicipality = Truth.unknown([.municipality])

    func testAndGuardsTheRightSideButLetsItFail() {
        XCTAssertEqual(Truth.holds && .fails, .fails)
        XCTAssertEqual(Truth.holds && unknownBirth, unknownBirth)
        XCTAssertEqual(unknownBirth && .fails, .fails, "no value of the missing fact can make it hold")
        XCTAssertEqual(unknownBirth && .holds, unknownBirth)
        XCTAssertEqual(unknownBirth && unknownMunicipality, unknownBirth, "the right side's facts are asked later")
        var evaluated = false
        XCTAssertEqual(Truth.fails && { evaluated = true; return .holds }(), .fails)
        XCTAssertFalse(evaluated)
    }

    func testOrHoldsWhenEitherSideDoesAndNeedsBothWhenNeitherIsKnown() {
        XCTAssertEqual(Truth.fails || .holds, .holds)
        XCTAssertEqual(unknownBirth || .holds, .holds)
        XCTAssertEqual(unknownBirth || .fails, unknownBirth)
        XCTAssertEqual(unknownBirth || unknownMunicipality, .unknown([.birthDate, .municipality]))
        XCTAssertEqual(Truth.fails || .fails, .fails)
    }

    func testNotSwapsKnownValuesAndKeepsWhatIsMissing() {
        XCTAssertEqual(!Truth.holds, .fails)
        XCTAssertEqual(!Truth.fails, .holds)
        XCTAssertEqual(!unknownBirth, unknownBirth)
    }
}

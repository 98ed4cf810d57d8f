import IntakeService
import SamenContracts
import SamenReferenceData
import SamenRPC
import SamenTestSupport
import XCTest

/// One file per person across regions: a known INSZ is refused naming the region, an unreachable region is named,
/// an unverified registration is checked again, and two regions registering one INSZ at once end with one file.
final class OneFilePerPersonTests: XCTestCase {
    var intake: IntakeMesh!

    override func setUp() async throws {
        intake = try await IntakeMesh(regions: ["antwerpen", "gent"])
    }

    override func tearDown() async throws {
        await intake.stop()
    }

    func insz(_ sequence: Int) -> String { Fixtures.insz(born: try! CivilDate("1990-05-17"), sequence: sequence) }

    func testAPersonKnownInAnotherRegionIsRefusedNamingIt() async throws {
        let gent = try intake.staff("gent")
        let antwerpen = try intake.staff("antwerpen")
        _ = try await gent.register(Fixtures.registration(insz: insz(100)))
        let error = await assertRPCError(.alreadyExists) {
            try await antwerpen.register(Fixtures.registration(insz: self.insz(100), desk: "antwerpen-centrum", municipality: "11002"))
        }
        XCTAssertEqual(error?.details["region"], "gent")
        XCTAssertTrue(error?.message.contains("gent") ?? false)
        await assertRPCError(.alreadyExists) { try await gent.register(Fixtures.registration(given: "Again", insz: self.insz(100))) }
    }

    func testAnUnreachableRegionIsNamedAndAnUnverifiedFileIsCheckedAgainLater() async throws {
        let gent = try intake.staff("gent")
        await intake.stopIntake("antwerpen")
        let error = await assertRPCError(.unavailable) { try await gent.register(Fixtures.registration(insz: self.insz(102))) }
        XCTAssertEqual(error?.details["regions"], "antwerpen")
        var registration = Fixtures.registration(insz: insz(102))
        registration.unverified = true
        let file = try await gent.register(registration)
        XCTAssertEqual(file.crossRegion.unverifiedRegions, ["antwerpen"])
        let dpo = try intake.staff("gent", user: "an-dpo", roles: [.dpo])
        let trail = try await dpo.audit(AuditQuery(personID: file.personID))
        XCTAssertEqual(trail.events.last?.outcome, "ok; unverified: antwerpen", "the audit trail says the registration was unverified")
        try await intake.startIntake("antwerpen")
        await eventually("the file is verified once antwerpen is back") {
            (try? await gent.get(file.personID))?.crossRegion.unverifiedRegions.isEmpty == true
        }
        let verified = try await gent.get(file.personID)
        XCTAssertEqual(verified.crossRegion.conflictingRegions, [])
    }

    func testARegionThatHadTheFileAllAlongIsReportedAsAConflict() async throws {
        let gent = try intake.staff("gent")
        let antwerpen = try intake.staff("antwerpen")
        _ = try await antwerpen.register(Fixtures.registration(insz: insz(104), desk: "antwerpen-centrum", municipality: "11002"))
        await intake.stopIntake("antwerpen")
        var registration = Fixtures.registration(insz: insz(104))
        registration.unverified = true
        let file = try await gent.register(registration)
        try await intake.startIntake("antwerpen")
        await eventually("the re-check finds antwerpen's file") {
            (try? await gent.get(file.personID))?.crossRegion.conflictingRegions == ["antwerpen"]
        }
    }

    /// Many rounds of two desks in two regions registering the same INSZ at the same moment: always one file.
    func testTwoRegionsRegisteringOneINSZAtOnceEndWithExactlyOneFile() async throws {
        let gent = try intake.staff("gent")
        let antwerpen = try intake.staff("antwerpen")
        let rounds = 25
        var winners: [String: Int] = [:]
        for round in 0..<rounds {
            let number = insz(300 + 2 * round)
            async let inGent = attempt { try await gent.register(Fixtures.registration(insz: number)) }
            async let inAntwerpen = attempt {
                try await antwerpen.register(Fixtures.registration(insz: number, desk: "antwerpen-centrum", municipality: "11002"))
            }
            let outcomes = await [("gent", inGent), ("antwerpen", inAntwerpen)]
            let successes = outcomes.filter { if case .success = $0.1 { true } else { false } }
            XCTAssertEqual(successes.count, 1, "round \(round): \(outcomes)")
            for (_, outcome) in outcomes {
                if case .failure(let error) = outcome {
                    XCTAssertTrue([.alreadyExists, .aborted].contains((error as? RPCError)?.status), "round \(round): \(error)")
                }
            }
            if let winner = successes.first?.0 { winners[winner, default: 0] += 1 }
            var files = 0
            for client in [gent, antwerpen] where (try? await client.find(insz: number)) != nil { files += 1 }
            XCTAssertEqual(files, 1, "round \(round): files for one INSZ across the regions")
        }
        XCTAssertEqual(winners.values.reduce(0, +), rounds)
    }

    /// A retry that overtakes its first call (sent while the first still claims the INSZ) gets the first file,
    /// not `already_exists` for the file its own first call made.
    func testARetryOvertakingItsFirstCallGetsTheFirstFile() async throws {
        let antwerpen = try intake.staff("antwerpen")
        for round in 0..<5 {
            let registration = Fixtures.registration(insz: insz(500 + 2 * round), desk: "antwerpen-centrum", municipality: "11002")
            let options = CallOptions(idempotencyKey: "overtaken-\(round)")
            async let one = antwerpen.register(registration, options: options)
            async let two = antwerpen.register(registration, options: options)
            let (first, second) = try await (one, two)
            XCTAssertEqual(first, second, "round \(round)")
        }
    }

    func testLikelyMatchesWithoutAnINSZComeFromEveryRegionIgnoringAccentsAndOrder() async throws {
        let gent = try intake.staff("gent")
        let antwerpen = try intake.staff("antwerpen")
        let inGent = try await gent.register(Fixtures.registration(given: "Ömer", family: "Yıldız", born: "1988-02-03", insz: nil))
        let inAntwerpen = try await antwerpen.register(Fixtures.registration(given: "Omer", family: "Yildiz", born: "1988-02-03",
                                                                             desk: "antwerpen-centrum", municipality: "11002"))
        _ = try await gent.register(Fixtures.registration(given: "Omer", family: "Yildiz", born: "1988-02-04", insz: nil))
        _ = try await gent.register(Fixtures.registration(given: "Fatima", family: "Zahra", born: "1988-02-03", insz: nil))
        let response = try await gent.findMatches(MatchRequest(name: "yildiz omer", birthDate: try CivilDate("1988-02-03")))
        XCTAssertEqual(Set(response.matches.map(\.person.personID)), [inGent.personID, inAntwerpen.personID])
        XCTAssertEqual(response.unavailableRegions, [])
        await intake.stopIntake("antwerpen")
        let partial = try await gent.findMatches(MatchRequest(name: "Yildiz Omer", birthDate: try CivilDate("1988-02-03")))
        XCTAssertEqual(partial.matches.map(\.person.personID), [inGent.personID])
        XCTAssertEqual(partial.unavailableRegions, ["antwerpen"])
    }
}

/// The outcome of an async call as a value, for calls raced with `async let`.
func attempt<T: Sendable>(_ body: @Sendable () async throws -> T) async -> Result<T, any Error> {
    do { return .success(try await body()) } catch { return .failure(error) }
}

/// Three regions racing one INSZ: the first region in the order reserves its own ahead, the others leave theirs to
/// the file's transaction; still exactly one file.
final class ThreeRegionRaceTests: XCTestCase {
    func testThreeRegionsRegisteringOneINSZAtOnceEndWithExactlyOneFile() async throws {
        let intake = try await IntakeMesh(regions: ["antwerpen", "brussel", "gent"])
        let desks = [("antwerpen", "11002"), ("brussel", "21004"), ("gent", "44021")]
        let clients = try desks.map { try intake.staff($0.0) }
        for round in 0..<10 {
            let number = Fixtures.insz(born: try CivilDate("1975-09-09"), sequence: 100 + 2 * round)
            let outcomes = await withTaskGroup(of: Result<PersonFile, any Error>.self) { group in
                for (index, (region, municipality)) in desks.enumerated() {
                    let client = clients[index]
                    group.addTask {
                        await attempt { try await client.register(Fixtures.registration(born: "1975-09-09", insz: number, desk: "\(region)-centrum", municipality: municipality)) }
                    }
                }
                var outcomes: [Result<PersonFile, any Error>] = []
                for await outcome in group { outcomes.append(outcome) }
                return outcomes
            }
            let successes = outcomes.filter { if case .success = $0 { true } else { false } }
            XCTAssertEqual(successes.count, 1, "round \(round): \(outcomes)")
            var files = 0
            for client in clients where (try? await client.find(insz: number)) != nil { files += 1 }
            XCTAssertEqual(files, 1, "round \(round)")
        }
        await intake.stop()
    }
}

import Foundation
import SamenContracts
import SamenReferenceData
import SamenRPC
import SamenTLS
import Synchronization

/// `samen-bench intake`: registrations and lookups by INSZ through the mesh, durability on, in this process over
/// real TLS on loopback (see `BenchFederation`). Phases, each stopped by its count or its seconds, whichever comes
/// first: (a) registrations of unique valid INSZs in one region alone (the cross-region claim is local only);
/// (b) lookups by INSZ of those; (c) with `--regions 2`, registrations in gent with antwerpen's intake asked too
/// (the whole claim protocol), whose latencies against (a)'s are the cross-region check's added latency.
func runIntakeBenchmark(arguments: [String]) async {
    let options = BenchOptions(arguments, known: ["--in-flight", "--registrations", "--lookups", "--seconds", "--regions", "--desks"],
                               usage: "samen-bench intake [--in-flight N] [--registrations N] [--lookups N] [--seconds S] [--regions 1|2] [--desks D]")
    let inFlight = options.int("--in-flight", default: 64, maximum: 10_000)
    // The bench's people are numbered into birth dates of 1950 onwards, 998 per day: the bound keeps them adults.
    let registrations = options.int("--registrations", default: 20_000, maximum: 5_000_000)
    let lookups = options.int("--lookups", default: 100_000, maximum: 100_000_000)
    let seconds = options.double("--seconds", default: 10, maximum: 3_600)
    let regionCount = options.int("--regions", default: 1, maximum: 2)
    let desks = options.int("--desks", default: 4, maximum: 256)
    let directory = NSTemporaryDirectory() + "samen-bench-intake-\(getpid())"
    // exit() skips defers: the folder goes first, then the status.
    func finish(_ status: Int32) -> Never {
        try? FileManager.default.removeItem(atPath: directory)
        exit(status)
    }
    do {
        let ca = try CertificateAuthority.generate(commonName: "samen-bench-ca", validityDays: 1)
        var rows: [PhaseResult] = []

        let alone = try await BenchFederation(ca: ca, regions: ["gent"], directory: "\(directory)/one-region")
        let gentDesks = try (1...desks).map { try alone.desk("gent", user: "desk-\($0)") }
        try await warmUp(gentDesks)
        let (local, registered) = await registerPhase("register, 1 region", desks: gentDesks, people: 0..<registrations,
                                                      inFlight: inFlight, seconds: seconds)
        rows.append(local)
        if !registered.isEmpty {
            rows.append(await runPhase("findByINSZ", count: lookups, inFlight: inFlight, seconds: seconds) { index in
                _ = try await gentDesks[index % desks].find(insz: registered[index % registered.count].insz)
            })
        }
        await alone.stop()

        if regionCount == 2 {
            let federation = try await BenchFederation(ca: ca, regions: ["antwerpen", "gent"], directory: "\(directory)/two-regions")
            let deskClients = try (1...desks).map { try federation.desk("gent", user: "desk-\($0)") }
            try await warmUp(deskClients)
            let (crossing, _) = await registerPhase("register, 2 regions", desks: deskClients,
                                                    people: registrations..<(2 * registrations), inFlight: inFlight, seconds: seconds)
            rows.append(crossing)
            await federation.stop()
        }

        print(PhaseResult.table(rows))
        if let crossing = rows.first(where: { $0.name == "register, 2 regions" }), !local.latencies.isEmpty, !crossing.latencies.isEmpty {
            print(String(format: "cross-region check adds: p50 %+.2f ms, p99 %+.2f ms (at %d in flight)",
                         crossing.milliseconds(0.5) - local.milliseconds(0.5), crossing.milliseconds(0.99) - local.milliseconds(0.99), inFlight))
        }
        finish(rows.contains(where: { $0.failures > 0 }) ? 1 : 0)
    } catch {
        FileHandle.standardError.write(Data("samen-bench intake: \(error)\n".utf8))
        finish(1)
    }
}

/// One unaudited call per desk, so that connections and TLS handshakes are made before anything is timed.
func warmUp(_ desks: [IntakeClient]) async throws {
    for desk in desks { _ = try await desk.nt2Providers() }
}

/// Registers the bench's people numbered `people` (as far as count and time allow); returns the phase's figures
/// and the people registered: their INSZ and intake's person id.
func registerPhase(_ name: String, desks: [IntakeClient], people: Range<Int>, inFlight: Int,
                   seconds: Double) async -> (PhaseResult, [(insz: String, personID: String)]) {
    let registered = Mutex<[(insz: String, personID: String)]>([])
    let result = await runPhase(name, count: people.count, inFlight: inFlight, seconds: seconds) { index in
        let person = BenchPerson(number: people.lowerBound + index)
        let file = try await desks[index % desks.count].register(person.registration,
                                                                 options: CallOptions(idempotencyKey: UUID().uuidString))
        registered.withLock { $0.append((person.insz, file.personID)) }
    }
    return (result, registered.withLock { $0 })
}

/// The bench's fictional person number `number`: born 1950-01-01 plus `number / 998` days, sequence number
/// `number % 998 + 1` (so each number has its own valid INSZ), registered at gent-centrum.
struct BenchPerson {
    static let firstBirthDate = try! CivilDate(year: 1950, month: 1, day: 1)
    static let givenNames = ["Testa", "Proef", "Voorbeeld", "Bench", "Meting"]

    let insz: String
    let registration: Registration

    init(number: Int) {
        let born = Self.firstBirthDate.adding(days: number / 998)!
        let sequence = number % 998 + 1
        insz = try! INSZ.issue(birthDate: born, sequence: sequence).digits  // sequence 1...998 by construction
        let today = CivilDate.today()
        registration = Registration(
            insz: insz, name: PersonName(given: Self.givenNames[number % Self.givenNames.count], family: "Benchmark"),
            birthDate: born, sex: sequence % 2 == 1 ? .male : .female, nationalities: ["MA"], languages: ["ar", "fr"],
            municipality: "44021", arrivalDate: try! CivilDate(year: 2019, month: 1, day: 10),
            residencePermit: ResidencePermit(kind: .limited, validUntil: today.adding(years: 1)), bornAbroad: true,
            firstRegistrationInFlanders: true, desk: "gent-centrum")
    }
}

import Foundation
import SamenContracts
import SamenHost
import SamenRPC

/// `samenctl demo`: loads a small, clearly fictional data set (`DemoData`) into each region's intake through the
/// public API, as the development desk worker (registrations, NT2, OKAN referrals) and administrator (the
/// population register's settlements), and a few associations (`DemoAssociations`) into its verenigingen service as
/// the desk worker, so that a new user has something to look at.
///
/// Every write carries a fixed idempotency key and every settlement a fixed external id, so running it twice
/// adds nothing: the second run gets the first run's answers back.
public enum DemoCommand: CtlCommand {
    static let options: Set<String> = ["home", "registry", "region", "timeout"]
    static let switches: Set<String> = ["verbose"]

    /// What the demo loaded into one region.
    struct Loaded: Equatable {
        var region: String
        var registrations = 0
        var withINSZ = 0
        var doelgroepen: [Doelgroep: Int] = [:]
        var okanReferrals = 0
        var nt2Records = 0
        var settlements = 0
        var newSettlements = 0
        var firstPersonID: String?
        /// The adults intake decided verplicht or rechthebbend, in the demo's order: who can sign a contract.
        var signable: [DemoTrajectories.Signable] = []
        /// What the demo opened in the region's trajectory service (nil: the region runs none).
        var trajectories: DemoTrajectories.Loaded?
        var associations = DemoAssociations.Loaded()
    }

    static func run(_ arguments: Arguments, environment: [String: String], output: TextOutput) async throws(CtlFailure) -> Int32 {
        guard arguments.positionals.isEmpty else { throw .usage("demo takes no arguments, only options", command: "demo") }
        let timeout = arguments.value("timeout") == nil ? Duration.seconds(30) : try HealthCommand.parseTimeout(arguments, command: "demo")
        let home = MeshHome.from(arguments, environment: environment)
        return try await load(home: home, regions: arguments.list("region"), registry: arguments.value("registry"),
                              verbose: arguments.has("verbose"), timeout: timeout, output: output,
                              homeFlag: arguments.value("home").map { " --home \($0)" } ?? "")
    }

    /// Loads the demo into `regions` (nil: every region of `mesh.json`) and prints what it loaded and what to try;
    /// `samen up --demo` calls it once the mesh is healthy.
    public static func load(home: MeshHome, regions: [String]? = nil, output: TextOutput) async -> Int32 {
        do {
            return try await load(home: home, regions: regions, registry: nil, verbose: false, timeout: .seconds(30), output: output,
                                  homeFlag: " --home \(home.path)")
        } catch {
            error.report(to: output)
            return error.exitCode
        }
    }

    static func load(home: MeshHome, regions chosen: [String]?, registry: String?, verbose: Bool, timeout: Duration,
                     output: TextOutput, homeFlag: String) async throws(CtlFailure) -> Int32 {
        let desk = try OperatorSession.open(home: home, verbose: verbose, actingAs: StaffRole.desk.rawValue)
        defer { desk.shutdown() }
        let admin = try OperatorSession.open(home: home, verbose: verbose, actingAs: StaffRole.admin.rawValue)
        defer { admin.shutdown() }
        let counsellor = try OperatorSession.open(home: home, verbose: verbose, actingAs: StaffRole.counsellor.rawValue)
        defer { counsellor.shutdown() }
        let planner = try OperatorSession.open(home: home, verbose: verbose, actingAs: StaffRole.planner.rawValue)
        defer { planner.shutdown() }
        let meshRegions = desk.mesh?.regions.map(\.name) ?? []
        guard let regions = chosen ?? (meshRegions.isEmpty ? nil : meshRegions), !regions.isEmpty else {
            throw CtlFailure("\(home.meshFile) lists no regions, so samenctl does not know where to load the demo",
                             hint: "start the mesh with `swift run samen up`, or pass --region R and --registry host:port", exitCode: 2)
        }
        output.print("demo: loading fictional people into \(regions.joined(separator: ", ")) as dev-desk and dev-admin "
                         + "(fixed idempotency keys: a second run adds nothing)")
        var loaded: [Loaded] = []
        for region in regions {
            let index = meshRegions.firstIndex(of: region) ?? regions.firstIndex(of: region)!
            var result = try await loadRegion(region, index: index, desk: desk, admin: admin, registry: registry, timeout: timeout)
            result.trajectories = try await loadTrajectories(region, people: result.signable, counsellor: counsellor, planner: planner,
                                                             registry: registry, timeout: timeout)
            output.print("  " + describe(result))
            loaded.append(result)
        }
        let first = loaded[0]
        output.print()
        output.print("try:")
        output.print("  samenctl call \(first.region)/intake persons.list --as desk --json '{\"from\":\"\(DemoData.year)-01-01\",\"through\":\"\(DemoData.year)-12-31\",\"limit\":5}'\(homeFlag)")
        output.print("  samenctl call \(first.region)/intake figures --as analyst --json '{\"figure\":\"registrations.byDoelgroep\",\"from\":\"\(DemoData.year)-01-01\",\"through\":\"\(DemoData.year)-12-31\"}'\(homeFlag)")
        output.print("  samenctl audit intake --region \(first.region) --person \(first.firstPersonID ?? "\(first.region)-p1") --as dpo\(homeFlag)")
        if let trajectoryID = first.trajectories?.firstTrajectoryID {
            output.print("  samenctl call \(first.region)/trajectory trajectories.get --as counsellor --json '{\"trajectoryID\":\"\(trajectoryID)\"}'\(homeFlag)")
        }
        output.print("  samenctl call \(first.region)/verenigingen contacts.openFollowUps --as desk --json '{}'\(homeFlag)")
        output.print("  samenctl report --year \(DemoData.year) --all-regions --format html --out report.html --as analyst\(homeFlag)")
        return 0
    }

    static func describe(_ loaded: Loaded) -> String {
        let groups = Doelgroep.allCases.compactMap { group in loaded.doelgroepen[group].map { "\(group.rawValue) \($0)" } }.joined(separator: ", ")
        return "\(loaded.region): \(loaded.registrations) registrations (\(loaded.withINSZ) with an INSZ; \(groups)), "
            + "\(loaded.okanReferrals) minors referred to OKAN, \(loaded.nt2Records) NT2 records, "
            + "\(loaded.settlements) settlements reported (\(loaded.newSettlements) new); "
            + "\(loaded.associations.associations) associations (\(loaded.associations.womensOrganisations) women's organisations, "
            + "\(loaded.associations.genderNetwork) in the gender network), \(loaded.associations.contacts) support contacts "
            + "(\(loaded.associations.followUps) with a follow-up), \(loaded.associations.events) network event, "
            + "\(loaded.associations.granted) of \(loaded.associations.applications) subsidy applications granted"
            + (loaded.trajectories.map { "; trajectory: \($0.trajectories) contracts (\($0.certificates) with a certificate), "
                + "\($0.counsellors) counsellors, \($0.referrals) referrals, \($0.moGroups) MO groups with \($0.moEnrolments) enrolments" }
               ?? "; no trajectory service")
    }

    /// Opens the demo's trajectories in the region as dev-counsellor and dev-planner; nil when the region's registry
    /// lists no trajectory service (a mesh that runs intake alone).
    private static func loadTrajectories(_ region: String, people: [DemoTrajectories.Signable], counsellor counsellorSession: OperatorSession,
                                         planner plannerSession: OperatorSession, registry: String?,
                                         timeout: Duration) async throws(CtlFailure) -> DemoTrajectories.Loaded? {
        let registryEndpoint = try counsellorSession.registryEndpoint(override: registry, region: region)
        let listed = try await counsellorSession.lookup(registry: registryEndpoint, request: LookupRequest(service: TrajectoryAPI.service, region: region))
        guard !listed.instances.isEmpty else { return nil }
        let counsellor = try await ServiceTarget.open(TrajectoryAPI.service, region: region, session: counsellorSession, registry: registry,
                                                      timeout: timeout, command: "demo")
        let planner: ServiceTarget
        do {
            planner = try await ServiceTarget.open(TrajectoryAPI.service, region: region, session: plannerSession, registry: registry,
                                                   timeout: timeout, command: "demo")
        } catch {
            await counsellor.close()
            throw error
        }
        let demo = DemoTrajectories(region: region, counsellor: TrajectoryClient(channel: counsellor.client),
                                    records: TrajectoryRecordsClient(channel: counsellor.client), planner: MOCoursesClient(channel: planner.client))
        let result = await Result(catching: { try await demo.load(people) })
        await counsellor.close()
        await planner.close()
        switch result {
        case .success(let loaded): return loaded
        case .failure(let error): throw counsellor.failure(error)
        }
    }

    private static func loadRegion(_ region: String, index: Int, desk deskSession: OperatorSession, admin adminSession: OperatorSession,
                                   registry: String?, timeout: Duration) async throws(CtlFailure) -> Loaded {
        let desk = try await ServiceTarget.open(IntakeAPI.service, region: region, session: deskSession, registry: registry,
                                                timeout: timeout, command: "demo")
        let admin: ServiceTarget
        do {
            admin = try await ServiceTarget.open(IntakeAPI.service, region: region, session: adminSession, registry: registry,
                                                 timeout: timeout, command: "demo")
        } catch {
            await desk.close()
            throw error
        }
        let result = await Result(catching: { try await load(region, index: index, desk: desk, admin: admin) })
        await desk.close()
        await admin.close()
        var loaded: Loaded
        switch result {
        case .success(let value): loaded = value
        case .failure(let error as CtlFailure): throw error
        case .failure(let error): throw desk.failure(error)
        }
        let associations = try await ServiceTarget.open(VerenigingenAPI.service, region: region, session: deskSession, registry: registry,
                                                        timeout: timeout, command: "demo")
        let loadedAssociations = await Result(catching: {
            try await DemoAssociations(region: region).load(into: VerenigingenClient(channel: associations.client))
        })
        await associations.close()
        switch loadedAssociations {
        case .success(let value): loaded.associations = value
        case .failure(let error as CtlFailure): throw error
        case .failure(let error): throw associations.failure(error)
        }
        return loaded
    }

    private static func load(_ region: String, index: Int, desk: ServiceTarget, admin: ServiceTarget) async throws -> Loaded {
        let deskClient = IntakeClient(channel: desk.client)
        let providers = try await deskClient.nt2Providers().providers
        let data = DemoData(region: region, regionIndex: index, providers: providers)
        var loaded = Loaded(region: region)

        // The register's report first, so that registrations of the same INSZ link to their settlement.
        let report: ImportReport
        do {
            report = try await IntakeClient(channel: admin.client).reportSettlements(
                ImportBatch(records: data.settlements), options: CallOptions(idempotencyKey: "demo-\(region)-settlements"))
        } catch {
            throw admin.failure(error)
        }
        if let rejected = report.results.first(where: { $0.status == .rejected }) {
            throw CtlFailure("\(region)/intake refused demo settlement \(rejected.externalID): field \(rejected.field ?? "-"): \(rejected.message ?? "")")
        }
        loaded.settlements = report.results.count
        loaded.newSettlements = report.results.filter { $0.status == .accepted }.count

        for person in data.people {
            let key = "demo-\(region)-person-\(person.number)"
            var file = try await retrying { try await deskClient.register(person.registration, options: CallOptions(idempotencyKey: key)) }
            for (number, record) in person.nt2.enumerated() {
                file = try await deskClient.recordNT2(NT2RecordRequest(file: FileReference(personID: file.personID, version: file.version), record: record),
                                                      options: CallOptions(idempotencyKey: "\(key)-nt2-\(number + 1)"))
                loaded.nt2Records += 1
            }
            if let referral = person.referral {
                file = try await deskClient.referToEducation(EducationReferralRequest(file: FileReference(personID: file.personID, version: file.version),
                                                                                      referral: referral),
                                                             options: CallOptions(idempotencyKey: "\(key)-okan"))
                loaded.okanReferrals += 1
            }
            loaded.registrations += 1
            if file.insz != nil { loaded.withINSZ += 1 }
            loaded.doelgroepen[file.doelgroep.doelgroep, default: 0] += 1
            if loaded.firstPersonID == nil { loaded.firstPersonID = file.personID }
            if !file.minor, [.verplicht, .rechthebbend].contains(file.doelgroep.doelgroep) {
                loaded.signable.append(DemoTrajectories.Signable(number: person.number, personID: file.personID, registeredOn: file.registeredOn))
            }
        }
        return loaded
    }

    /// A registration asks every other region about the INSZ; right after `samen up` another region's intake may
    /// not be found yet (`unavailable`), or still hold a claim (`aborted`). Both pass within seconds.
    private static func retrying(_ body: () async throws -> PersonFile) async throws -> PersonFile {
        var backoff = Backoff(initial: .milliseconds(200), maximum: .seconds(2), jitter: false)
        while true {
            do {
                return try await body()
            } catch let error as RPCError where [.unavailable, .aborted].contains(error.status) && backoff.failures < 8 {
                try? await Task.sleep(for: backoff.nextDelay())
            }
        }
    }
}

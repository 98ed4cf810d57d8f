import Foundation
import SamenContracts
import SamenHost
import SamenRPC

/// `samenctl demo`: loads a small, clearly fictional data set (`DemoData`) into each region's intake through the
/// public API, as the development desk worker (registrations, NT2, OKAN referrals) and administrator (the
/// population register's settlements), a few associations (`DemoAssociations`) into its verenigingen service as
/// the desk worker, trajectories (`DemoTrajectories`) where trajectory runs, one of gent's moved to antwerpen, and
/// interpreting work (`DemoTolkdienst`) into the tolkdienst serving it as the planner, so that a new user has
/// something to look at.
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
        /// What the demo loaded into the tolkdienst serving the region (nil: none is listed).
        var tolkdienst: DemoTolkdienst.Loaded?
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
            result.tolkdienst = try await loadTolkdienst(region, planner: planner, registry: registry, timeout: timeout)
            output.print("  " + describe(result))
            loaded.append(result)
        }
        let transferred = try await transferDemoTrajectory(loaded, counsellor: counsellor, registry: registry, timeout: timeout)
        if let moved = transferred {
            output.print("  transfer: \(moved.from)'s \(moved.trajectoryID) moved to \(moved.to) as \(moved.newTrajectoryID) "
                             + "(transfer \(moved.transferID)); \(moved.from) keeps its tombstone")
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
        if let moved = transferred {
            output.print("  samenctl call \(moved.from)/trajectory transfers.list --as counsellor --json '{}'\(homeFlag)")
        }
        output.print("  samenctl call \(first.region)/verenigingen contacts.openFollowUps --as desk --json '{}'\(homeFlag)")
        if let requestID = first.tolkdienst?.openRequestID {
            output.print("  samenctl call \(first.region)/tolkdienst matching.candidates --as planner --json '{\"requestID\":\"\(requestID)\"}'\(homeFlag)")
        }
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
            + (loaded.tolkdienst.map { "; tolkdienst: \($0.organisations) organisations, \($0.interpreters) interpreters, "
                + "\($0.requests) requests (\($0.assigned) assigned), \($0.translations) translation" } ?? "; no tolkdienst")
    }

    /// The demo's transferred trajectory: when both gent and antwerpen were loaded with trajectories, gent's
    /// `transferable` one moves to antwerpen (requested and accepted as dev-counsellor of each region), the same one
    /// on every run. Nil otherwise.
    private static func transferDemoTrajectory(_ loaded: [Loaded], counsellor session: OperatorSession, registry: String?,
                                               timeout: Duration) async throws(CtlFailure) -> DemoTrajectories.Transferred? {
        let source = "gent", target = "antwerpen"
        guard let trajectory = loaded.first(where: { $0.region == source })?.trajectories?.transferable,
              loaded.first(where: { $0.region == target })?.trajectories != nil else { return nil }
        return try await withTargets([(TrajectoryAPI.service, source, session), (TrajectoryAPI.service, target, session)],
                                     registry: registry, timeout: timeout) { targets in
            try await DemoTrajectories.transfer(
                trajectory, from: (source, TrajectoryClient(channel: targets[0].client), TransferClient(channel: targets[0].client)),
                to: (target, "11002", TransferClient(channel: targets[1].client)), within: timeout)
        }
    }

    /// Opens the demo's trajectories in the region as dev-counsellor and dev-planner; nil when the region's registry
    /// lists no trajectory service (a mesh that runs intake alone).
    private static func loadTrajectories(_ region: String, people: [DemoTrajectories.Signable], counsellor: OperatorSession,
                                         planner: OperatorSession, registry: String?,
                                         timeout: Duration) async throws(CtlFailure) -> DemoTrajectories.Loaded? {
        guard try await isListed(TrajectoryAPI.service, in: region, session: counsellor, registry: registry) else { return nil }
        return try await withTargets([(TrajectoryAPI.service, region, counsellor), (TrajectoryAPI.service, region, planner)],
                                     registry: registry, timeout: timeout) { targets in
            try await DemoTrajectories(region: region, counsellor: TrajectoryClient(channel: targets[0].client),
                                       records: TrajectoryRecordsClient(channel: targets[0].client),
                                       planner: MOCoursesClient(channel: targets[1].client)).load(people)
        }
    }

    /// Loads `DemoTolkdienst` as dev-planner into the tolkdienst the region's registry lists (its own, or through a
    /// route the central instance); nil when it lists none.
    private static func loadTolkdienst(_ region: String, planner: OperatorSession, registry: String?,
                                       timeout: Duration) async throws(CtlFailure) -> DemoTolkdienst.Loaded? {
        guard try await isListed(TolkdienstAPI.service, in: region, session: planner, registry: registry) else { return nil }
        return try await withTargets([(TolkdienstAPI.service, region, planner)], registry: registry, timeout: timeout) { targets in
            try await DemoTolkdienst(region: region).load(into: TolkdienstClient(channel: targets[0].client))
        }
    }

    private static func loadRegion(_ region: String, index: Int, desk: OperatorSession, admin: OperatorSession,
                                   registry: String?, timeout: Duration) async throws(CtlFailure) -> Loaded {
        var loaded = try await withTargets([(IntakeAPI.service, region, desk), (IntakeAPI.service, region, admin)],
                                           registry: registry, timeout: timeout) { targets in
            try await load(region, index: index, desk: targets[0], admin: targets[1])
        }
        loaded.associations = try await withTargets([(VerenigingenAPI.service, region, desk)], registry: registry, timeout: timeout) { targets in
            try await DemoAssociations(region: region).load(into: VerenigingenClient(channel: targets[0].client))
        }
        return loaded
    }

    /// Whether the region's registry lists `service` (the demo loads only what the mesh runs).
    private static func isListed(_ service: String, in region: String, session: OperatorSession, registry: String?) async throws(CtlFailure) -> Bool {
        let endpoint = try session.registryEndpoint(override: registry, region: region)
        return try await !session.lookup(registry: endpoint, request: LookupRequest(service: service, region: region)).instances.isEmpty
    }

    /// Opens a target per (service, region, session), runs `body` with them and closes them all, whatever happened; a
    /// failure that is not already a `CtlFailure` is told as the first target's.
    private static func withTargets<Value>(_ wanted: [(service: String, region: String, session: OperatorSession)], registry: String?,
                                           timeout: Duration,
                                           _ body: ([ServiceTarget]) async throws -> Value) async throws(CtlFailure) -> Value {
        var targets: [ServiceTarget] = []
        for target in wanted {
            do {
                targets.append(try await ServiceTarget.open(target.service, region: target.region, session: target.session, registry: registry,
                                                            timeout: timeout, command: "demo"))
            } catch {
                for opened in targets { await opened.close() }
                throw error
            }
        }
        let result = await Result(catching: { try await body(targets) })
        for opened in targets { await opened.close() }
        switch result {
        case .success(let value): return value
        case .failure(let error as CtlFailure): throw error
        case .failure(let error): throw targets[0].failure(error)
        }
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

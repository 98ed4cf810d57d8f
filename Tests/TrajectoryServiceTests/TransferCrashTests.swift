#if canImport(Glibc)
import Glibc
#endif
import Foundation
import SamenContracts
import SamenRPC
import SamenTestSupport
import Synchronization
import TrajectoryService
import XCTest

/// Each region's `samen-trajectory` as a real process on its own data folder, restartable, with the crash hook
/// (`SAMEN_TRAJECTORY_CRASH_AT`); registries and intakes in-process.
final class TrajectoryProcesses: TransferRegions {
    let intakes: IntakeMesh
    private let executable: String
    private let ports: [String: Int]
    private let arguments: [String: [String]]
    private let processes = Mutex<[String: Process]>([:])

    init(regions: [String]) async throws {
        intakes = try await IntakeMesh(regions: regions)
        executable = try BuiltProducts.path("samen-trajectory")
        var ports: [String: Int] = [:]
        var arguments: [String: [String]] = [:]
        for region in regions {
            let port = freePort()
            let folder = "\(intakes.mesh.directory)/\(region)-process"
            let credentials = try intakes.mesh.programCredentials(intakes.mesh.identity(TrajectoryAPI.service, region: region), in: "\(folder)/pki")
            try FileManager.default.createDirectory(atPath: "\(folder)/data", withIntermediateDirectories: true)
            ports[region] = port
            arguments[region] = ["--region", region, "--listen", "127.0.0.1:\(port)", "--registry", intakes.registryEndpoint(region).description,
                                 "--data", "\(folder)/data", "--log-level", "error", "--option", "peer-interval-ms=100"] + credentials
        }
        self.ports = ports
        self.arguments = arguments
    }

    /// Starts (or restarts, on the same data) the region's process and waits until it answers.
    func start(_ region: String, crashAt: CrashPoint? = nil) async throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments[region]!
        var environment = ProcessInfo.processInfo.environment
        environment["SAMEN_TRAJECTORY_CRASH_AT"] = crashAt?.rawValue
        process.environment = environment
        try process.run()
        processes.withLock { $0[region] = process }
        let client = try counsellor(region)
        await eventually(timeout: .seconds(30), every: .milliseconds(50), "samen-trajectory of \(region) answers") {
            (try? await client.counsellors()) != nil
        }
    }

    /// Waits (bounded) until the region's process killed itself with SIGKILL at its crash point.
    func awaitCrash(_ region: String, file: StaticString = #filePath, line: UInt = #line) async {
        let process = processes.withLock { $0[region]! }
        await eventually(timeout: .seconds(30), every: .milliseconds(20), "\(region) crashed at its step", file: file, line: line) { !process.isRunning }
        guard !process.isRunning else { return }
        XCTAssertEqual(process.terminationReason, .uncaughtSignal, file: file, line: line)
        XCTAssertEqual(process.terminationStatus, SIGKILL, file: file, line: line)
    }

    func staffTrajectory(_ region: String, user: String, roles: [StaffRole]) throws -> TrajectoryClient {
        TrajectoryClient(channel: try intakes.mesh.staffClient(port: ports[region]!, user: user, roles: roles.map(\.rawValue), region: region))
    }

    func stop() async {
        for process in processes.withLock({ Array($0.values) }) where process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        await intakes.stop()
    }
}

/// A transfer with either side killed (SIGKILL of a real process) at each step: after a restart on the same data
/// and the reconcilers' rounds, exactly one live trajectory across the two regions, its history whole.
final class TransferCrashTests: XCTestCase {
    var processes: TrajectoryProcesses!

    override func tearDown() async throws {
        await processes?.stop()
    }

    /// Both regions running, `crashAt` set in the region that reaches it.
    func start(_ crashAt: CrashPoint, in crashing: String) async throws -> TransferScenario {
        processes = try await TrajectoryProcesses(regions: [TransferScenario.source, TransferScenario.target])
        for region in [TransferScenario.source, TransferScenario.target] {
            try await processes.start(region, crashAt: region == crashing ? crashAt : nil)
        }
        return try await TransferScenario.start(on: processes)
    }

    func settlesAsAccepted(_ scenario: TransferScenario, _ transferID: String) async throws {
        await scenario.await(TransferScenario.source, transferID, .completed, timeout: .seconds(40))
        await scenario.await(TransferScenario.target, transferID, .completed, timeout: .seconds(40))
        try await scenario.assertOneLive(accepted: true, transferID: transferID)
    }

    func testSourceKilledAfterFreezingBeforeOffering() async throws {
        let scenario = try await start(.afterFreezeBeforeOffer, in: TransferScenario.source)
        let key = CallOptions(timeout: .seconds(10), idempotencyKey: "move-1")
        _ = try? await scenario.gent.request(scenario.request, options: key)
        await processes.awaitCrash(TransferScenario.source)
        try await processes.start(TransferScenario.source)
        let retried = try await scenario.gent.request(scenario.request, options: key)
        XCTAssertEqual(retried.transferID, "gent-x1", "the frozen request survived the crash; the retry answers it")
        await scenario.await(TransferScenario.target, "gent-x1", .requested, timeout: .seconds(40))
        _ = try await scenario.antwerpen.accept("gent-x1")
        try await settlesAsAccepted(scenario, "gent-x1")
    }

    func testTargetKilledAfterStoringTheOfferBeforeReplying() async throws {
        let scenario = try await start(.afterOfferStoredBeforeReply, in: TransferScenario.target)
        let requested = try await scenario.gent.request(scenario.request)
        await processes.awaitCrash(TransferScenario.target)
        try await processes.start(TransferScenario.target)
        await scenario.await(TransferScenario.target, requested.transferID, .requested, timeout: .seconds(40))
        await eventually(timeout: .seconds(40), every: .milliseconds(50), "the source learns the offer arrived") {
            (try? await scenario.transfer(TransferScenario.source, requested.transferID))?.acknowledged == true
        }
        _ = try await scenario.antwerpen.accept(requested.transferID)
        try await settlesAsAccepted(scenario, requested.transferID)
    }

    func testTargetKilledAfterAcceptingBeforeNotifying() async throws {
        let scenario = try await start(.afterAcceptBeforeNotify, in: TransferScenario.target)
        let requested = try await scenario.gent.request(scenario.request)
        await scenario.await(TransferScenario.target, requested.transferID, .requested, timeout: .seconds(40))
        let key = CallOptions(timeout: .seconds(10), idempotencyKey: "take-1")
        _ = try? await scenario.antwerpen.accept(requested.transferID, options: key)
        await processes.awaitCrash(TransferScenario.target)
        let frozen = try await scenario.transfer(TransferScenario.source, requested.transferID)
        XCTAssertEqual(frozen?.state, .requested, "the source is still frozen, not yet told")
        try await processes.start(TransferScenario.target)
        let retried = try await scenario.antwerpen.accept(requested.transferID, options: key)
        XCTAssertEqual(retried.newTrajectoryID, "antwerpen-t1", "the acceptance committed before the crash; the retry answers it")
        try await settlesAsAccepted(scenario, requested.transferID)
    }

    func testSourceKilledAfterRecordingTheSettlementBeforeReplying() async throws {
        let scenario = try await start(.afterSettleBeforeReply, in: TransferScenario.source)
        let requested = try await scenario.gent.request(scenario.request)
        await scenario.await(TransferScenario.target, requested.transferID, .requested, timeout: .seconds(40))
        _ = try await scenario.antwerpen.accept(requested.transferID)
        await processes.awaitCrash(TransferScenario.source)
        let unacknowledged = try await scenario.transfer(TransferScenario.target, requested.transferID)
        XCTAssertEqual(unacknowledged?.state, .accepted, "the target has no answer from the source yet")
        try await processes.start(TransferScenario.source)
        try await settlesAsAccepted(scenario, requested.transferID)
    }
}

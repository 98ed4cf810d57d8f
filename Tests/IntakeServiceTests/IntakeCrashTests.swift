#if canImport(Glibc)
import Glibc
#endif
import Foundation
import SamenContracts
import SamenReferenceData
import SamenRPC
import SamenTLS
import SamenTestSupport
import Synchronization
import XCTest

/// An acknowledged registration survives a crash: a real `samen-intake` process is killed with SIGKILL while desks
/// register at full speed, and every registration it answered is there after the restart, exactly once.
final class IntakeCrashTests: XCTestCase {
    func testAcknowledgedRegistrationsSurviveSIGKILL() async throws {
        let mesh = try TestMesh()
        let registry = try await mesh.startRegistry(region: "gent")
        let credentials = try mesh.programCredentials(mesh.identity("intake"), in: "\(mesh.directory)/pki")
        let data = "\(mesh.directory)/data"
        try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
        let port = freePort()
        let arguments = ["--region", "gent", "--listen", "127.0.0.1:\(port)", "--registry", registry.endpoint.description,
                         "--data", data, "--log-level", "error"] + credentials
        let executable = try BuiltProducts.path("samen-intake")

        func launch() throws -> Process {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
            try process.run()
            return process
        }

        var process = try launch()
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        let desk = IntakeClient(channel: try mesh.staffClient(port: port, user: "an-desk", roles: ["desk"]))
        await eventually("samen-intake answers") { (try? await desk.list(ListRequest(limit: 1))) != nil }

        // Eight desks register until 60 registrations are acknowledged (or 20 s pass), then the process dies.
        let acknowledged = Recorder<(insz: String, personID: String)>()
        let born = try CivilDate("1980-01-01")
        let stop = Flag()
        let target = 60
        let pid = process.processIdentifier
        let clients = try (0..<8).map { _ in IntakeClient(channel: try mesh.staffClient(port: port, user: "an-desk", roles: ["desk"])) }
        await withTaskGroup(of: Void.self) { group in
            for (desk, client) in clients.enumerated() {
                group.addTask {
                    var sequence = 1 + 2 * desk
                    let deadline = ContinuousClock.now + .seconds(20)
                    while !stop.isSet, ContinuousClock.now < deadline, sequence < 998 {
                        let insz = Fixtures.insz(born: born, sequence: sequence)
                        sequence += 16
                        guard let file = try? await client.register(Fixtures.registration(born: "1980-01-01", sex: .male, insz: insz)) else {
                            continue
                        }
                        acknowledged.append((insz, file.personID))
                        if acknowledged.all.count >= target, !stop.isSet {
                            stop.set()
                            kill(pid, SIGKILL)
                        }
                    }
                }
            }
        }
        process.waitUntilExit()
        XCTAssertEqual(process.terminationReason, .uncaughtSignal, "the process was killed, not stopped")
        let answered = Dictionary(acknowledged.all.map { ($0.insz, $0.personID) }, uniquingKeysWith: { first, _ in first })
        XCTAssertEqual(answered.count, acknowledged.all.count, "an INSZ was acknowledged twice")
        XCTAssertGreaterThanOrEqual(answered.count, target)

        process = try launch()
        let after = IntakeClient(channel: try mesh.staffClient(port: port, user: "an-desk2", roles: ["desk"]))
        await eventually("samen-intake answers again") { (try? await after.list(ListRequest(limit: 1))) != nil }
        for (insz, personID) in answered {
            let file = try await after.find(insz: insz)
            XCTAssertEqual(file.personID, personID, "an acknowledged registration is gone or changed")
        }
        var total = 0
        var cursor: String?
        repeat {
            let page = try await after.list(ListRequest(limit: 500, after: cursor))
            total += page.persons.count
            cursor = page.next
        } while cursor != nil
        XCTAssertGreaterThanOrEqual(total, answered.count)
        XCTAssertLessThanOrEqual(total, answered.count + 8, "at most the registrations in flight when it died went in unanswered")
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        await registry.stop()
    }
}

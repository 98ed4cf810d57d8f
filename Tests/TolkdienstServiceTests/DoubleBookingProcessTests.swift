#if canImport(Glibc)
import Glibc
#endif
import Foundation
import SamenContracts
import SamenReferenceData
import SamenRPC
import SamenTLS
import SamenTestSupport
import XCTest

/// The same race against two real `samen-tolkdienst` processes (instances 1 and 2 of gent's tolkdienst) sharing one
/// data folder, as two containers on one volume would: SQLite's write lock across processes and the calendar's
/// trigger keep one assignment per overlapping set.
final class DoubleBookingProcessTests: XCTestCase {
    func testTwoProcessesOnOneFileNeverDoubleBookAnInterpreter() async throws {
        let mesh = try TestMesh()
        let registry = try await mesh.startRegistry(region: "gent")
        let pki = "\(mesh.directory)/pki"
        let data = "\(mesh.directory)/data"
        for folder in [pki, data] { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        let executable = try BuiltProducts.path("samen-tolkdienst")
        var processes: [Process] = []
        var ports: [Int] = []
        defer { for process in processes where process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        for instance in ["1", "2"] {
            let credentials = try mesh.credentials(mesh.identity(TolkdienstAPI.service, instance: instance))
            try PEMFile.write(credentials.certificateChainPEM, to: "\(pki)/tolkdienst-\(instance).pem", privateKey: false)
            try PEMFile.write(credentials.privateKeyPEM, to: "\(pki)/tolkdienst-\(instance)-key.pem", privateKey: true)
            try PEMFile.write(credentials.trustRootsPEM, to: "\(pki)/ca.pem", privateKey: false)
            let port = freePort()
            let process = Process()
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = ["--region", "gent", "--instance", instance, "--listen", "127.0.0.1:\(port)",
                                 "--registry", registry.endpoint.description, "--cert", "\(pki)/tolkdienst-\(instance).pem",
                                 "--key", "\(pki)/tolkdienst-\(instance)-key.pem", "--ca", "\(pki)/ca.pem", "--data", data,
                                 "--log-level", "error"]
            try process.run()
            processes.append(process)
            ports.append(port)
        }
        func planner(_ user: String, _ instance: Int) throws -> TolkdienstClient {
            TolkdienstClient(channel: try mesh.staffClient(port: ports[instance], user: user, roles: ["planner"]))
        }
        let first = try planner("planner-a", 0)
        let second = try planner("planner-b", 1)
        for client in [first, second] {
            await eventually(timeout: .seconds(60), "samen-tolkdienst answers") { (try? await client.interpreters()) != nil }
        }

        let today = CivilDate.today()
        let hospital = try await first.addOrganisation(OrganisationInput(
            name: "AZ Sint-Lucas", sector: .gezondheid, contact: OrganisationContact(name: "Onthaal", email: "onthaal@example.org", phone: "09 224 61 11"),
            agreementFrom: today, agreementUntil: nil))
        let amina = try await second.addInterpreter(InterpreterProfile(
            name: "Amina", languages: ["ar"], modes: [.onSite], regions: ["gent"],
            weekly: (1...7).map { WeeklyHours(weekday: $0, fromMinute: 0, untilMinute: 1440) }))
        // From tomorrow on (the real clock: never a day that is already over), eight days, two rounds a day.
        let rounds = (1...8).flatMap { offset in [9 * 60, 14 * 60].map { (date: today.adding(days: offset)!, minute: $0) } }
        let race = DoubleBookingRace(booker: first, planners: [first, second, try planner("planner-c", 0), try planner("planner-d", 1)],
                                     organisation: hospital, interpreter: amina)
        _ = try await race.run(rounds)
        try await DoubleBookingRace.assertCalendar(path: "\(data)/tolkdienst.sqlite", assignments: rounds.count)

        for process in processes {
            kill(process.processIdentifier, SIGTERM)
            process.waitUntilExit()
        }
        await registry.stop()
    }
}

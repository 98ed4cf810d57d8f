import Foundation
@testable import RegistryService
import SamenContracts
@testable import SamenDiscovery
import SamenRPC
import SamenTestSupport
import XCTest

/// A registry coming back after an outage longer than a lease must not make clients drop instances that work.
final class RegistryRestartTests: XCTestCase {
    func testAnEmptyAnswerKeepsWorkingEndpointsUntilTheyFail() {
        let first = Endpoint(host: "127.0.0.1", port: 7101)
        let second = Endpoint(host: "127.0.0.1", port: 7102)
        var rotation = EndpointRotation(basePenalty: .milliseconds(500), maximumPenalty: .seconds(30))
        rotation.replace([first, second])
        rotation.replace([])
        XCTAssertEqual(rotation.endpoints, [first, second], "an empty answer evicts nothing")
        XCTAssertEqual(rotation.unlisted, [first, second])
        let now = ContinuousClock.now
        XCTAssertNotNil(rotation.pick(excluding: [], now: now))
        // A kept endpoint leaves at its first failure; a working one stays.
        rotation.failed(first, now: now)
        XCTAssertEqual(rotation.endpoints, [second])
        rotation.succeeded(second)
        XCTAssertEqual(rotation.pick(excluding: [], now: now), second)
        // A non-empty answer is taken as it is, and endpoints it lists are ordinary again (penalised, not removed).
        rotation.replace([second])
        XCTAssertEqual(rotation.unlisted, [])
        rotation.failed(second, now: now)
        XCTAssertEqual(rotation.endpoints, [second])
        XCTAssertTrue(rotation.isPenalized(second, now: now))
        rotation.replace([])
        rotation.failed(second, now: now)
        XCTAssertEqual(rotation.endpoints, [], "an instance that fails and that the registry no longer lists is gone")
    }

    /// Calls go on across a registry restart after an outage longer than the lease, without a single failure, and
    /// without any heartbeat from the instance (the restart grace keeps it listed).
    func testCallsGoOnAcrossARegistryRestartAfterALongOutage() async throws {
        let mesh = try TestMesh()
        let clock = ManualClock()
        let database = "\(mesh.directory)/restart.sqlite"
        let configure: (inout RegistryConfiguration) -> Void = { $0.clock = clock.function }
        let first = try await mesh.startRegistry(database: database, configure: configure)
        let port = first.port
        let echo = try await mesh.startEchoInstance("1", registry: first)
        var directoryConfiguration = ServiceDirectory.Configuration(registries: [first.endpoint], tls: try mesh.tls(.client, mesh.identity("intake")),
                                                                    logger: mesh.logger("intake-discovery"))
        directoryConfiguration.watchRetryInitial = .milliseconds(50)
        directoryConfiguration.watchRetryMaximum = .milliseconds(200)
        let directory = ServiceDirectory(configuration: directoryConfiguration, group: mesh.group)
        let channel = directory.channel(service: "echo")
        _ = try await channel.call(EchoAPI.echo, EchoRequest(text: "resolve"))

        // The loop is stopped by a flag, not by cancelling its task: cancelling would cancel the call in flight,
        // and that call's `cancelled` is the test's doing, not a failure across the restart.
        let stop = Flag()
        let succeeded = Recorder<Int>()
        let calls = Task {
            var failures: [String] = []
            for index in 0..<20_000 where !stop.isSet {
                do {
                    _ = try await channel.call(EchoAPI.echo, EchoRequest(text: "\(index)"))
                    succeeded.append(index)
                } catch {
                    failures.append("\(error)")
                }
                try? await Task.sleep(for: .milliseconds(2))
            }
            return failures
        }

        await first.stop()
        // Down for longer than the lease (60 s) and than deregister-critical-after (60 s) together.
        clock.advance(by: 200)
        let second = try await mesh.startRegistry(database: database, port: port, configure: configure)
        // The watch comes back: the new registry's catalogue must have reached the channel before the loop ends.
        let watched = await eventually(timeout: .seconds(30), "the channel watches the restarted registry") {
            second.service.watchCount(of: "echo") > 0
        }
        XCTAssertTrue(watched)
        // Calls made after the new registry's catalogue arrived are part of the claim.
        let beforeWatch = succeeded.all.count
        await eventually(timeout: .seconds(30), "calls go on after the watch") { succeeded.all.count >= beforeWatch + 50 }
        stop.set()
        let failures = await calls.value
        XCTAssertEqual(failures, [], "no call failed across the restart")
        XCTAssertEqual(channel.endpoints, [echo.endpoint])
        let listed = try await RegistryClient(channel: directory.channel(service: "registry")).lookup(LookupRequest(service: "echo"))
        XCTAssertEqual(listed.instances.map(\.address), [echo.endpoint], "listed passing without a heartbeat")

        await directory.shutdown()
        await echo.server.drain()
        await second.stop()
    }
}

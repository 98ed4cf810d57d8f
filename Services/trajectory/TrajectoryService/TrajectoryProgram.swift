import SamenContracts
import Foundation
import SamenAgencyKit
import SamenHost
import SamenRPC

/// `samen-trajectory`: one region's trajectory service as a program, on the same `ServiceHost` as every service.
/// Its file is `<data>/trajectory.sqlite`; it reads persons from the intake of its own region.
/// `--option peer-interval-ms=N` sets how often unsettled transfers and undelivered exemption results are driven on
/// (tests shorten it).
public enum TrajectoryProgram: ServiceProgram {
    public static let name = TrajectoryAPI.service

    public static func run(_ options: ServiceLaunchOptions) async throws {
        var service: TrajectoryService?
        let host = try ServiceHost(options: options, service: name) { server, directory in
            var configuration = TrajectoryService.Configuration(
                identity: try ServiceIdentity(region: options.region, service: name, instance: options.instance),
                databasePath: "\(options.dataDirectory)/trajectory.sqlite",
                logger: Logger(service: name, minimumLevel: options.logLevel))
            if let text = options.extra["peer-interval-ms"] {
                guard let milliseconds = Int(text), (10...3_600_000).contains(milliseconds) else {
                    throw RPCError.invalidField("peer-interval-ms", "must be 10...3600000")
                }
                configuration.peerWork.interval = .milliseconds(milliseconds)
                configuration.peerWork.retryInitial = min(configuration.peerWork.retryInitial, .milliseconds(milliseconds))
                configuration.peerWork.retryMaximum = min(configuration.peerWork.retryMaximum, .milliseconds(milliseconds))
            }
            if let step = ProcessInfo.processInfo.environment["SAMEN_TRAJECTORY_CRASH_AT"] {
                guard let point = CrashPoint(rawValue: step) else {
                    throw RPCError.invalidField("SAMEN_TRAJECTORY_CRASH_AT", "is not one of \(CrashPoint.allCases.map(\.rawValue))")
                }
                configuration.crashAt = point
            }
            let intake = IntakeClient(channel: directory.channel(service: IntakeAPI.service, region: options.region))
            let trajectory = try TrajectoryService(configuration: configuration, intake: intake,
                                                   peers: DirectoryTrajectoryPeers(directory: directory))
            trajectory.register(on: server)
            trajectory.start()
            service = trajectory
        }
        try await host.run()
        await service?.stop()
    }
}

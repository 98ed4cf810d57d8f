import SamenContracts
import Foundation
import SamenAgencyKit
import SamenHost
import SamenRPC

/// `samen-trajectory`: one region's trajectory service as a program, on the same `ServiceHost` as every service.
/// Its file is `<data>/trajectory.sqlite`; it reads persons from the intake of its own region.
public enum TrajectoryProgram: ServiceProgram {
    public static let name = TrajectoryAPI.service

    public static func run(_ options: ServiceLaunchOptions) async throws {
        var service: TrajectoryService?
        let host = try ServiceHost(options: options, service: name) { server, directory in
            let configuration = TrajectoryService.Configuration(
                identity: try ServiceIdentity(region: options.region, service: name, instance: options.instance),
                databasePath: "\(options.dataDirectory)/trajectory.sqlite",
                logger: Logger(service: name, minimumLevel: options.logLevel))
            let intake = IntakeClient(channel: directory.channel(service: IntakeAPI.service, region: options.region))
            let trajectory = try TrajectoryService(configuration: configuration, intake: intake) { region in
                directory.channel(service: name, region: region)
            }
            trajectory.register(on: server)
            trajectory.start()
            service = trajectory
        }
        try await host.run()
        await service?.stop()
    }
}

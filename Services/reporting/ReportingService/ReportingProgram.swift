import Foundation
import SamenHost
import SamenContracts
import SamenRPC

/// `samen-reporting`: one region's reporting service as a program, on the same `ServiceHost` as every service.
/// It asks the registry for the regions and each region's services for their figures; its file
/// `<data>/reporting.sqlite` holds the closed years only.
public enum ReportingProgram: ServiceProgram {
    public static let name = ReportingAPI.service

    public static func run(_ options: ServiceLaunchOptions) async throws {
        var service: ReportingService?
        let host = try ServiceHost(options: options, service: name) { server, directory in
            let reporting = try ReportingService(
                configuration: ReportingService.Configuration(
                    identity: try ServiceIdentity(region: options.region, service: name, instance: options.instance),
                    databasePath: "\(options.dataDirectory)/reporting.sqlite",
                    logger: Logger(service: name, minimumLevel: options.logLevel)),
                source: DirectoryFigureSource(directory: directory))
            reporting.register(on: server)
            service = reporting
        }
        try await host.run()
        await service?.stop()
    }
}

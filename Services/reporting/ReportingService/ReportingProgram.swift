import Foundation
import SamenHost
import SamenContracts
import SamenRPC

/// `samen-reporting`: one region's reporting service as a program, on the same `ServiceHost` as every service.
/// It keeps no file: it asks the registry for the regions and each region's services for their figures.
public enum ReportingProgram: ServiceProgram {
    public static let name = ReportingAPI.service

    public static func run(_ options: ServiceLaunchOptions) async throws {
        let host = try ServiceHost(options: options, service: name) { server, directory in
            let service = ReportingService(
                configuration: ReportingService.Configuration(
                    identity: try ServiceIdentity(region: options.region, service: name, instance: options.instance),
                    logger: Logger(service: name, minimumLevel: options.logLevel)),
                source: DirectoryFigureSource(directory: directory))
            service.register(on: server)
        }
        try await host.run()
    }
}

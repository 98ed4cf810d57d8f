import SamenContracts
import Foundation
import SamenAgencyKit
import SamenHost
import SamenRPC

/// `samen-intake`: one region's intake as a program, on the same `ServiceHost` as every service. Its file is
/// `<data>/intake.sqlite`; `--option nt2-providers=id:Name[:direct],...` names the region's NT2 providers.
public enum IntakeProgram: ServiceProgram {
    public static let name = IntakeAPI.service

    public static func run(_ options: ServiceLaunchOptions) async throws {
        var service: IntakeService?
        let host = try ServiceHost(options: options, service: name) { server, directory in
            var configuration = IntakeService.Configuration(
                identity: try ServiceIdentity(region: options.region, service: name, instance: options.instance),
                databasePath: "\(options.dataDirectory)/intake.sqlite",
                logger: Logger(service: name, minimumLevel: options.logLevel))
            if let providers = options.extra["nt2-providers"] { configuration.nt2Providers = try NT2ProviderList.parse(providers) }
            let intake = try IntakeService(configuration: configuration, peers: DirectoryPeers(directory: directory))
            intake.register(on: server)
            service = intake
        }
        service?.startReverifying()
        try await host.run()
        await service?.stop()
    }
}

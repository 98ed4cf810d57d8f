import SamenContracts
import Foundation
import SamenAgencyKit
import SamenHost
import SamenRPC

/// `samen-tolkdienst`: one region's interpreting service as a program, on the same `ServiceHost` as every service.
/// Its file is `<data>/tolkdienst.sqlite`, which holds the calendars of the interpreters it plans.
public enum TolkdienstProgram: ServiceProgram {
    public static let name = TolkdienstAPI.service

    public static func run(_ options: ServiceLaunchOptions) async throws {
        var service: TolkdienstService?
        let host = try ServiceHost(options: options, service: name) { server, _ in
            let configuration = TolkdienstService.Configuration(
                identity: try ServiceIdentity(region: options.region, service: name, instance: options.instance),
                databasePath: "\(options.dataDirectory)/tolkdienst.sqlite",
                logger: Logger(service: name, minimumLevel: options.logLevel))
            let tolkdienst = try TolkdienstService(configuration: configuration)
            tolkdienst.register(on: server)
            service = tolkdienst
        }
        try await host.run()
        await service?.stop()
    }
}

import Foundation
import SamenAgencyKit
import SamenHost
import SamenRPC

/// `samen-verenigingen`: one region's support desk for associations as a program, on the same `ServiceHost` as
/// every service. Its file is `<data>/verenigingen.sqlite`; `--option territory=44021,oost-vlaanderen` names the
/// municipalities (NIS codes) and provinces its associations are based in, when the region's default does not fit.
public enum VerenigingenProgram: ServiceProgram {
    public static let name = VerenigingenAPI.service

    public static func run(_ options: ServiceLaunchOptions) async throws {
        var service: VerenigingenService?
        let host = try ServiceHost(options: options, service: name) { server, _ in
            var configuration = VerenigingenService.Configuration(
                identity: try ServiceIdentity(region: options.region, service: name, instance: options.instance),
                databasePath: "\(options.dataDirectory)/verenigingen.sqlite",
                logger: Logger(service: name, minimumLevel: options.logLevel))
            if let territory = options.extra["territory"] { configuration.territory = try Territory.parse(territory) }
            let verenigingen = try VerenigingenService(configuration: configuration)
            verenigingen.register(on: server)
            service = verenigingen
        }
        try await host.run()
        await service?.stop()
    }
}

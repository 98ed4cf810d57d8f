import SamenContracts
import Foundation
import SamenAgencyKit
import SamenHost
import SamenRPC

/// `samen-tolkdienst`: one region's interpreting service as a program, on the same `ServiceHost` as every service.
/// Its file is `<data>/tolkdienst.sqlite`, which holds the calendars of the interpreters it plans.
/// `--option serves=leuven,brugge` makes it the central instance for those regions too (docs/TOLKDIENST.md).
public enum TolkdienstProgram: ServiceProgram {
    public static let name = TolkdienstAPI.service

    public static func run(_ options: ServiceLaunchOptions) async throws {
        var service: TolkdienstService?
        let served = try servedRegions(options.extra["serves"])
        // The staff and services of the regions it serves reach it through their registry's route and are admitted.
        let host = try ServiceHost(options: options, service: name, servedRegions: Set(served)) { server, _ in
            var configuration = TolkdienstService.Configuration(
                identity: try ServiceIdentity(region: options.region, service: name, instance: options.instance),
                databasePath: "\(options.dataDirectory)/tolkdienst.sqlite",
                logger: Logger(service: name, minimumLevel: options.logLevel))
            configuration.servedRegions = served
            let tolkdienst = try TolkdienstService(configuration: configuration)
            tolkdienst.register(on: server)
            service = tolkdienst
        }
        try await host.run()
        await service?.stop()
    }

    /// The regions of `--option serves=a,b`, each a region name as identities spell them.
    static func servedRegions(_ text: String?) throws(RPCError) -> [String] {
        guard let text else { return [] }
        var regions: [String] = []
        for name in text.split(separator: ",", omittingEmptySubsequences: false).map({ $0.trimmingCharacters(in: .whitespaces) }) {
            guard !name.isEmpty, (try? ServiceIdentity(region: name, service: TolkdienstAPI.service, instance: "1")) != nil else {
                throw RPCError(.invalidArgument, "--option serves takes region names separated by commas, found '\(name.prefix(40))'")
            }
            regions.append(name)
        }
        return regions
    }
}

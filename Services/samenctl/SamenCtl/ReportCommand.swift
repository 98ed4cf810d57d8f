import Foundation
import SamenContracts
import SamenRPC

/// `samenctl report --year 2019 [--region gent | --all-regions] --format html|csv|json [--out FILE]`: the annual
/// report from the reporting service (`reporting/report.*`, docs/REPORTING.md), printed or written to a file.
enum ReportCommand: CtlCommand {
    static let options = Set<String>(["home", "registry", "region", "year", "format", "out", "suppress-below", "timeout", "address"]).union(OperatorSession.credentialOptions)
    static let switches: Set<String> = ["all-regions", "verbose"]

    static let formats = ["json", "csv", "html"]
    static let refusal = "the report is for the roles analyst and admin (a region's report for that region's staff): "
        + "pass --as analyst or --as admin, or --cert/--key of a staff member holding one of them"

    static func run(_ arguments: Arguments, environment: [String: String], output: TextOutput) async throws(CtlFailure) -> Int32 {
        guard arguments.positionals.isEmpty else {
            throw .usage("report takes no positional arguments, e.g. `samenctl report --year 2019 --region gent --format html --out report.html --as analyst`",
                         command: "report")
        }
        guard let year = try arguments.wholeNumber("year", in: 1891...2199, command: "report") else {
            throw .usage("report needs --year (1891...2199)", command: "report")
        }
        let format = arguments.value("format") ?? "json"
        guard formats.contains(format) else {
            throw .usage("--format takes \(formats.joined(separator: ", ")), found '\(format.prefix(20))'", command: "report")
        }
        let suppressBelow = try arguments.wholeNumber("suppress-below", in: 0...1000, command: "report")
        let allRegions = arguments.has("all-regions")
        // --region names the report's region, and the region whose reporting service builds it; with
        // --all-regions it only says which reporting service to ask.
        if allRegions == false, arguments.value("region") == nil, arguments.value("address") == nil {
            throw .usage("report takes --region R (one region's report) or --all-regions (every region summed)", command: "report")
        }
        let timeout = arguments.value("timeout") == nil ? Duration.seconds(60) : try HealthCommand.parseTimeout(arguments, command: "report")

        let session = try OperatorSession.open(arguments, environment: environment)
        defer { session.shutdown() }
        let target = try await ServiceTarget.open(ReportingAPI.service, region: arguments.value("region"), session: session,
                                                  registry: arguments.value("registry"), address: arguments.value("address"),
                                                  timeout: timeout, command: "report")
        let request = ReportRequest(year: year, region: allRegions ? nil : target.region, suppressBelow: suppressBelow)
        let text: String
        do {
            switch format {
            case "csv": text = try await target.client.call(ReportingAPI.csv, request).text
            case "html": text = try await target.client.call(ReportingAPI.html, request).text
            default: text = encodeJSON(try await target.client.call(ReportingAPI.build, request)) + "\n"
            }
        } catch {
            let failure = target.failure(error, refusal: refusal)
            await target.close()
            throw failure
        }
        await target.close()
        guard let file = arguments.value("out") else {
            // print adds the line end the text already has (CSV's CRLF keeps its CR).
            var scalars = text.unicodeScalars
            if scalars.last == "\n" { scalars.removeLast() }
            output.print(String(scalars))
            return 0
        }
        do {
            try PrivateText.write(text, to: file)
        } catch {
            throw CtlFailure("cannot write \(file): \(error)", hint: "check that its folder exists and is writable")
        }
        output.print("wrote the \(year) report of \(allRegions ? "all regions" : target.region) as \(format) to \(file)")
        return 0
    }
}

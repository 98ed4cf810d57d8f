import Foundation
import SamenContracts
import SamenRPC
import SamenStorage

/// `samenctl import <service> <file.jsonl>`: feeds a previous system's records, one `ImportRecord` a line, to the
/// service's batch method for their type, and says what became of each.
///
/// Each batch carries an idempotency key made of the file's SHA-256, the type, the batch size and the batch's
/// index, and the service is idempotent per external id, so running it again after a crash sends the same batches
/// and changes nothing already imported. Rejected records are named by line number, external id, field and
/// message, never by their content (it is a person's data).
enum ImportCommand: CtlCommand {
    static let options = Set<String>(["home", "registry", "region", "type", "batch", "timeout", "address"]).union(OperatorSession.credentialOptions)
    static let switches: Set<String> = ["verbose"]

    static let defaultBatch = 200
    /// Bigger files are split up first; a gigabyte of JSON lines is more than any agency's history.
    static let maximumFileBytes = 1 << 30

    /// One line that decoded, waiting to be sent.
    private struct Pending {
        var line: Int
        var externalID: String
        var data: Data
    }

    /// A record that was not stored, as the summary lists it.
    struct Rejection: Equatable {
        var line: Int
        var externalID: String?
        var field: String
        var message: String
    }

    /// What one run did.
    struct Tally {
        var total = 0
        var sent = 0
        var accepted = 0
        var alreadyImported = 0
        var rejections: [Rejection] = []
    }

    static func run(_ arguments: Arguments, environment: [String: String], output: TextOutput) async throws(CtlFailure) -> Int32 {
        guard arguments.positionals.count == 2 else {
            throw .usage("import takes a service and a file, e.g. `samenctl import intake registrations.jsonl --as admin`", command: "import")
        }
        let (service, path) = (arguments.positionals[0], arguments.positionals[1])
        guard let method = ImportMethod.find(service: service, type: arguments.value("type")) else {
            let known = ImportMethod.all.map { "\($0.service) --type \($0.type)" }.joined(separator: ", ")
            let what = arguments.value("type").map { "\(service) has no import of type '\($0.prefix(40))'" } ?? "\(service) has no historical import"
            throw .usage("\(what); samenctl imports \(known)", command: "import")
        }
        let batchSize = try arguments.wholeNumber("batch", in: 1...ImportBatch<Registration>.maximumRecords, command: "import") ?? defaultBatch
        let timeout = arguments.value("timeout") == nil ? Duration.seconds(60) : try HealthCommand.parseTimeout(arguments, command: "import")
        let content = try read(path)

        var tally = Tally()
        var pending: [Pending] = []
        for (index, line) in content.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
            let data = Data(line)
            guard data.contains(where: { ![UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r")].contains($0) }) else { continue }
            tally.total += 1
            do {
                pending.append(Pending(line: index + 1, externalID: try method.check(data), data: data))
            } catch {
                let (field, message) = ImportLines.describe(error)
                tally.rejections.append(Rejection(line: index + 1, externalID: ImportLines.externalID(of: data), field: field, message: message))
            }
        }

        let session = try OperatorSession.open(arguments, environment: environment)
        defer { session.shutdown() }
        let target = try await ServiceTarget.open(service, region: arguments.value("region"), session: session,
                                                  registry: arguments.value("registry"), address: arguments.value("address"),
                                                  timeout: timeout, command: "import")
        let fileKey = IdempotencyLedger.fingerprint(Array(content)).prefix(16).map { String(format: "%02x", $0) }.joined()
        var failure: CtlFailure?
        let batches = stride(from: 0, to: pending.count, by: batchSize).map { Array(pending[$0..<min($0 + batchSize, pending.count)]) }
        progress(tally, output: output)
        for (index, batch) in batches.enumerated() {
            let options = CallOptions(timeout: timeout, idempotencyKey: "import-\(fileKey)-\(method.type)-b\(batchSize)-\(index)")
            let report: ImportReport
            do {
                report = try await method.send(batch.map(\.data), target.client, options)
            } catch {
                failure = target.failure(error, refusal: "a historical import is for the roles \(ImportPolicy.roles.sorted().map(\.rawValue).joined(separator: " and ")): "
                                              + "pass --as admin, or --cert/--key of a staff member holding it")
                break
            }
            guard report.results.count == batch.count else {
                failure = CtlFailure("\(target.region)/\(service) answered \(report.results.count) results for a batch of \(batch.count) records",
                                     hint: "nothing is lost: the import can be run again")
                break
            }
            tally.sent += batch.count
            for (record, result) in zip(batch, report.results) {
                switch result.status {
                case .accepted: tally.accepted += 1
                case .alreadyImported: tally.alreadyImported += 1
                case .rejected:
                    tally.rejections.append(Rejection(line: record.line, externalID: record.externalID, field: result.field ?? "-",
                                                      message: TextOutput.printable(result.message ?? result.code ?? "rejected")))
                }
            }
            progress(tally, output: output)
        }
        output.endProgress()
        await target.close()
        summarize(tally, file: path, method: method, target: target, output: output)
        if let failure {
            failure.report(to: output)
            output.printError("  every batch sent is kept; running the same command again sends the rest and changes nothing already imported")
            return 1
        }
        return tally.rejections.isEmpty ? 0 : 1
    }

    private static func read(_ path: String) throws(CtlFailure) -> Data {
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        guard let size = (attributes?[.size] as? NSNumber)?.intValue else {
            throw .usage("cannot read \(path): no such file", command: "import")
        }
        guard size <= maximumFileBytes else {
            throw .usage("\(path) is \(size) bytes; samenctl imports files up to \(maximumFileBytes) bytes: split it", command: "import")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .usage("cannot read \(path)", command: "import")
        }
        return data
    }

    private static func progress(_ tally: Tally, output: TextOutput) {
        output.progress("sent \(tally.sent)/\(tally.total)  accepted \(tally.accepted)  already imported \(tally.alreadyImported)  "
                            + "rejected \(tally.rejections.count)")
    }

    static func summarize(_ tally: Tally, file: String, method: ImportMethod, target: ServiceTarget, output: TextOutput) {
        output.print("\(file) → \(target.region)/\(target.service) \(method.method): \(tally.total) records, \(tally.sent) sent")
        output.print("  accepted          \(tally.accepted)")
        output.print("  already imported  \(tally.alreadyImported)")
        output.print("  rejected          \(tally.rejections.count)")
        guard !tally.rejections.isEmpty else { return }
        output.print()
        var table = Table(headers: ["LINE", "EXTERNAL ID", "FIELD", "PROBLEM"])
        for rejection in tally.rejections.sorted(by: { $0.line < $1.line }) {
            table.rows.append([.init(String(rejection.line)), .init(rejection.externalID ?? "-"), .init(rejection.field),
                               .init(rejection.message, .yellow)])
        }
        table.render(output)
    }
}

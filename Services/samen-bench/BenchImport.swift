import SamenContracts
import SamenRPC

/// One timed import phase, as the report and tolkdienst benchmarks load their data: `count` records in batches of
/// 500 through `method`, batch `b` to `channels[b % channels.count]`, `inFlight` batches at once; record `i` gets
/// external id `<prefix><i>`, and a batch with a refused record counts as a failed call.
func importPhase<Record: Codable & Sendable>(_ name: String, count: Int, inFlight: Int, channels: [any RPCChannel], prefix: String,
                                             method: UnaryMethod<ImportBatch<Record>, ImportReport>,
                                             record: @escaping @Sendable (_ channel: Int, _ index: Int) -> Record) async -> PhaseResult {
    let batches = (count + 499) / 500
    return await runPhase(name, count: batches, inFlight: inFlight, seconds: 3_600) { batch in
        let target = batch % channels.count
        let records = (batch * 500..<min(batch * 500 + 500, count)).map { ImportRecord(externalID: "\(prefix)\($0)", record: record(target, $0)) }
        let report = try await channels[target].call(method, ImportBatch(records: records), options: CallOptions(timeout: .seconds(300)))
        if let refused = report.results.first(where: { $0.status == .rejected }) {
            throw BenchError("\(name): record refused: \(refused.field ?? "") \(refused.message ?? "")")
        }
    }
}

// samen-bench codec: SamenCodec against Foundation's JSONEncoder/JSONDecoder on an intake-like record.
// Prints one JSON line per measurement and a summary line with the samen/JSON rate ratios.
import Foundation
import SamenCodec

/// An intake-like record, shaped like what the agencies exchange.
struct BenchIntakeRecord: Codable, Equatable {
    enum Sex: String, Codable { case female, male, unknown }
    enum ResidencePermit: String, Codable { case refugee, subsidiaryProtection, familyReunification, work, student }
    enum Status: String, Codable { case registered, intakeScheduled, inTrajectory, completed, withdrawn }

    struct Address: Codable, Equatable {
        var street: String
        var number: String
        var postalCode: String
        var municipality: String
    }

    var id: UUID
    var givenName: String
    var familyName: String
    var birthDate: Date
    var sex: Sex
    var nationality: String
    var languages: [String]
    var municipality: String
    var address: Address
    var arrivalDate: Date
    var residencePermit: ResidencePermit
    var residencePermitValidUntil: Date
    var insz: String?
    var status: Status
    var metadata: [String: String]
    var count: Int
    var score: Double

    static let sample = BenchIntakeRecord(
        id: UUID(uuidString: "6F1C2B8E-3D4A-4F5B-9C6D-7E8F9A0B1C2D")!,
        givenName: "Amina",
        familyName: "El Idrissi",
        birthDate: Date(timeIntervalSince1970: 631_152_000),
        sex: .female,
        nationality: "MA",
        languages: ["ar", "fr", "nl"],
        municipality: "Schaerbeek",
        address: Address(street: "Rue Royale Sainte-Marie", number: "142", postalCode: "1030", municipality: "Schaerbeek"),
        arrivalDate: Date(timeIntervalSince1970: 1_672_531_200),
        residencePermit: .familyReunification,
        residencePermitValidUntil: Date(timeIntervalSince1970: 1_798_761_600),
        insz: "90010112345",
        status: .inTrajectory,
        metadata: ["source": "agentschap-integratie", "channel": "loket"],
        count: 3,
        score: 87.5)
}

private func benchNow() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

/// Runs `body` in batches of 1,000 until `seconds` have passed; returns (iterations, elapsed seconds).
private func measure(seconds: Double, _ body: () throws -> Void) rethrows -> (Int, Double) {
    let start = benchNow()
    var iterations = 0
    var elapsed = 0.0
    repeat {
        for _ in 0..<1_000 { try body() }
        iterations += 1_000
        elapsed = benchNow() - start
    } while elapsed < seconds
    return (iterations, elapsed)
}

private func printLine(_ impl: String, _ op: String, _ result: (Int, Double), _ bytes: Int) -> Double {
    let rate = Double(result.0) / result.1
    print("{\"bench\":\"codec\",\"impl\":\"\(impl)\",\"op\":\"\(op)\",\"records\":\(result.0),"
        + "\"seconds\":\(String(format: "%.3f", result.1)),\"records_per_s\":\(Int(rate)),\"bytes_per_record\":\(bytes)}")
    return rate
}

func runCodecBenchmark(arguments: [String]) {
    let options = BenchOptions(arguments, known: ["--seconds"], usage: "samen-bench codec [--seconds S]")
    let seconds = options.double("--seconds", default: 3, maximum: 3600)

    let record = BenchIntakeRecord.sample
    let samenEncoder = BinaryEncoder()
    let samenDecoder = BinaryDecoder()
    let jsonEncoder = JSONEncoder()
    let jsonDecoder = JSONDecoder()

    do {
        // Verify both codecs round-trip the record before timing anything.
        let samenBytes = try samenEncoder.encode(record)
        let jsonBytes = try jsonEncoder.encode(record)
        guard try samenDecoder.decode(BenchIntakeRecord.self, from: samenBytes) == record,
              try jsonDecoder.decode(BenchIntakeRecord.self, from: jsonBytes) == record else {
            FileHandle.standardError.write(Data("codec benchmark: decoded record differs from the original\n".utf8))
            exit(1)
        }

        // Short warm-up of all four paths.
        let warmup = min(0.2, seconds / 10)
        _ = try measure(seconds: warmup) { _ = try samenEncoder.encode(record) }
        _ = try measure(seconds: warmup) { _ = try samenDecoder.decode(BenchIntakeRecord.self, from: samenBytes) }
        _ = try measure(seconds: warmup) { _ = try jsonEncoder.encode(record) }
        _ = try measure(seconds: warmup) { _ = try jsonDecoder.decode(BenchIntakeRecord.self, from: jsonBytes) }

        // Measure in three interleaved rounds so that background load on the machine hits both codecs alike.
        var sink = 0
        var samenEncode = (0, 0.0), samenDecode = (0, 0.0), jsonEncode = (0, 0.0), jsonDecode = (0, 0.0)
        func add(_ total: inout (Int, Double), _ r: (Int, Double)) { total.0 += r.0; total.1 += r.1 }
        let slice = seconds / 3
        for _ in 0..<3 {
            add(&samenEncode, try measure(seconds: slice) { sink &+= try samenEncoder.encode(record).count })
            add(&jsonEncode, try measure(seconds: slice) { sink &+= try jsonEncoder.encode(record).count })
            add(&samenDecode, try measure(seconds: slice) {
                sink &+= try samenDecoder.decode(BenchIntakeRecord.self, from: samenBytes).count
            })
            add(&jsonDecode, try measure(seconds: slice) {
                sink &+= try jsonDecoder.decode(BenchIntakeRecord.self, from: jsonBytes).count
            })
        }

        let se = printLine("samen", "encode", samenEncode, samenBytes.count)
        let sd = printLine("samen", "decode", samenDecode, samenBytes.count)
        let je = printLine("json", "encode", jsonEncode, jsonBytes.count)
        let jd = printLine("json", "decode", jsonDecode, jsonBytes.count)
        print("{\"bench\":\"codec\",\"encode_ratio\":\(String(format: "%.2f", se / je)),"
            + "\"decode_ratio\":\(String(format: "%.2f", sd / jd))}")
        if sink == 42 { print("") }  // keep the results alive
    } catch {
        FileHandle.standardError.write(Data("codec benchmark failed: \(error)\n".utf8))
        exit(1)
    }
}

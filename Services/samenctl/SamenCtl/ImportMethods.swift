import Foundation
import SamenContracts
import SamenRPC

/// Which batch method `samenctl import <service> --type <type>` sends records to: a row per (service, record
/// type). An agency service with a historical import adds its rows here; the first row of a service is its
/// default type.
struct ImportMethod: Sendable {
    let service: String
    let type: String
    let method: String
    /// The record type's name, for messages (`Registration`, ...).
    let recordType: String
    /// Decodes one line as an `ImportRecord` of the method's record type and returns its external id.
    let check: @Sendable (Data) throws -> String
    /// Sends lines that `check` accepted as one batch.
    let send: @Sendable ([Data], any RPCChannel, CallOptions) async throws -> ImportReport

    init<Record: Codable & Sendable>(_ method: UnaryMethod<ImportBatch<Record>, ImportReport>, service: String, type: String) {
        self.service = service
        self.type = type
        self.method = method.name
        recordType = "\(Record.self)"
        check = { line in try ImportLines.decoder.decode(ImportRecord<Record>.self, from: line).externalID }
        send = { lines, channel, options in
            let records = try lines.map { try ImportLines.decoder.decode(ImportRecord<Record>.self, from: $0) }
            return try await channel.call(method, ImportBatch(records: records), options: options)
        }
    }

    static let all: [ImportMethod] = [
        ImportMethod(IntakeAPI.importRegistrations, service: IntakeAPI.service, type: "registrations"),
        ImportMethod(IntakeAPI.importNT2, service: IntakeAPI.service, type: "nt2"),
        ImportMethod(IntakeAPI.reportSettlements, service: IntakeAPI.service, type: "settlements"),
        ImportMethod(TrajectoryRecordsAPI.importTrajectories, service: TrajectoryAPI.service, type: "trajectories"),
        ImportMethod(TolkdienstAPI.importOrganisations, service: TolkdienstAPI.service, type: "organisations"),
        ImportMethod(TolkdienstAPI.importInterpreters, service: TolkdienstAPI.service, type: "interpreters"),
        ImportMethod(TolkdienstAPI.importAssignments, service: TolkdienstAPI.service, type: "assignments"),
        ImportMethod(TolkdienstAPI.importTranslations, service: TolkdienstAPI.service, type: "translations"),
        ImportMethod(VerenigingenAPI.importAssociations, service: VerenigingenAPI.service, type: "associations"),
        ImportMethod(VerenigingenAPI.importContacts, service: VerenigingenAPI.service, type: "contacts"),
    ]

    /// The row for `service` and `type` (nil: the service's first).
    static func find(service: String, type: String?) -> ImportMethod? {
        all.first { $0.service == service && (type == nil || $0.type == type) }
    }
}

/// Reading a JSON-lines import file.
enum ImportLines {
    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()

    private struct Envelope: Decodable {
        var externalID: String
    }

    /// The external id of a line whose record did not decode, when the line says one.
    static func externalID(of line: Data) -> String? {
        try? decoder.decode(Envelope.self, from: line).externalID
    }

    /// Why a line did not decode, naming the field but never its value: the line holds a person's data.
    static func describe(_ error: any Error) -> (field: String, message: String) {
        func path(_ codingPath: [any CodingKey]) -> String {
            codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".").replacingOccurrences(of: ".[", with: "[")
        }
        guard let error = error as? DecodingError else { return ("-", "cannot be read") }
        switch error {
        case .keyNotFound(let key, let context):
            return (path(context.codingPath + [key]), "is missing")
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return (path(context.codingPath), "has a value of the wrong type")
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            return ("-", "is not valid JSON")
        case .dataCorrupted(let context):
            return (path(context.codingPath), "has a value this field does not take")
        @unknown default:
            return ("-", "cannot be read")
        }
    }
}

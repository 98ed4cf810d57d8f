import SamenRPC

/// One record of a previous system, as a historical import sends it: the id it had there and the record itself,
/// with its original dates inside.
public struct ImportRecord<Record: Codable & Sendable>: Codable, Sendable {
    /// The id in the previous system: 1...128 bytes, unique per record type. Importing it again is a no-op that
    /// answers the first result.
    public var externalID: String
    public var record: Record
    public init(externalID: String, record: Record) {
        self.externalID = externalID
        self.record = record
    }
}

/// A batch of records of one type: 1...`ImportBatch.maximumRecords` at a time.
public struct ImportBatch<Record: Codable & Sendable>: Codable, Sendable {
    public static var maximumRecords: Int { 500 }
    public var records: [ImportRecord<Record>]
    public init(records: [ImportRecord<Record>]) { self.records = records }
}

/// What became of one imported record.
public struct ImportResult: Codable, Sendable, Equatable {
    public enum Status: String, Codable, Sendable, CaseIterable {
        /// Validated and stored now; `id` is the service's id for it.
        case accepted
        /// Stored by an earlier import of the same external id; `id` is the id it got then.
        case alreadyImported = "already-imported"
        /// Not stored: `field` and `message` say exactly why, as a live write would have.
        case rejected
    }

    public var externalID: String
    public var status: Status
    public var id: String?
    /// The status name a live write would have answered with (`invalid_argument`, `already_exists`, ...).
    public var code: String?
    public var field: String?
    public var message: String?

    public init(externalID: String, status: Status, id: String? = nil, code: String? = nil, field: String? = nil, message: String? = nil) {
        self.externalID = externalID
        self.status = status
        self.id = id
        self.code = code
        self.field = field
        self.message = message
    }
}

/// The answer to a batch: one result per record, in the batch's order.
public struct ImportReport: Codable, Sendable, Equatable {
    public var results: [ImportResult]
    public init(results: [ImportResult]) { self.results = results }
}

/// The roles that may run a historical import.
public enum ImportPolicy {
    public static let roles: Set<StaffRole> = [.admin]
}

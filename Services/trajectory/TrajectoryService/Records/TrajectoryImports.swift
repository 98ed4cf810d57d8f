import SamenAgencyKit
import SamenContracts
import SamenReferenceData
import SamenRPC
import SamenStorage

/// What a historical trajectory must be to be imported: the live rules that do not need intake, and dates that
/// fit together (docs/TRAJECTORY-RECORDS.md, "Import").
enum TrajectoryImportRules {
    /// The components in `TrajectoryComponent.allCases` order, each as the old record states it or `planned`.
    static func components(_ record: TrajectoryImport, today: CivilDate) throws(RPCError) -> [ComponentStatus] {
        var statuses = SigningRules.components(for: record.doelgroep)
        var seen = Set<TrajectoryComponent>()
        for (index, item) in record.components.enumerated() {
            let field = "components[\(index)]"
            guard seen.insert(item.component).inserted else {
                throw TrajectoryRules.invalid("\(field).component", "names \(item.component.rawValue) a second time")
            }
            let needsStart = item.state == .inProgress || item.state == .completed
            let needsEnd = item.state.isFinal
            let needsReason = item.state == .exempted || item.state == .stopped
            if needsStart, item.startedOn == nil { throw TrajectoryRules.invalid("\(field).startedOn", "is required for \(item.state.rawValue)") }
            if item.state == .planned, item.startedOn != nil { throw TrajectoryRules.invalid("\(field).startedOn", "belongs to a component that started") }
            if needsEnd, item.endedOn == nil { throw TrajectoryRules.invalid("\(field).endedOn", "is required for \(item.state.rawValue)") }
            if !needsEnd, item.endedOn != nil { throw TrajectoryRules.invalid("\(field).endedOn", "belongs to a completed, exempted or stopped component") }
            let reason = needsReason ? try TrajectoryRules.reason(item.reason, field: "\(field).reason") : nil
            if !needsReason, item.reason != nil { throw TrajectoryRules.invalid("\(field).reason", "belongs to a stopped or exempted component only") }
            if let started = item.startedOn {
                guard started >= record.signedOn else { throw TrajectoryRules.invalid("\(field).startedOn", "is before the contract was signed") }
                guard started <= today else { throw TrajectoryRules.invalid("\(field).startedOn", "is in the future") }
            }
            if let ended = item.endedOn {
                guard ended >= (item.startedOn ?? record.signedOn) else {
                    throw TrajectoryRules.invalid("\(field).endedOn", "is before the component started or the contract was signed")
                }
                guard ended <= today else { throw TrajectoryRules.invalid("\(field).endedOn", "is in the future") }
            }
            let position = statuses.firstIndex { $0.component == item.component }!
            statuses[position].state = item.state
            statuses[position].startedOn = item.startedOn
            statuses[position].endedOn = item.endedOn
            statuses[position].reason = reason
        }
        return statuses
    }
}

extension TrajectoryService {
    static let trajectoryRecordType = "trajectory"

    /// Historical trajectories through the kit's import: each checked as a live signing, component changes and
    /// certificate would be, and written through `TrajectoryRecords.insert` like a signed one. One with a
    /// certificate is not live.
    func importTrajectories(_ batch: ImportBatch<TrajectoryImport>, _ context: CallContext) async throws -> ImportReport {
        let today = today
        let region = region
        return try await store.importBatch(context, batch, recordType: Self.trajectoryRecordType) { [records] record, scope in
            try AgencyFields.checkID(record.personID, prefix: "p", kind: "person", field: "personID")
            let personRegion = record.personRegion ?? region
            try AgencyFields.checkRegion(personRegion, field: "personRegion")
            try SigningRules.check(record.doelgroep, personID: record.personID)
            guard record.signedOn <= today else { throw TrajectoryRules.invalid("signedOn", "is in the future") }
            if let counsellor = record.counsellor { try CounsellorRecords.checkUser(counsellor, field: "counsellor", region: region) }
            let components = try TrajectoryImportRules.components(record, today: today)
            let seq = try records.nextSeq(on: scope.connection)
            var file = TrajectoryFile(
                trajectoryID: records.trajectoryID(for: seq), region: region, version: 1, personID: record.personID, personRegion: personRegion,
                doelgroep: record.doelgroep, signedOn: record.signedOn, counsellor: record.counsellor,
                counsellorHistory: record.counsellor.map { [CounsellorAssignment(user: $0, from: record.signedOn, reason: "imported")] } ?? [],
                components: components)
            if let issuedOn = record.certificateIssuedOn {
                guard issuedOn <= today else { throw TrajectoryRules.invalid("certificateIssuedOn", "is in the future") }
                try CertificateRules.check(file, issuedOn: issuedOn, field: "certificateIssuedOn")
                try CertificateRules.issue(&file, on: issuedOn, region: region, connection: scope.connection)
            } else if let live = try records.live(personID: record.personID, on: scope.connection) {
                throw RPCError(.alreadyExists, "person \(record.personID) already has live trajectory \(live) in region \(region)",
                               details: ["field": "personID", "trajectoryID": live])
            }
            try records.insert(file, seq: seq, on: scope.connection)
            scope.touched(file.trajectoryID)
            return file.trajectoryID
        }
    }
}

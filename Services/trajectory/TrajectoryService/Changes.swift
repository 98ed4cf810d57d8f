import SamenContracts
import Foundation
import SamenAgencyKit
import SamenReferenceData
import SamenRPC
import SamenStorage

/// The moves a component may make (docs/TRAJECTORY.md, "Components").
enum ComponentTransitions {
    static func allowed(from: ComponentState, to: ComponentState) -> Bool {
        switch (from, to) {
        case (.planned, .inProgress), (.inProgress, .completed): true
        case (.planned, .exempted), (.inProgress, .exempted), (.planned, .stopped), (.inProgress, .stopped): true
        default: false
        }
    }
}

extension TrajectoryService {
    /// Runs a change of one trajectory at the version the caller read: loads it, checks the version, lets `change`
    /// modify it, raises the version and saves it, all in one audited, idempotent transaction.
    func changeTrajectory<Request: Encodable & Sendable>(
        _ context: CallContext, request: Request, trajectory reference: TrajectoryReference,
        _ change: @escaping @Sendable (inout TrajectoryFile, SQLiteConnection) throws -> Void) async throws -> TrajectoryFile {
        try TrajectoryRecords.checkID(reference.trajectoryID, field: "trajectory.trajectoryID")
        return try await store.change(context, request: request, person: reference.trajectoryID) { [records] scope in
            var (file, seq) = try records.requireWritable(reference.trajectoryID, field: "trajectory.trajectoryID", on: scope.connection)
            try FileVersion.check(stated: reference.version, current: file.version, file: "trajectory \(reference.trajectoryID)")
            try change(&file, scope.connection)
            file.version += 1
            try records.save(file, seq: seq, on: scope.connection)
            return file
        }
    }

    func updateComponent(_ request: ComponentUpdate, _ context: CallContext) async throws -> TrajectoryFile {
        let today = today
        let on = request.on ?? today
        guard on <= today else { throw TrajectoryRules.invalid("on", "is in the future (\(on) is after today, \(today))") }
        let needsReason = request.state == .stopped || request.state == .exempted
        let reason = needsReason ? try TrajectoryRules.reason(request.reason) : nil
        if !needsReason, request.reason != nil {
            throw TrajectoryRules.invalid("reason", "belongs to a stopped or exempted component only")
        }
        return try await changeTrajectory(context, request: request, trajectory: request.trajectory) { file, _ in
            guard let index = file.components.firstIndex(where: { $0.component == request.component }) else {
                throw TrajectoryRules.invalid("component", "is not part of trajectory \(file.trajectoryID)")
            }
            var status = file.components[index]
            guard ComponentTransitions.allowed(from: status.state, to: request.state) else {
                throw RPCError(.failedPrecondition, "field 'state': \(request.component.rawValue) cannot go from \(status.state.rawValue) to \(request.state.rawValue)",
                               details: ["field": "state", "current": status.state.rawValue])
            }
            guard on >= file.signedOn else { throw TrajectoryRules.invalid("on", "is before the contract was signed (\(file.signedOn))") }
            if let started = status.startedOn, on < started {
                throw TrajectoryRules.invalid("on", "is before the component started (\(started))")
            }
            status.state = request.state
            if request.state == .inProgress { status.startedOn = on } else { status.endedOn = on }
            status.reason = reason
            file.components[index] = status
        }
    }

    func reassign(_ request: ReassignRequest, _ context: CallContext) async throws -> TrajectoryFile {
        let reason = try TrajectoryRules.reason(request.reason)
        if let user = request.counsellor { try CounsellorRecords.checkUser(user, field: "counsellor", region: region) }
        let today = today
        return try await changeTrajectory(context, request: request, trajectory: request.trajectory) { file, connection in
            guard request.counsellor != file.counsellor else {
                throw TrajectoryRules.invalid("counsellor", "is already the trajectory's counsellor")
            }
            if let user = request.counsellor {
                guard let found = try CounsellorRecords.find(user, on: connection), found.counsellor.active else {
                    throw RPCError(.failedPrecondition, "field 'counsellor': \(user) is not an active counsellor of region \(file.region)",
                                   details: ["field": "counsellor"])
                }
            }
            if let current = file.counsellorHistory.indices.last, file.counsellorHistory[current].until == nil {
                file.counsellorHistory[current].until = today
            }
            if let user = request.counsellor {
                file.counsellorHistory.append(CounsellorAssignment(user: user, from: today, reason: reason))
            }
            file.counsellor = request.counsellor
        }
    }
}

import SamenContracts
import Foundation
import SamenAgencyKit
import SamenReferenceData
import SamenRPC
import SamenStorage

/// Who can sign and what a new trajectory holds (docs/TRAJECTORY.md, "Signing").
enum SigningRules {
    /// Every component is required for both doelgroepen: a rechthebbende who signs takes on the same obligations
    /// as a verplichte (DOMAIN.md: the same offer; docs/TRAJECTORY.md).
    static func components(for doelgroep: Doelgroep) -> [ComponentStatus] {
        TrajectoryComponent.allCases.map { ComponentStatus(component: $0, required: doelgroep == .verplicht || doelgroep == .rechthebbend) }
    }

    /// Refuses a person intake says may not sign: a minor, or a doelgroep other than verplicht or rechthebbend.
    static func check(_ person: PersonFile) throws(RPCError) {
        guard !person.minor else {
            throw RPCError(.failedPrecondition, "person \(person.personID) was a minor at registration; minors go to education, not a trajectory",
                           details: ["field": "personID"])
        }
        try check(person.doelgroep.doelgroep, personID: person.personID)
    }

    /// Refuses a doelgroep other than verplicht or rechthebbend (a live signing and an imported contract alike).
    static func check(_ doelgroep: Doelgroep, personID: String) throws(RPCError) {
        guard doelgroep == .verplicht || doelgroep == .rechthebbend else {
            throw RPCError(.failedPrecondition, "person \(personID) has doelgroep \(doelgroep.rawValue); only verplicht or rechthebbend can sign",
                           details: ["field": "doelgroep", "doelgroep": doelgroep.rawValue])
        }
    }
}

extension TrajectoryService {
    /// Signs the contract: reads the person from intake as the acting staff member (so intake's audit trail shows
    /// who), then opens the trajectory and assigns a counsellor in one audited, idempotent transaction. A retry
    /// under the same idempotency key answers the first trajectory without asking intake again.
    func sign(_ request: SignRequest, _ context: CallContext) async throws -> TrajectoryFile {
        guard (1...80).contains(request.personID.utf8.count) else { throw TrajectoryRules.invalid("personID", "must be 1...80 bytes") }
        let today = today
        if let signedOn = request.signedOn, signedOn > today {
            throw TrajectoryRules.invalid("signedOn", "is in the future (\(signedOn) is after today, \(today))")
        }
        let call = try store.idempotentCall(context, request: request)
        if let earlier = try await store.replay(call, context, as: TrajectoryFile.self) { return earlier }
        let person = try await persons.read(request.personID)
        try SigningRules.check(person)
        let signedOn = request.signedOn ?? today
        guard signedOn >= person.registeredOn else {
            throw TrajectoryRules.invalid("signedOn", "is before the registration at intake (\(person.registeredOn))")
        }
        try await checkNoLiveTrajectoryElsewhere(personID: person.personID)
        let region = region
        return try await store.change(context, call: call) { [records] scope in
            if let live = try records.live(personID: person.personID, on: scope.connection) {
                throw RPCError(.alreadyExists, "person \(person.personID) already has live trajectory \(live) in region \(region)",
                               details: ["field": "personID", "trajectoryID": live])
            }
            let seq = try records.nextSeq(on: scope.connection)
            let counsellor = try CounsellorRecords.pick(for: person.languages, on: scope.connection)
            let file = TrajectoryFile(
                trajectoryID: records.trajectoryID(for: seq), region: region, version: 1, personID: person.personID,
                personRegion: person.region, doelgroep: person.doelgroep.doelgroep, signedOn: signedOn, counsellor: counsellor,
                counsellorHistory: counsellor.map { [CounsellorAssignment(user: $0, from: signedOn, reason: "assigned at signing")] } ?? [],
                components: SigningRules.components(for: person.doelgroep.doelgroep))
            try records.insert(file, seq: seq, on: scope.connection)
            scope.touched(file.trajectoryID)
            if counsellor == nil { scope.note = "unassigned" }
            return file
        }
    }
}

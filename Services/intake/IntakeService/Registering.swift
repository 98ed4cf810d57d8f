import SamenContracts
import Foundation
import SamenAgencyKit
import SamenHost
import SamenReferenceData
import SamenRPC
import SamenStorage

extension IntakeService {
    /// A registration: validated, the INSZ claimed in every region, then the file made in one transaction with
    /// its doelgroep decision, its link to the settlement and its audit record.
    func register(_ registration: Registration, _ context: CallContext) async throws -> PersonFile {
        let checked = try rules.check(registration)
        let call = try store.idempotentCall(context, request: registration)
        if let earlier = try await store.replay(call, context, as: PersonFile.self) { return earlier }
        do {
            return try await registerOnce(checked, registration: registration, call: call, context)
        } catch let error as RPCError where error.status == .alreadyExists || error.status == .aborted {
            // A retry that overtook its first call (the client timed out while it ran) meets that call's claim or
            // file: once that call committed, its answer is the retry's answer.
            if let earlier = try await store.replay(call, context, as: PersonFile.self) { return earlier }
            throw error
        }
    }

    private func registerOnce(_ checked: RegistrationRules.Checked, registration: Registration, call: IdempotentCall,
                              _ context: CallContext) async throws -> PersonFile {
        var claimed: OneFilePerPerson.Claim?
        if let insz = checked.insz { claimed = try await oneFile.claim(insz.digits, allowUnverified: registration.unverified == true) }
        let claim = claimed
        do {
            let file = try await store.change(context, call: call) { [records, oneFile, region] scope in
                try Self.makeFile(checked, claim: claim, unverified: claim?.unverified ?? [], region: region, records: records,
                                  claims: oneFile.claims, scope: &scope)
            }
            if let claim { oneFile.release(claim) }
            return file
        } catch {
            if let claim { oneFile.release(claim, includingOwn: true) }
            throw error
        }
    }

    /// The file of a checked registration, inserted in the scope's transaction. Shared by live registrations and
    /// imports, so both pass the same rules.
    /// `claim` is the registration's claim of the INSZ, confirmed in this region in the same transaction; nil for
    /// an import, which checks this region only and leaves `unverified` regions to the re-check.
    static func makeFile(_ checked: RegistrationRules.Checked, claim: OneFilePerPerson.Claim?, unverified: [String], region: String,
                         records: PersonRecords, claims: INSZClaims, scope: inout AuditScope) throws -> PersonFile {
        let connection = scope.connection
        let registration = checked.registration
        if let insz = checked.insz?.digits {
            if try records.hasFile(insz: insz, on: connection) {
                throw RPCError(.alreadyExists, "a file with this INSZ exists in region \(region); one person has one file across all regions",
                               details: ["field": "insz", "region": region])
            }
            try claim?.confirm(in: claims, now: scope.time, on: connection)
        }
        let seq = try records.nextSeq(on: connection)
        let personID = records.personID(for: seq)
        let settlementID = try linkSettlement(registration.settlementID, insz: checked.insz?.digits, personID: personID, on: connection)
        var file = PersonFile(
            personID: personID, region: region, version: 1, insz: checked.insz?.digits, name: registration.name,
            birthDate: registration.birthDate, sex: registration.sex, nationalities: registration.nationalities,
            languages: registration.languages, municipality: checked.municipality, arrivalDate: registration.arrivalDate,
            residencePermit: registration.residencePermit, bornAbroad: registration.bornAbroad,
            parentBornAbroad: registration.parentBornAbroad, firstRegistrationInFlanders: registration.firstRegistrationInFlanders,
            desk: registration.desk, registeredOn: checked.registeredOn, settlementID: settlementID,
            minor: registration.birthDate.wholeYears(until: checked.registeredOn) < 18,
            crossRegion: CrossRegionCheck(unverifiedRegions: unverified), decisions: [])
        file.redecide(on: checked.registeredOn)
        try records.insert(file, seq: seq, on: connection)
        scope.touched(personID)
        if !unverified.isEmpty { scope.note = "unverified: \(unverified.joined(separator: ","))" }
        return file
    }

    /// Links the settlement the desk named, or else the unlinked settlement of the same INSZ; returns its id.
    private static func linkSettlement(_ named: String?, insz: String?, personID: String, on connection: SQLiteConnection) throws -> String? {
        if let named {
            guard try connection.run("UPDATE settlements SET person_id = ? WHERE settlement_id = ?", [.text(personID), .text(named)]) == 1 else {
                throw RPCError.invalidField("settlementID", "names no settlement of this region")
            }
            return named
        }
        guard let insz, let row = try connection.queryFirst(
            "SELECT settlement_id FROM settlements WHERE insz = ? AND person_id IS NULL ORDER BY settled_on DESC LIMIT 1", [.text(insz)]) else {
            return nil
        }
        let id = try row.text("settlement_id")
        try connection.run("UPDATE settlements SET person_id = ? WHERE settlement_id = ?", [.text(personID), .text(id)])
        return id
    }

    /// Corrections and added facts at the version read; an INSZ added is claimed across regions first.
    func update(_ update: PersonUpdate, _ context: CallContext) async throws -> PersonFile {
        let rules = rules
        let personID = update.file.personID
        try PersonRecords.checkID(personID, field: "file.personID")
        let call = try store.idempotentCall(context, request: update)
        if let earlier = try await store.replay(call, context, as: PersonFile.self) { return earlier }
        var claimed: OneFilePerPerson.Claim?
        if let text = update.changes.insz {
            let insz = try rules.insz(text, birthDate: nil, sex: nil)
            claimed = try await oneFile.claim(insz.digits, allowUnverified: false)
        }
        let claim = claimed
        do {
            let file = try await store.change(context, call: call, person: personID) { [records, oneFile, region] scope in
                var file = try records.require(personID, on: scope.connection).file
                try FileVersion.check(stated: update.file.version, current: file.version, file: "person \(personID)")
                try Self.apply(update.changes, to: &file, rules: rules, claim: claim, region: region, records: records,
                               claims: oneFile.claims, now: scope.time, on: scope.connection)
                file.redecide(on: rules.today)
                file.version += 1
                try records.save(file, on: scope.connection)
                return file
            }
            if let claim { oneFile.release(claim) }
            return file
        } catch {
            if let claim { oneFile.release(claim, includingOwn: true) }
            throw error
        }
    }

    private static func apply(_ changes: PersonChanges, to file: inout PersonFile, rules: RegistrationRules,
                              claim: OneFilePerPerson.Claim?, region: String, records: PersonRecords, claims: INSZClaims,
                              now: Date, on connection: SQLiteConnection) throws {
        if let name = changes.name { file.name = try rules.name(name) }
        if let birthDate = changes.birthDate {
            try rules.birthDate(birthDate, registeredOn: file.registeredOn)
            file.birthDate = birthDate
            file.minor = birthDate.wholeYears(until: file.registeredOn) < 18
        }
        if let sex = changes.sex { file.sex = sex }
        if let nationalities = changes.nationalities { file.nationalities = try rules.nationalities(nationalities) }
        if let languages = changes.languages { file.languages = try rules.languages(languages) }
        if let municipality = changes.municipality { file.municipality = try rules.municipality(municipality, on: rules.today) }
        if let arrival = changes.arrivalDate { file.arrivalDate = arrival }
        if let arrival = file.arrivalDate { try rules.arrivalDate(arrival, birthDate: file.birthDate) }
        if let permit = changes.residencePermit { file.residencePermit = permit }
        if let value = changes.bornAbroad { file.bornAbroad = value }
        if let value = changes.parentBornAbroad { file.parentBornAbroad = value }
        if let value = changes.firstRegistrationInFlanders { file.firstRegistrationInFlanders = value }
        if let text = changes.insz {
            guard file.insz == nil else {
                throw RPCError(.failedPrecondition, "the file already has an INSZ; a wrong INSZ is corrected by the data protection officer's procedure, not by an update",
                               details: ["field": "insz"])
            }
            let insz = try rules.insz(text, birthDate: file.birthDate, sex: file.sex).digits
            if try records.hasFile(insz: insz, on: connection) {
                throw RPCError(.alreadyExists, "a file with this INSZ exists in region \(region)", details: ["field": "insz", "region": region])
            }
            try claim?.confirm(in: claims, now: now, on: connection)
            file.insz = insz
        } else if let insz = file.insz {
            // A corrected birth date or sex must still agree with the INSZ on file.
            _ = try rules.insz(insz, birthDate: file.birthDate, sex: file.sex)
        }
    }
}

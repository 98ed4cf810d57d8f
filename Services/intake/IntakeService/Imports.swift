import SamenContracts
import Foundation
import SamenAgencyKit
import SamenReferenceData
import SamenRPC
import SamenStorage

extension IntakeService {
    static let registrationRecordType = "registration"

    /// Historical registrations: the live rules, the original registration date required, and an INSZ checked
    /// against this region at once and against every other region by the re-check (the file starts unverified
    /// for them), so importing a region's history never waits on the others.
    func importRegistrations(_ batch: ImportBatch<Registration>, _ context: CallContext) async throws -> ImportReport {
        let rules = rules
        let region = region
        let others = try await peers.regions().filter { $0 != region }
        return try await store.importBatch(context, batch, recordType: Self.registrationRecordType) { [records, oneFile] registration, scope in
            guard registration.registeredOn != nil else {
                throw RegistrationRules.invalid("registeredOn", "is required for an import (the original registration date)")
            }
            let checked = try rules.check(registration)
            return try Self.makeFile(checked, claim: nil, unverified: checked.insz == nil ? [] : others, region: region,
                                     records: records, claims: oneFile.claims, scope: &scope).personID
        }
    }

    /// Historical NT2 records, each added to the file of the registration imported under `personExternalID`.
    func importNT2(_ batch: ImportBatch<NT2Import>, _ context: CallContext) async throws -> ImportReport {
        return try await store.importBatch(context, batch, recordType: "nt2") { [records, self] item, scope in
            let record = try checkNT2(item.record)
            guard let personID = try HistoricalImport.importedID(recordType: Self.registrationRecordType, externalID: item.personExternalID,
                                                                 on: scope.connection) else {
                throw RegistrationRules.invalid("personExternalID", "names no imported registration")
            }
            var (file, seq) = try records.require(personID, on: scope.connection)
            try Self.addNT2(record, to: &file, seq: seq, on: scope.connection)
            file.version += 1
            try records.save(file, on: scope.connection)
            scope.touched(personID)
            return file.nt2.last!.id!
        }
    }
}

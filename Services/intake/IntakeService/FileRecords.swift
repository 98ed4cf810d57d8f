import SamenContracts
import Foundation
import SamenAgencyKit
import SamenReferenceData
import SamenRPC
import SamenStorage

extension IntakeService {
    /// Runs a change of one existing file at the version the caller read: loads it, checks the version, lets
    /// `change` modify it, raises the version and saves it, all in one audited, idempotent transaction.
    func changeFile<Request: Encodable & Sendable>(
        _ context: CallContext, request: Request, file reference: FileReference,
        _ change: @escaping @Sendable (inout PersonFile, Int64, SQLiteConnection) throws -> Void) async throws -> PersonFile {
        try PersonRecords.checkID(reference.personID, field: "file.personID")
        return try await store.change(context, request: request, person: reference.personID) { [records] scope in
            var (file, seq) = try records.require(reference.personID, on: scope.connection)
            try FileVersion.check(stated: reference.version, current: file.version, file: "person \(reference.personID)")
            try change(&file, seq, scope.connection)
            file.version += 1
            try records.save(file, on: scope.connection)
            return file
        }
    }

    func referToEducation(_ request: EducationReferralRequest, _ context: CallContext) async throws -> PersonFile {
        let rules = rules
        let referral = request.referral
        let school = referral.school.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...120).contains(school.count) else { throw RegistrationRules.invalid("referral.school", "must be 1...120 characters") }
        try rules.notAfterToday(referral.referredOn, field: "referral.referredOn")
        return try await changeFile(context, request: request, file: request.file) { file, seq, connection in
            guard file.minor else {
                throw RPCError(.failedPrecondition, "person \(file.personID) was an adult at registration; adults get a trajectory, not a school referral",
                               details: ["field": "personID"])
            }
            guard referral.referredOn >= file.registeredOn else {
                throw RegistrationRules.invalid("referral.referredOn", "is before the registration (\(file.registeredOn))")
            }
            let stored = EducationReferral(kind: referral.kind, school: school, referredOn: referral.referredOn)
            try connection.run("INSERT INTO education_referrals (person_seq, kind, referred_on) VALUES (?, ?, ?)",
                               [.integer(seq), .text(stored.kind.rawValue), .text(stored.referredOn.description)])
            file.educationReferrals.append(stored)
        }
    }

    func link(_ request: LinkRequest, _ context: CallContext) async throws -> PersonFile {
        let link = request.link
        try AgencyFields.checkRegion(link.region, field: "link.region")
        guard (1...64).contains(link.personID.utf8.count) else { throw RegistrationRules.invalid("link.personID", "must be 1...64 bytes") }
        guard link.note.count <= 200 else { throw RegistrationRules.invalid("link.note", "is longer than 200 characters") }
        return try await changeFile(context, request: request, file: request.file) { file, _, _ in
            guard !(link.region == file.region && link.personID == file.personID) else {
                throw RegistrationRules.invalid("link.personID", "is the file itself")
            }
            if !file.links.contains(where: { $0.region == link.region && $0.personID == link.personID }) {
                file.links.append(link)
            }
        }
    }

    func recordNT2(_ request: NT2RecordRequest, _ context: CallContext) async throws -> PersonFile {
        let record = try checkNT2(request.record)
        return try await changeFile(context, request: request, file: request.file) { file, seq, connection in
            try Self.addNT2(record, to: &file, seq: seq, on: connection)
        }
    }

    /// Adds an NT2 record to an adult's file (live or imported), with its row for the figures.
    static func addNT2(_ record: NT2Record, to file: inout PersonFile, seq: Int64, on connection: SQLiteConnection) throws {
        guard !file.minor else {
            throw RPCError(.failedPrecondition, "person \(file.personID) was a minor at registration; minors go to education, not NT2",
                           details: ["field": "personID"])
        }
        guard record.on >= file.birthDate else { throw RegistrationRules.invalid("record.on", "is before the birth date") }
        try connection.run("INSERT INTO nt2_records (person_seq, kind, on_date, provider, funder, purpose, passed) VALUES (?, ?, ?, ?, ?, ?, ?)",
                           [.integer(seq), .text(record.kind.rawValue), .text(record.on.description),
                            record.provider.map { .text($0) } ?? .null, record.funder.map { .text($0.rawValue) } ?? .null,
                            record.purpose.map { .text($0.rawValue) } ?? .null, record.passed.map { .integer($0 ? 1 : 0) } ?? .null])
        var stored = record
        stored.id = "nt2-\(connection.lastInsertRowID)"
        file.nt2.append(stored)
    }

    /// Each kind of record carries its own fields and no others.
    func checkNT2(_ record: NT2Record) throws(RPCError) -> NT2Record {
        try rules.notAfterToday(record.on, field: "record.on")
        func required<T>(_ value: T?, _ field: String) throws(RPCError) {
            guard value != nil else { throw RegistrationRules.invalid("record.\(field)", "is required for a \(record.kind.rawValue)") }
        }
        func absent<T>(_ value: T?, _ field: String) throws(RPCError) {
            guard value == nil else { throw RegistrationRules.invalid("record.\(field)", "does not belong to a \(record.kind.rawValue)") }
        }
        let needs: Set<String>
        switch record.kind {
        case .conversation: needs = []
        case .test: needs = ["result"]
        case .referral, .enrolment: needs = ["provider"]
        case .uctGrant: needs = ["funder"]
        case .certifyingTest: needs = ["purpose"]
        }
        for (field, present) in [("provider", record.provider != nil), ("result", record.result != nil),
                                 ("funder", record.funder != nil), ("purpose", record.purpose != nil)] {
            if needs.contains(field) { try required(present ? true : nil, field) } else { try absent(present ? true : nil, field) }
        }
        if record.kind != .certifyingTest { try absent(record.passed, "passed") }
        if let result = record.result, !(1...64).contains(result.count) {
            throw RegistrationRules.invalid("record.result", "must be 1...64 characters")
        }
        if let provider = record.provider {
            guard let known = configuration.nt2Providers.first(where: { $0.id == provider }) else {
                throw RegistrationRules.invalid("record.provider", "'\(provider.prefix(40))' is not one of the region's providers "
                                                    + "(\(configuration.nt2Providers.map(\.id).joined(separator: ", ")))")
            }
            if record.kind == .enrolment, !known.directEnrolment {
                throw RegistrationRules.invalid("record.provider", "'\(provider)' takes referrals, not direct enrolments")
            }
        }
        var record = record
        record.id = nil
        return record
    }
}

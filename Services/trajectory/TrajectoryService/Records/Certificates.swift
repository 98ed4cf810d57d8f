import SamenAgencyKit
import SamenContracts
import SamenReferenceData
import SamenRPC
import SamenStorage

/// When a trajectory earns its certificate, and the certificate's number and duration
/// (docs/TRAJECTORY-RECORDS.md, "Certificate").
enum CertificateRules {
    /// The first required component that is neither completed nor exempted, in component order.
    static func firstUnfinished(_ file: TrajectoryFile) -> ComponentStatus? {
        file.components.first { $0.required && $0.state != .completed && $0.state != .exempted }
    }

    /// Refuses a certificate the file has not earned on `issuedOn`, as a live issue and an import both must.
    static func check(_ file: TrajectoryFile, issuedOn: CivilDate, field: String) throws(RPCError) {
        if let existing = file.certificate {
            throw RPCError(.alreadyExists, "trajectory \(file.trajectoryID) has certificate \(existing.number) already",
                           details: ["field": "trajectory", "number": existing.number])
        }
        if let open = firstUnfinished(file) {
            throw RPCError(.failedPrecondition, "component \(open.component.rawValue) of trajectory \(file.trajectoryID) is \(open.state.rawValue); "
                               + "every required component must be completed or exempted first",
                           details: ["field": "components", "component": open.component.rawValue, "state": open.state.rawValue])
        }
        guard issuedOn >= file.signedOn else { throw TrajectoryRules.invalid(field, "is before the contract was signed (\(file.signedOn))") }
        if let lastEnded = file.components.compactMap(\.endedOn).max(), issuedOn < lastEnded {
            throw TrajectoryRules.invalid(field, "is before the last component ended (\(lastEnded))")
        }
    }

    /// The next certificate number of `region`, counted in `certificate_numbers` in the caller's transaction.
    static func nextNumber(region: String, on connection: SQLiteConnection) throws -> String {
        try connection.run("""
            INSERT INTO certificate_numbers (region, last) VALUES (?, 1)
            ON CONFLICT (region) DO UPDATE SET last = last + 1
            """, [.text(region)])
        let last = try connection.queryFirst("SELECT last FROM certificate_numbers WHERE region = ?", [.text(region)])!.int("last")
        return "\(region)-a\(last)"
    }

    /// Issues the certificate into the file; `check` has passed.
    static func issue(_ file: inout TrajectoryFile, on issuedOn: CivilDate, region: String, connection: SQLiteConnection) throws {
        file.certificate = Certificate(number: try nextNumber(region: region, on: connection), trajectoryID: file.trajectoryID,
                                       personID: file.personID, signedOn: file.signedOn, issuedOn: issuedOn,
                                       durationMonths: file.signedOn.wholeMonths(until: issuedOn))
    }
}

extension TrajectoryService {
    func issueCertificate(_ request: CertificateIssueRequest, _ context: CallContext) async throws -> TrajectoryFile {
        let issuedOn = try RecordsRules.day(request.issuedOn, field: "issuedOn", today: today)
        let region = region
        return try await changeTrajectory(context, request: request, trajectory: request.trajectory) { file, connection in
            try CertificateRules.check(file, issuedOn: issuedOn, field: "issuedOn")
            try CertificateRules.issue(&file, on: issuedOn, region: region, connection: connection)
        }
    }

    /// The certificate with this number, read from its trajectory's file (recorded as a read of that trajectory).
    func certificate(_ request: CertificateLookup, _ context: CallContext) async throws -> Certificate {
        try RecordsRules.certificateNumber(request.number)
        let region = region
        return try await store.read(context) { scope in
            guard let row = try scope.connection.queryFirst("""
                SELECT t.file FROM certificates c JOIN trajectories t ON t.seq = c.trajectory_seq WHERE c.number = ?
                """, [.text(request.number)]),
                  let certificate = try StoredFile.decode(TrajectoryFile.self, from: row.blob("file")).certificate,
                  certificate.number == request.number else {
                throw RPCError(.notFound, "no certificate with number '\(request.number)' in region \(region)", details: ["field": "number"])
            }
            scope.touched(certificate.trajectoryID)
            return certificate
        }
    }
}

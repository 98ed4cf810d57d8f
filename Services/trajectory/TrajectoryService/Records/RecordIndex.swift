import SamenContracts
import SamenStorage

/// The rows derived from a trajectory's referrals and certificate, written in the statement sequence that writes
/// the file (`TrajectoryRecords.insert` and `save`): a file that is signed, changed, imported or arrives by
/// transfer gets them all the same way.
enum RecordIndex {
    static func write(_ file: TrajectoryFile, seq: Int64, on connection: SQLiteConnection) throws {
        try connection.run("DELETE FROM referrals WHERE trajectory_seq = ?", [.integer(seq)])
        for referral in file.referrals ?? [] {
            try connection.run("INSERT INTO referrals (trajectory_seq, number, kind, referred_on, outcome) VALUES (?, ?, ?, ?, ?)",
                               [.integer(seq), .integer(Int64(referral.number)), .text(referral.kind.rawValue),
                                .text(referral.referredOn.description), .text(referral.outcome.rawValue)])
        }
        guard let certificate = file.certificate else { return }
        // REPLACE: the row follows the file last written under this number or trajectory (a file that came back).
        try connection.run("INSERT OR REPLACE INTO certificates (number, trajectory_seq, issued_on, months) VALUES (?, ?, ?, ?)",
                           [.text(certificate.number), .integer(seq), .text(certificate.issuedOn.description),
                            .integer(Int64(certificate.durationMonths))])
        // A certificate ends the trajectory: the one-live-trajectory rule no longer counts it.
        try connection.run("UPDATE trajectories SET live = 0 WHERE seq = ?", [.integer(seq)])
    }

    /// Whether a file is live when it is first written: a trajectory with a certificate is not.
    static func live(_ file: TrajectoryFile) -> Int64 { file.certificate == nil ? 1 : 0 }
}

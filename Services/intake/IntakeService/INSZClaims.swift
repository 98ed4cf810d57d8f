import SamenContracts
import Foundation
import SamenRPC
import SamenStorage

/// This region's side of the one-file-per-person protocol: reservations of an INSZ in `insz_claims`, answered in
/// one transaction with the check for a file of that INSZ (docs/INTAKE.md, "One file per person across regions").
struct INSZClaims {
    let region: String
    let lease: Duration

    /// Reserves `request.insz` for the claimant unless a file or another live claim has it. A repeated request of
    /// the same claim renews it; a claim whose lease ran out is taken over.
    func reserve(_ request: ClaimRequest, now: Date, on connection: SQLiteConnection) throws -> ClaimAnswer {
        let leaseMilliseconds = Int64(lease.components.seconds * 1000)
        if try connection.queryFirst("SELECT 1 AS found FROM persons WHERE insz = ?", [.text(request.insz)]) != nil {
            return ClaimAnswer(outcome: .fileExists, region: region, leaseMilliseconds: 0)
        }
        if request.checkOnly { return ClaimAnswer(outcome: .granted, region: region, leaseMilliseconds: 0) }
        let nowMilliseconds = now.millisecondsSince1970
        if let row = try connection.queryFirst("SELECT claim_id, claimant_region, expires_ms FROM insz_claims WHERE insz = ?",
                                               [.text(request.insz)]) {
            let holder = try row.text("claim_id")
            if holder != request.claimID, try row.int("expires_ms") > nowMilliseconds {
                return ClaimAnswer(outcome: .heldByOtherClaim, region: region, holderRegion: try row.text("claimant_region"),
                                   leaseMilliseconds: 0)
            }
        }
        try connection.run("INSERT OR REPLACE INTO insz_claims (insz, claim_id, claimant_region, expires_ms) VALUES (?, ?, ?, ?)",
                           [.text(request.insz), .text(request.claimID), .text(request.claimantRegion),
                            .integer(nowMilliseconds + leaseMilliseconds)])
        return ClaimAnswer(outcome: .granted, region: region, leaseMilliseconds: leaseMilliseconds)
    }

    /// Lets go of the claim if it still holds the INSZ; another claim's reservation stays.
    func release(_ request: ClaimRelease, on connection: SQLiteConnection) throws {
        try connection.run("DELETE FROM insz_claims WHERE insz = ? AND claim_id = ?", [.text(request.insz), .text(request.claimID)])
    }

    /// Whether this region's reservation of `insz` is still the claim's: what a registration checks in the
    /// transaction that creates the file, so a claim whose lease was taken over never creates a second file.
    func holds(_ insz: String, claimID: String, on connection: SQLiteConnection) throws -> Bool {
        try connection.queryFirst("SELECT 1 AS held FROM insz_claims WHERE insz = ? AND claim_id = ?", [.text(insz), .text(claimID)]) != nil
    }

    /// The claim holding a live reservation of `insz` here, if any.
    func liveHolder(_ insz: String, now: Date, on connection: SQLiteConnection) throws -> String? {
        try connection.queryFirst("SELECT claim_id FROM insz_claims WHERE insz = ? AND expires_ms > ?",
                                  [.text(insz), .integer(now.millisecondsSince1970)])?.text("claim_id")
    }


    /// The checks a reservation request passes before it touches the table.
    static func validate(insz: String, claimID: String) throws(RPCError) {
        guard insz.utf8.count == 11, insz.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
            throw RPCError.invalidField("insz", "must be the 11 canonical digits")
        }
        guard (1...64).contains(claimID.utf8.count) else {
            throw RPCError.invalidField("claimID", "must be 1...64 bytes")
        }
    }
}

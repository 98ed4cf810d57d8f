import SamenContracts
import Foundation
import SamenAgencyKit
import SamenRPC
import SamenStorage

/// The claiming side of the one-file-per-person protocol (docs/INTAKE.md): before a file with an INSZ is made, the
/// registering region reserves the INSZ in every region of the federation, its own included, one region at a time
/// in the federation's sorted order. Each region answers from one transaction that also looks for a file of its
/// own, so a region with a file refuses (`already_exists`, naming it). Two registrations of one INSZ meet at the
/// first region in that order: one holds it and goes on, the other waits there until the first has made its file
/// (and then learns of it) or gave up. The file is then made in a transaction that checks the own region's
/// reservation is still this claim's, so a claim whose lease was taken over never makes a second file.
struct OneFilePerPerson {
    let region: String
    let peers: any IntakePeers
    let store: AgencyStore
    let claims: INSZClaims
    /// How long one region's answer may take.
    let callTimeout: Duration
    /// How long to wait for another registration of the same INSZ before answering `aborted`.
    let waitForOtherClaim: Duration

    /// The reservations one registration holds.
    struct Claim: Sendable {
        let insz: String
        let claimID: String
        /// Other regions holding a reservation for this claim, to release once the file is made (or not).
        let remote: [String]
        /// Regions that could not be asked (only when the desk registers unverified).
        let unverified: [String]
        /// Whether the own region's reservation was taken ahead (else the file's transaction takes it, see `claim`).
        var ownReserved = true

        /// What the transaction that makes the file checks in its own region: that its reservation is still this
        /// claim's, or, when it was not taken ahead, that no live reservation of another claim is there. Throws
        /// `aborted` otherwise; deletes the own region's reservation, which the file replaces.
        func confirm(in claims: INSZClaims, now: Date, on connection: SQLiteConnection) throws {
            if ownReserved {
                guard try claims.holds(insz, claimID: claimID, on: connection) else {
                    throw RPCError(.aborted, "the reservation of this INSZ ran out while registering and another desk took it over; try again",
                                   details: ["field": "insz"])
                }
            } else if let holder = try claims.liveHolder(insz, now: now, on: connection), holder != claimID {
                throw RPCError(.aborted, "another desk is registering this INSZ right now; try again", details: ["field": "insz"])
            }
            try claims.release(ClaimRelease(insz: insz, claimID: claimID), on: connection)
        }
    }

    func claim(_ insz: String, allowUnverified: Bool) async throws -> Claim {
        let regions = try await peers.regions()
        let claimID = UUID().uuidString
        var remote: [String] = []
        var unreachable: [(region: String, reason: String)] = []
        let request = ClaimRequest(insz: insz, claimID: claimID, claimantRegion: region)
        let giveUpAt = ContinuousClock.now + waitForOtherClaim
        // The own region's reservation can be left to the transaction that makes the file (one write fewer) when
        // another claim cannot reach the own region first: when the region is alone, or when an earlier region in
        // the order, which this claim holds, stops every other claim before it gets here.
        let ownReservedAhead = regions.count > 1 && regions.first == region
        do {
            for other in regions where other != region || ownReservedAhead {
                var delay = Duration.milliseconds(2)
                while true {
                    let answer: ClaimAnswer
                    do {
                        answer = try await reserve(request, in: other)
                    } catch where other != region {
                        unreachable.append((other, Self.reason(error)))
                        break
                    }
                    if answer.outcome == .granted {
                        if other != region { remote.append(other) }
                        break
                    }
                    if answer.outcome == .fileExists {
                        throw RPCError(.alreadyExists, "a file with this INSZ exists in region \(other); one person has one file across all regions",
                                       details: ["field": "insz", "region": other])
                    }
                    guard ContinuousClock.now < giveUpAt else {
                        throw RPCError(.aborted, "another desk is registering this INSZ right now (in region \(answer.holderRegion ?? "?")); try again",
                                       details: ["field": "insz", "region": answer.holderRegion ?? ""])
                    }
                    try await Task.sleep(for: delay)
                    delay = min(delay * 2, .milliseconds(100))
                }
            }
            if !unreachable.isEmpty, !allowUnverified {
                let names = unreachable.map(\.region)
                throw RPCError(.unavailable, "region\(names.count == 1 ? "" : "s") \(names.joined(separator: ", ")) could not be asked whether "
                                   + "they have this INSZ (\(unreachable.map { "\($0.region): \($0.reason)" }.joined(separator: "; "))); "
                                   + "register with unverified=true to go on, and the file is checked again when they are back",
                               details: ["field": "insz", "regions": names.joined(separator: ",")])
            }
        } catch {
            release(Claim(insz: insz, claimID: claimID, remote: remote, unverified: []), includingOwn: true)
            throw error
        }
        var claim = Claim(insz: insz, claimID: claimID, remote: remote, unverified: unreachable.map(\.region))
        claim.ownReserved = ownReservedAhead
        return claim
    }

    /// Lets the other regions' reservations go, in the background (they also run out on their own); the own
    /// region's goes with the file's transaction, or here when `includingOwn`.
    func release(_ claim: Claim, includingOwn: Bool = false) {
        let request = ClaimRelease(insz: claim.insz, claimID: claim.claimID)
        let peers = peers
        let timeout = callTimeout
        let claims = claims
        let store = store
        Task {
            if includingOwn {
                try? await store.database.write { connection in try claims.release(request, on: connection) }
            }
            for other in claim.remote {
                try? await peers.intake(in: other).release(request, options: CallOptions(timeout: timeout))
            }
        }
    }

    /// Asks one region whether it has a file of the INSZ, reserving nothing: nil when it cannot be asked.
    func hasFile(_ insz: String, in other: String) async -> Bool? {
        let request = ClaimRequest(insz: insz, claimID: "check", claimantRegion: region, checkOnly: true)
        guard let answer = try? await reserve(request, in: other) else { return nil }
        return answer.outcome == .fileExists
    }

    private func reserve(_ request: ClaimRequest, in other: String) async throws -> ClaimAnswer {
        if other == region {
            let claims = claims
            let now = store.currentTime
            return try await store.database.write { connection in try claims.reserve(request, now: now, on: connection) }
        }
        return try await peers.intake(in: other).reserve(request, options: CallOptions(timeout: callTimeout))
    }

    private static func reason(_ error: any Error) -> String {
        if let error = error as? RPCError { return error.status.name }
        return "\(type(of: error))"
    }
}

import SamenContracts
import Foundation
import SamenAgencyKit
import SamenRPC

extension IntakeService {
    /// Another region's intake reserving an INSZ here (see `OneFilePerPerson`).
    func reserve(_ request: ClaimRequest) async throws -> ClaimAnswer {
        try INSZClaims.validate(insz: request.insz, claimID: request.claimID)
        try AgencyFields.checkRegion(request.claimantRegion, field: "claimantRegion")
        let claims = oneFile.claims
        let now = store.currentTime
        return try await store.database.write { connection in try claims.reserve(request, now: now, on: connection) }
    }

    func release(_ request: ClaimRelease) async throws {
        try INSZClaims.validate(insz: request.insz, claimID: request.claimID)
        let claims = oneFile.claims
        try await store.database.write { connection in try claims.release(request, on: connection) }
    }
}

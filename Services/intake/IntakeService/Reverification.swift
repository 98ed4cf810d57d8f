import SamenContracts
import Foundation
import SamenAgencyKit
import SamenRPC
import SamenStorage

extension IntakeService {
    /// Asks each region a file was not verified against whether it has a file of the same INSZ. A region that
    /// has none is struck from `unverifiedRegions`; one that has one moves to `conflictingRegions`, for the desk
    /// (the files are linked by their INSZ, never merged); one still unreachable stays for the next round.
    func reverifyUnverifiedFiles() async {
        // Reservations of claimants that crashed before releasing them: long expired, they only take space.
        let cutoff = store.currentTime.millisecondsSince1970 - 3_600_000
        _ = try? await store.database.write { connection in
            try connection.run("DELETE FROM insz_claims WHERE expires_ms < ?", [.integer(cutoff)])
        }
        let records = records
        guard let pending = try? await store.database.read({ connection in
            try connection.query("SELECT file FROM persons WHERE unverified = 1 LIMIT 200").map { try records.decode($0.blob("file")) }
        }) else { return }
        for file in pending {
            guard let insz = file.insz else { continue }
            var answered: [String: Bool] = [:]
            for other in file.crossRegion.unverifiedRegions {
                if let hasFile = await oneFile.hasFile(insz, in: other) { answered[other] = hasFile }
            }
            guard !answered.isEmpty else { continue }
            let answers = answered
            let personID = file.personID
            do {
                try await store.systemChange(method: "intake/reverify", person: personID) { connection in
                    guard var current = try records.load(personID, on: connection)?.file else { return }
                    for (other, hasFile) in answers where current.crossRegion.unverifiedRegions.contains(other) {
                        current.crossRegion.unverifiedRegions.removeAll { $0 == other }
                        if hasFile, !current.crossRegion.conflictingRegions.contains(other) {
                            current.crossRegion.conflictingRegions.append(other)
                        }
                    }
                    current.version += 1
                    try records.save(current, on: connection)
                }
            } catch {
                configuration.logger.warning("re-checking a file against other regions failed", [("error", "\(error)")])
            }
        }
    }
}

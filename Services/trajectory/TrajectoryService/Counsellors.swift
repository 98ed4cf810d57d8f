import SamenContracts
import Foundation
import SamenAgencyKit
import SamenRPC
import SamenTLS
import SamenStorage

/// The region's counsellors in `counsellors`, and the choice of one for a new trajectory.
enum CounsellorRecords {
    /// Languages a counsellor can counsel in when nobody speaks one of the person's own: the contact languages MO
    /// is also given in, with an interpreter (tolkdienst) where needed. Dutch is not one: a person who starts a
    /// trajectory and speaks it has it among their own languages.
    static let contactLanguages: Set<String> = ["en", "fr"]

    /// An active counsellor who speaks one of `languages`, else one who speaks a contact language; the least loaded
    /// (live trajectories) first, ties by user id. Nil when none is active in either.
    static func pick(for languages: [String], on connection: SQLiteConnection) throws -> String? {
        let active = try all(on: connection).filter(\.counsellor.active)
        func best(_ wanted: Set<String>) -> String? {
            active.filter { !wanted.isDisjoint(with: $0.counsellor.languages) }
                .min { ($0.caseload, $0.counsellor.user) < ($1.caseload, $1.counsellor.user) }?.counsellor.user
        }
        return best(Set(languages)) ?? best(contactLanguages)
    }

    /// Every counsellor with their caseload, by user id.
    static func all(on connection: SQLiteConnection) throws -> [CounsellorLoad] {
        try connection.query("""
            SELECT c.user_id, c.languages, c.active,
                   (SELECT COUNT(*) FROM trajectories t WHERE t.counsellor = c.user_id AND t.live = 1) AS caseload
            FROM counsellors c ORDER BY c.user_id
            """).map { row in
            CounsellorLoad(counsellor: Counsellor(user: try row.text("user_id"),
                                                  languages: try row.text("languages").split(separator: ",").map(String.init),
                                                  active: try row.int("active") == 1),
                           caseload: try row.int("caseload"))
        }
    }

    static func find(_ user: String, on connection: SQLiteConnection) throws -> CounsellorLoad? {
        try all(on: connection).first { $0.counsellor.user == user }
    }

    /// A staff user id as the region's staff certificates carry it.
    static func checkUser(_ user: String, field: String, region: String) throws(RPCError) {
        try AgencyFields.checkStaffUser(user, field: field, region: region)
    }
}

extension TrajectoryService {
    func upsert(_ counsellor: Counsellor, _ context: CallContext) async throws -> CounsellorLoad {
        try CounsellorRecords.checkUser(counsellor.user, field: "user", region: region)
        guard (1...20).contains(counsellor.languages.count) else { throw TrajectoryRules.invalid("languages", "must name 1...20 languages") }
        for (index, language) in counsellor.languages.enumerated() {
            guard (2...3).contains(language.utf8.count), language.utf8.allSatisfy({ $0 >= 0x61 && $0 <= 0x7a }) else {
                throw TrajectoryRules.invalid("languages[\(index)]", "is not an ISO 639-1 or 639-3 code in lower case")
            }
        }
        let languages = Array(Set(counsellor.languages)).sorted()
        return try await store.change(context, request: counsellor) { scope in
            try scope.connection.run("""
                INSERT INTO counsellors (user_id, languages, active) VALUES (?, ?, ?)
                ON CONFLICT (user_id) DO UPDATE SET languages = excluded.languages, active = excluded.active
                """, [.text(counsellor.user), .text(languages.joined(separator: ",")), .integer(counsellor.active ? 1 : 0)])
            return try CounsellorRecords.find(counsellor.user, on: scope.connection)!
        }
    }

    func counsellors() async throws -> CounsellorList {
        try await store.database.read { connection in CounsellorList(counsellors: try CounsellorRecords.all(on: connection)) }
    }
}

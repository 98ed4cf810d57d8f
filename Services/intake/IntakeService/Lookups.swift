import SamenContracts
import Foundation
import SamenAgencyKit
import SamenReferenceData
import SamenRPC
import SamenStorage

extension IntakeService {
    func get(_ personID: String, _ context: CallContext) async throws -> EncodedResponse<PersonFile> {
        try PersonRecords.checkID(personID)
        return try await store.read(context) { [records, region] scope in
            guard let stored = try records.storedFile(personID: personID, on: scope.connection) else {
                throw RPCError(.notFound, "no file with person id '\(personID.prefix(64))' in region \(region)", details: ["field": "personID"])
            }
            scope.touched(stored.personID)
            return EncodedResponse(encoded: stored.bytes)
        }
    }

    func find(insz text: String, _ context: CallContext) async throws -> EncodedResponse<PersonFile> {
        let insz = try rules.insz(text, birthDate: nil, sex: nil).digits
        return try await store.read(context) { [records, region] scope in
            guard let stored = try records.storedFile(insz: insz, on: scope.connection) else {
                throw RPCError(.notFound, "no file with this INSZ in region \(region)", details: ["field": "insz"])
            }
            scope.touched(stored.personID)
            return EncodedResponse(encoded: stored.bytes)
        }
    }

    static let defaultPageSize = 50
    static let maximumPageSize = 500

    /// Registrations newest first; the cursor is the last row's sequence number.
    func list(_ request: ListRequest, _ context: CallContext) async throws -> PersonPage {
        let limit = request.limit ?? Self.defaultPageSize
        guard (1...Self.maximumPageSize).contains(limit) else {
            throw RegistrationRules.invalid("limit", "must be 1...\(Self.maximumPageSize), not \(limit)")
        }
        if let from = request.from, let through = request.through, through < from {
            throw RegistrationRules.invalid("through", "is before 'from'")
        }
        var conditions: [String] = []
        var bindings: [SQLValue] = []
        if let from = request.from { conditions.append("registered_on >= ?"); bindings.append(.text(from.description)) }
        if let through = request.through { conditions.append("registered_on <= ?"); bindings.append(.text(through.description)) }
        if let doelgroep = request.doelgroep { conditions.append("doelgroep = ?"); bindings.append(.text(doelgroep.rawValue)) }
        if let desk = request.desk { conditions.append("desk = ?"); bindings.append(.text(desk)) }
        if let after = request.after {
            guard let seq = Int64(after), seq > 0 else { throw RegistrationRules.invalid("after", "is not a cursor this method gave") }
            conditions.append("seq < ?")
            bindings.append(.integer(seq))
        }
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let sql = "SELECT seq, file FROM persons \(filter) ORDER BY seq DESC LIMIT \(limit + 1)"
        let values = bindings
        return try await store.read(context) { [records] scope in
            let rows = try scope.connection.query(sql, values)
            var persons: [PersonSummary] = []
            for row in rows.prefix(limit) {
                let file = try records.decode(row.blob("file"))
                persons.append(records.summary(file))
                scope.touched(file.personID)
            }
            let next = rows.count > limit ? String(try rows[limit - 1].int("seq")) : nil
            return PersonPage(persons: persons, next: next)
        }
    }

    static let maximumMatches = 20

    /// Likely matches here and, when asked, in every other region; the regions that could not be asked are named.
    func findMatches(_ request: MatchRequest, _ context: CallContext) async throws -> MatchResponse {
        var response = try await matchLocal(request, context)
        guard request.acrossRegions else { return response }
        let others = try await peers.regions().filter { $0 != region }
        let local = MatchRequest(name: request.name, birthDate: request.birthDate, acrossRegions: false)
        let timeout = configuration.peerTimeout
        let answers = await withTaskGroup(of: (String, MatchResponse?).self) { group in
            for other in others {
                group.addTask { [peers] in
                    (other, try? await peers.intake(in: other).matchLocal(local, options: CallOptions(timeout: timeout)))
                }
            }
            var answers: [(String, MatchResponse?)] = []
            for await answer in group { answers.append(answer) }
            return answers
        }
        for (other, answer) in answers {
            if let answer { response.matches += answer.matches } else { response.unavailableRegions.append(other) }
        }
        response.matches.sort { $0.score != $1.score ? $0.score > $1.score : $0.person.personID < $1.person.personID }
        response.matches = Array(response.matches.prefix(Self.maximumMatches))
        response.unavailableRegions.sort()
        return response
    }

    /// This region's files of the same birth date whose name is close; each one returned is recorded.
    func matchLocal(_ request: MatchRequest, _ context: CallContext) async throws -> MatchResponse {
        let wanted = NameKey(request.name)
        guard !wanted.isEmpty, request.name.count <= NameKey.maximumCharacters else {
            throw RegistrationRules.invalid("name", "must hold a name of at most \(NameKey.maximumCharacters) characters")
        }
        let birthDate = request.birthDate.description
        return try await store.read(context) { [records] scope in
            var matches: [LikelyMatch] = []
            for row in try scope.connection.query("SELECT name_key, file FROM persons WHERE birth_date = ?", [.text(birthDate)]) {
                let score = wanted.similarity(to: NameKey(try row.text("name_key")))
                guard score >= NameKey.likelyMatchThreshold else { continue }
                let file = try records.decode(row.blob("file"))
                matches.append(LikelyMatch(person: records.summary(file), score: score))
            }
            matches.sort { $0.score != $1.score ? $0.score > $1.score : $0.person.personID < $1.person.personID }
            matches = Array(matches.prefix(Self.maximumMatches))
            for match in matches { scope.touched(match.person.personID) }
            return MatchResponse(matches: matches, unavailableRegions: [])
        }
    }
}

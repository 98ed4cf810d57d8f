import Foundation
import SamenAgencyKit
import SamenReferenceData
import SamenRPC
import SamenStorage

/// A person file of the test service: the smallest file that has what the kit is about (a name that must never
/// reach a log, a version, an id of the service's own).
struct Person: Codable, Sendable, Equatable {
    var id: String
    var name: String
    /// `YYYY-MM-DD`, or nil when unknown.
    var born: String?
    var version: Int64
}

struct NewPerson: Codable, Sendable, Equatable {
    var name: String
    var born: String?
}

struct RenamePerson: Codable, Sendable, Equatable {
    var id: String
    var name: String
    /// The version the caller read.
    var version: Int64
}

struct PersonRef: Codable, Sendable, Equatable {
    var id: String
}

struct PeopleQuery: Codable, Sendable, Equatable {
    /// A search term: part of the name.
    var nameContains: String
}

struct PeoplePage: Codable, Sendable, Equatable {
    var people: [Person]
}

/// The test service's contract, declared as an agency service's would be: policies by role (and the service
/// `trajectory`, which calls on for staff members).
enum PeopleAPI {
    static let service = "people"
    static let personRecordType = "person"
    static let writers: Set<StaffRole> = [.desk, .admin]

    static let create = UnaryMethod<NewPerson, Person>(
        "people/create", policy: .agency(services: ["trajectory"], roles: writers))
    static let rename = UnaryMethod<RenamePerson, Person>(
        "people/rename", policy: .agency(services: ["trajectory"], roles: writers))
    static let get = UnaryMethod<PersonRef, Person>(
        "people/get", policy: .agency(services: ["trajectory"], roles: [.desk, .counsellor, .admin]))
    static let list = UnaryMethod<PeopleQuery, PeoplePage>(
        "people/list", policy: .agency(services: ["trajectory"], roles: [.desk, .counsellor, .admin]))
    static let importPeople = UnaryMethod<ImportBatch<NewPerson>, ImportReport>(
        "people/import.people", policy: .agency(roles: ImportPolicy.roles))
    static let audit = AuditAPI(service: service)

    static let migrations = [
        Migration(version: AgencySchema.firstServiceVersion, sql: """
            CREATE TABLE people (
                number INTEGER PRIMARY KEY AUTOINCREMENT,
                id TEXT NOT NULL UNIQUE,
                name TEXT NOT NULL,
                born TEXT,
                version INTEGER NOT NULL
            );
            """),
    ]
}

/// The test service's handlers over an `AgencyStore`: every access goes through the kit, as a real agency
/// service's would.
struct PeopleService: Sendable {
    let store: AgencyStore

    func register(on server: RPCServer) {
        let store = store
        server.register(PeopleAPI.create) { request, context in
            try await store.change(context, request: request) { scope in
                let person = try Self.insert(request, on: scope.connection)
                scope.touched(person.id)
                return person
            }
        }
        server.register(PeopleAPI.rename) { request, context in
            try await store.change(context, request: request, person: request.id) { scope in
                guard let current = try Self.person(request.id, on: scope.connection) else { throw Self.notFound(request.id) }
                try FileVersion.check(stated: request.version, current: current.version, file: "person \(request.id)")
                try Self.validate(NewPerson(name: request.name, born: current.born))
                try scope.connection.run("UPDATE people SET name = ?, version = version + 1 WHERE id = ?",
                                         [.text(request.name), .text(request.id)])
                return Person(id: current.id, name: request.name, born: current.born, version: current.version + 1)
            }
        }
        server.register(PeopleAPI.get) { request, context in
            try await store.read(context) { scope in
                guard let person = try Self.person(request.id, on: scope.connection) else { throw Self.notFound(request.id) }
                scope.touched(person.id)
                return person
            }
        }
        server.register(PeopleAPI.list) { request, context in
            try await store.read(context) { scope in
                let people = try scope.connection.query("SELECT * FROM people WHERE instr(name, ?) > 0 ORDER BY number",
                                                        [.text(request.nameContains)]).map(Self.person)
                for person in people { scope.touched(person.id) }
                return PeoplePage(people: people)
            }
        }
        server.register(PeopleAPI.importPeople) { batch, context in
            try await store.importBatch(context, batch, recordType: PeopleAPI.personRecordType) { record, scope in
                let person = try Self.insert(record, on: scope.connection)
                scope.touched(person.id)
                return person.id
            }
        }
        store.registerAudit(on: server, api: PeopleAPI.audit) { id, connection in
            guard let person = try Self.person(id, on: connection) else { return nil }
            return String(decoding: try JSONEncoder().encode(person), as: UTF8.self)
        }
    }

    /// A live create and an imported record are one write, so that an import validates exactly as a live write.
    /// The duplicate check runs after the insert, as a check against the stored set does: the import's savepoint
    /// is then what keeps a refused record out of the file.
    static func insert(_ request: NewPerson, on connection: SQLiteConnection) throws -> Person {
        try validate(request)
        let number = (try connection.queryFirst("SELECT COALESCE(MAX(number), 0) + 1 AS next FROM people")?.int("next")) ?? 1
        let person = Person(id: "p\(number)", name: request.name, born: request.born, version: 1)
        try connection.run("INSERT INTO people (number, id, name, born, version) VALUES (?, ?, ?, ?, 1)",
                           [.integer(number), .text(person.id), .text(person.name), request.born.map { .text($0) } ?? .null])
        let twins = try connection.queryFirst("SELECT COUNT(*) AS n FROM people WHERE name = ? AND born IS ?",
                                              [.text(request.name), request.born.map { .text($0) } ?? .null])?.int("n") ?? 0
        guard twins == 1 else {
            throw RPCError(.alreadyExists, "a person with this name and birth date has a file already", details: ["field": "name"])
        }
        return person
    }

    static func validate(_ request: NewPerson) throws(RPCError) {
        guard (1...100).contains(request.name.count), !request.name.allSatisfy(\.isWhitespace) else {
            throw RPCError(.invalidArgument, "field 'name' must be 1...100 characters, not blank", details: ["field": "name"])
        }
        if let born = request.born {
            let date: CivilDate
            do { date = try CivilDate(born) } catch {
                throw RPCError(.invalidArgument, "field 'born' is not a date YYYY-MM-DD: \(error)", details: ["field": "born"])
            }
            guard date <= CivilDate.today() else {
                throw RPCError(.invalidArgument, "field 'born' is in the future", details: ["field": "born"])
            }
        }
    }

    static func person(_ id: String, on connection: SQLiteConnection) throws -> Person? {
        try connection.queryFirst("SELECT * FROM people WHERE id = ?", [.text(id)]).map(person)
    }

    static func person(_ row: Row) throws -> Person {
        Person(id: try row.text("id"), name: try row.text("name"), born: try row.optionalText("born"), version: try row.int("version"))
    }

    static func notFound(_ id: String) -> RPCError {
        RPCError(.notFound, "no person with id '\(id.prefix(64))'", details: ["field": "id"])
    }
}

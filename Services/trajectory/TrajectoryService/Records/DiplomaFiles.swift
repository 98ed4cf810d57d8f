import SamenAgencyKit
import SamenContracts
import SamenReferenceData
import SamenRPC
import SamenStorage

/// Reads and writes diploma recognition files in `diploma_files`, inside the transaction of the connection given.
struct DiplomaRecords {
    let region: String

    /// The states a file may move to (docs/TRAJECTORY-RECORDS.md, "Diploma recognition files").
    static func allowed(from: DiplomaFileState, to: DiplomaFileState) -> Bool {
        switch (from, to) {
        case (.opened, .sentToNARIC), (.opened, .withdrawn): true
        case (.sentToNARIC, .recognised), (.sentToNARIC, .partiallyRecognised), (.sentToNARIC, .refused), (.sentToNARIC, .withdrawn): true
        default: false
        }
    }

    func insert(opening request: DiplomaOpenRequest, personID: String?, on openedOn: CivilDate, connection: SQLiteConnection) throws -> DiplomaFile {
        let seq = try connection.queryFirst("SELECT COALESCE(MAX(seq), 0) + 1 AS next FROM diploma_files")!.int("next")
        let file = DiplomaFile(diplomaID: "\(region)-d\(seq)", region: region, version: 1, kind: request.kind, trajectoryID: request.trajectoryID,
                               personID: personID, openedOn: openedOn, state: .opened,
                               history: [DiplomaStateChange(state: .opened, on: openedOn)])
        try connection.run("""
            INSERT INTO diploma_files (seq, diploma_id, kind, trajectory_id, opened_on, state, version, file) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """, [.integer(seq), .text(file.diplomaID), .text(file.kind.rawValue), file.trajectoryID.map { .text($0) } ?? .null,
                  .text(openedOn.description), .text(file.state.rawValue), .integer(file.version), .blob(try StoredFile.encode(file))])
        return file
    }

    func save(_ file: DiplomaFile, on connection: SQLiteConnection) throws {
        try connection.run("UPDATE diploma_files SET state = ?, version = ?, file = ? WHERE diploma_id = ?",
                           [.text(file.state.rawValue), .integer(file.version), .blob(try StoredFile.encode(file)), .text(file.diplomaID)])
    }

    func load(_ id: String, on connection: SQLiteConnection) throws -> DiplomaFile? {
        try connection.queryFirst("SELECT file FROM diploma_files WHERE diploma_id = ?", [.text(id)])
            .map { try StoredFile.decode(DiplomaFile.self, from: $0.blob("file")) }
    }

    /// The file, or `not_found` naming the id.
    func require(_ id: String, on connection: SQLiteConnection) throws -> DiplomaFile {
        guard let file = try load(id, on: connection) else {
            throw RPCError(.notFound, "no diploma file with id '\(id)' in region \(region)", details: ["field": "diplomaID"])
        }
        return file
    }
}

extension TrajectoryService {
    var diplomas: DiplomaRecords { DiplomaRecords(region: region) }

    /// Opens a file; one of an inburgeraar names their trajectory, which must be this region's and changeable
    /// (not moved away), and takes the person from it. Recorded under the file's id and the trajectory's.
    func openDiploma(_ request: DiplomaOpenRequest, _ context: CallContext) async throws -> DiplomaFile {
        let openedOn = try RecordsRules.day(request.openedOn, field: "openedOn", today: today)
        if let personID = request.personID { try AgencyFields.checkID(personID, prefix: "p", kind: "person", field: "personID") }
        switch (request.kind, request.trajectoryID) {
        case (.inburgeraar, nil):
            throw TrajectoryRules.invalid("trajectoryID", "is required for a file of an inburgeraar")
        case (.inburgeraar, let id?):
            try TrajectoryRecords.checkID(id)
        case (_, nil):
            break
        case (let kind, .some):
            throw TrajectoryRules.invalid("trajectoryID", "belongs to a file of an inburgeraar only, not \(kind.rawValue)")
        }
        return try await store.change(context, request: request, person: request.trajectoryID) { [records, diplomas] scope in
            var personID = request.personID
            if let trajectoryID = request.trajectoryID {
                let trajectory = try records.requireWritable(trajectoryID, on: scope.connection).file
                if let stated = personID, stated != trajectory.personID {
                    throw TrajectoryRules.invalid("personID", "is not the person of trajectory \(trajectoryID)")
                }
                personID = trajectory.personID
            }
            let file = try diplomas.insert(opening: request, personID: personID, on: openedOn, connection: scope.connection)
            scope.touched(file.diplomaID)
            return file
        }
    }

    func updateDiploma(_ request: DiplomaStateUpdate, _ context: CallContext) async throws -> DiplomaFile {
        try RecordsRules.diplomaID(request.file.diplomaID, field: "file.diplomaID")
        let on = try RecordsRules.day(request.on, field: "on", today: today)
        let note = try RecordsRules.note(request.note)
        return try await store.change(context, request: request, person: request.file.diplomaID) { [diplomas] scope in
            var file = try diplomas.require(request.file.diplomaID, on: scope.connection)
            try FileVersion.check(stated: request.file.version, current: file.version, file: "diploma file \(file.diplomaID)")
            guard DiplomaRecords.allowed(from: file.state, to: request.state) else {
                throw RPCError(.failedPrecondition, "field 'state': a diploma file cannot go from \(file.state.rawValue) to \(request.state.rawValue)",
                               details: ["field": "state", "current": file.state.rawValue])
            }
            let since = file.history.last?.on ?? file.openedOn
            guard on >= since else { throw TrajectoryRules.invalid("on", "is before the file's last change (\(since))") }
            file.state = request.state
            file.history.append(DiplomaStateChange(state: request.state, on: on, note: note))
            file.version += 1
            try diplomas.save(file, on: scope.connection)
            return file
        }
    }

    func diploma(_ request: DiplomaRequest, _ context: CallContext) async throws -> DiplomaFile {
        try RecordsRules.diplomaID(request.diplomaID)
        return try await store.read(context) { [diplomas] scope in
            let file = try diplomas.require(request.diplomaID, on: scope.connection)
            scope.touched(file.diplomaID)
            return file
        }
    }
}

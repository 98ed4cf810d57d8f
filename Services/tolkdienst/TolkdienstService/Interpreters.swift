import Foundation
import SamenAgencyKit
import SamenContracts
import SamenRPC
import SamenStorage

extension TolkdienstService {
    func addInterpreter(_ profile: InterpreterProfile, _ context: CallContext) async throws -> Interpreter {
        let checked = try TolkdienstRules.check(profile, served: served)
        return try await store.change(context, request: profile) { [records] scope in
            let (seq, id) = try records.nextID(.interpreters, on: scope.connection)
            let interpreter = Interpreter(id: id, version: 1, profile: checked)
            try records.insert(interpreter, seq: seq, on: scope.connection)
            return interpreter
        }
    }

    /// A profile change leaves the interpreter's assignments as they are: the planner decides what a changed
    /// availability means for them (docs/TOLKDIENST.md).
    func updateInterpreter(_ update: InterpreterUpdate, _ context: CallContext) async throws -> Interpreter {
        try TolkdienstRules.id(update.interpreterID, kind: "i", field: "interpreterID")
        let checked = try TolkdienstRules.check(update.profile, served: served)
        return try await store.change(context, request: update) { [records] scope in
            var interpreter = try records.require(.interpreters, update.interpreterID, as: Interpreter.self, field: "interpreterID",
                                                  on: scope.connection)
            try FileVersion.check(stated: update.version, current: interpreter.version, file: "interpreter \(interpreter.id)")
            interpreter.profile = checked
            interpreter.version += 1
            try records.save(interpreter, on: scope.connection)
            return interpreter
        }
    }

    func interpreter(_ id: String) async throws -> Interpreter {
        try TolkdienstRules.id(id, kind: "i", field: "interpreterID")
        return try await store.database.read { [records] connection in
            try records.require(.interpreters, id, as: Interpreter.self, field: "interpreterID", on: connection)
        }
    }

    func interpreters(_ page: TolkdienstPageRequest) async throws -> InterpreterPage {
        try await store.database.read { [records] connection in
            let (interpreters, next) = try records.page(.interpreters, as: Interpreter.self, page, on: connection)
            return InterpreterPage(interpreters: interpreters, next: next)
        }
    }
}

import Foundation
import SamenStorage

/// `samenctl backup FROM TO`: a consistent copy of a service's SQLite file while the service runs (SQLite's online
/// backup API), and, the other way round into a stopped service's data folder with `--replace`, its restore.
enum BackupCommand: CtlCommand {
    static let options: Set<String> = ["home"]
    static let switches: Set<String> = ["replace"]

    static func run(_ arguments: Arguments, environment: [String: String], output: TextOutput) async throws(CtlFailure) -> Int32 {
        guard arguments.positionals.count == 2 else {
            throw .usage("backup takes the database and the copy to make, e.g. `samenctl backup /samen/data/intake.sqlite "
                             + "/samen/data/intake-backup.sqlite`", command: "backup")
        }
        let (source, destination) = (arguments.positionals[0], arguments.positionals[1])
        guard URL(fileURLWithPath: source).standardizedFileURL != URL(fileURLWithPath: destination).standardizedFileURL else {
            throw .usage("the database and its copy are the same file, \(source)", command: "backup")
        }
        let pages: Int
        do {
            pages = try OnlineBackup.copy(from: source, to: destination, replace: arguments.has("replace"))
        } catch {
            let hint: String
            switch error.kind {
            case .misuse: hint = "pass --replace to overwrite it (restoring: stop the service first)"
            case .open: hint = "check both paths and that this user may read the one and write the other"
            case .busy: hint = "the database stayed locked for a minute; try again"
            default: hint = "the copy is not usable; keep the previous backup"
            }
            throw CtlFailure(error.message, hint: hint, exitCode: error.kind == .misuse || error.kind == .open ? 2 : 1)
        }
        output.print("copied \(source) to \(destination): \(pages) pages, checked")
        return 0
    }
}

import Foundation
import RegistryService
import SamenFiles
import SamenHost
import SamenRPC

// Thin: parse the flags, run the program. Bad flags exit 2, a failure while running exits 1.
// The umask is a backstop for files that libraries create on their own (SQLite journals): owner-only, like ours.
PrivateFiles.restrictUmask()
let options: ServiceLaunchOptions
do {
    options = try ServiceLaunchOptions(arguments: Array(CommandLine.arguments.dropFirst()))
} catch {
    FileHandle.standardError.write(Data("samen-registry: \(error.message)\n".utf8))
    FileHandle.standardError.write(Data("usage: samen-registry --region <r> --listen host:port --cert <pem> --key <pem> --ca <pem> [--data <dir>] [--peer region=host:port]...\n".utf8))
    exit(2)
}
do {
    try await RegistryProgram.run(options)
} catch {
    FileHandle.standardError.write(Data("samen-registry: \(error)\n".utf8))
    exit(1)
}

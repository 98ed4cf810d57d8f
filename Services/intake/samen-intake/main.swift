import Foundation
import IntakeService
import SamenFiles
import SamenHost
import SamenRPC

// Thin: parse the flags, run the program. Bad flags exit 2, a failure while running exits 1.
// The umask is a backstop for files that libraries create on their own (SQLite journals): owner-only, like ours.
PrivateFiles.restrictUmask()
let usage = "usage: samen-intake --region R --listen host:port --cert FILE --key FILE --ca FILE [flags]\n"
    + ServiceLaunchOptions.flagHelp + "\n"
let arguments = Array(CommandLine.arguments.dropFirst())
if ServiceLaunchOptions.asksForHelp(arguments) {
    FileHandle.standardOutput.write(Data(usage.utf8))
    exit(0)
}
let options: ServiceLaunchOptions
do {
    options = try ServiceLaunchOptions(arguments: arguments)
} catch {
    FileHandle.standardError.write(Data("samen-intake: \(error.message)\n".utf8))
    FileHandle.standardError.write(Data(usage.utf8))
    exit(2)
}
do {
    try await IntakeProgram.run(options)
} catch {
    FileHandle.standardError.write(Data("samen-intake: \(error)\n".utf8))
    exit(1)
}

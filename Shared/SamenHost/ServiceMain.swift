import Foundation
import SamenFiles
import SamenTLS

extension ServiceProgram {
    /// The whole of a `samen-<service>` executable: owner-only umask, `--help`, flags, run. Bad flags exit 2, a
    /// failure while running exits 1, a drained service 0.
    ///
    /// The umask is a backstop for files that libraries create on their own (SQLite journals): owner-only, like ours.
    /// OpenSSL stays up until the process is gone, so that `exit` cannot pull it from under a draining connection.
    public static func main(arguments: [String] = Array(CommandLine.arguments.dropFirst())) async -> Never {
        PrivateFiles.restrictUmask()
        OpenSSLLifetime.keepUntilExit()
        let executable = "samen-\(name)"
        let usage = "usage: \(executable) --region R --listen host:port --cert FILE --key FILE --ca FILE [flags]\n"
            + ServiceLaunchOptions.flagHelp + "\n"
        if ServiceLaunchOptions.asksForHelp(arguments) {
            FileHandle.standardOutput.write(Data(usage.utf8))
            exit(0)
        }
        let options: ServiceLaunchOptions
        do {
            options = try ServiceLaunchOptions(arguments: arguments)
        } catch {
            FileHandle.standardError.write(Data("\(executable): \(error.message)\n".utf8))
            FileHandle.standardError.write(Data(usage.utf8))
            exit(2)
        }
        do {
            try await run(options)
            exit(0)
        } catch {
            FileHandle.standardError.write(Data("\(executable): \(error)\n".utf8))
            exit(1)
        }
    }
}

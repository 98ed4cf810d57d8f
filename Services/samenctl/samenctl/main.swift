import Foundation
import SamenFiles
import SamenTLS
import SamenCtl

// Backstop for files that libraries create on their own (SQLite journals): owner-only, like ours.
PrivateFiles.restrictUmask()
OpenSSLLifetime.keepUntilExit()
let code = await SamenCtl.run(arguments: Array(CommandLine.arguments.dropFirst()), output: .terminal())
exit(code)

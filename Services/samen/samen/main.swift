import Foundation
import SamenFiles
import SamenTLS
import SamenCtl
import SamenLauncher

// Backstop for files that libraries create on their own (SQLite journals): owner-only, like ours.
PrivateFiles.restrictUmask()
OpenSSLLifetime.keepUntilExit()
let code = await SamenLauncher.run(arguments: Array(CommandLine.arguments.dropFirst()), output: .terminal())
exit(code)

import Foundation
import SamenCtl
import SamenLauncher

let code = await SamenLauncher.run(arguments: Array(CommandLine.arguments.dropFirst()), output: .terminal())
exit(code)

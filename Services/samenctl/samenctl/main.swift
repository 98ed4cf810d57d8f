import Foundation
import SamenCtl

let code = await SamenCtl.run(arguments: Array(CommandLine.arguments.dropFirst()), output: .terminal())
exit(code)

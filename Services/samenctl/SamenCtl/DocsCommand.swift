/// `samenctl docs methods`: prints the method reference (`docs/METHODS.md`) from the contracts.
enum DocsCommand: CtlCommand {
    static let options: Set<String> = []
    static let switches: Set<String> = []

    static func run(_ arguments: Arguments, environment: [String: String], output: TextOutput) async throws(CtlFailure) -> Int32 {
        guard arguments.positionals == ["methods"] else {
            throw .usage("the only docs command is `samenctl docs methods`", command: "docs")
        }
        do {
            var text = try MethodReference.markdown()
            text.removeLast()  // print adds the final newline
            output.print(text)
        } catch {
            throw CtlFailure("cannot describe the contracts: \(error.message)",
                             hint: "every type in a contract must be Codable with a synthesized or plain init(from:); enums need CaseIterable")
        }
        return 0
    }
}

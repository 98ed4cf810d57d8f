/// A command's arguments, split into positionals, options with values, and switches.
///
/// Options are `--name value` or `--name=value` and may repeat; anything after `--` is positional.
struct Arguments {
    var positionals: [String] = []
    var options: [String: [String]] = [:]
    var switches: Set<String> = []

    /// Parses `arguments` for `command`, accepting only the options and switches it knows.
    init(_ arguments: [String], command: String, options known: Set<String>, switches knownSwitches: Set<String>) throws(CtlFailure) {
        var index = 0
        var onlyPositionals = false
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if onlyPositionals || !argument.hasPrefix("--") || argument == "-" {
                positionals.append(argument)
                continue
            }
            if argument == "--" {
                onlyPositionals = true
                continue
            }
            var name = String(argument.dropFirst(2))
            var inlineValue: String?
            if let equals = name.firstIndex(of: "=") {
                inlineValue = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            }
            if knownSwitches.contains(name) {
                guard inlineValue == nil else { throw .usage("--\(name) takes no value", command: command) }
                switches.insert(name)
            } else if known.contains(name) {
                if let inlineValue {
                    options[name, default: []].append(inlineValue)
                } else {
                    guard index < arguments.count else { throw .usage("--\(name) needs a value", command: command) }
                    options[name, default: []].append(arguments[index])
                    index += 1
                }
            } else {
                let all = (known.union(knownSwitches)).sorted().map { "--" + $0 }.joined(separator: " ")
                throw .usage("unknown option --\(name) for `samenctl \(command)` (it takes: \(all))", command: command)
            }
        }
    }

    func value(_ name: String) -> String? { options[name]?.last }
    func values(_ name: String) -> [String] { options[name] ?? [] }
    func has(_ name: String) -> Bool { switches.contains(name) }

    /// A comma-separated list option (`--regions gent,antwerpen`), also accepting repeats.
    func list(_ name: String) -> [String]? {
        guard let values = options[name] else { return nil }
        return values.flatMap { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }.filter { !$0.isEmpty }
    }

    /// A whole-number option within `range` (nil when absent); anything else is a usage error naming the flag.
    func wholeNumber(_ name: String, in range: ClosedRange<Int>, unit: String? = nil, command: String) throws(CtlFailure) -> Int? {
        guard let text = value(name) else { return nil }
        guard let number = Int(text), range.contains(number) else {
            let what = unit.map { "whole number of \($0)" } ?? "whole number"
            throw .usage("--\(name) takes a \(what) from \(range.lowerBound) to \(range.upperBound), found '\(text.prefix(40))'",
                         command: command)
        }
        return number
    }
}

import Foundation

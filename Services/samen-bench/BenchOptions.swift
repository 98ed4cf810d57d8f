import Foundation

/// `--name value` options of the benchmark commands. An unknown flag or a value that does not parse prints the
/// command's usage and exits 2, rather than measuring something other than what was asked.
struct BenchOptions {
    private let values: [String: String]
    private let usage: String

    init(_ arguments: [String], known: Set<String>, usage: String) {
        self.usage = usage
        var values: [String: String] = [:]
        var index = 0
        while index < arguments.count {
            let name = arguments[index]
            guard known.contains(name), index + 1 < arguments.count else { BenchOptions.fail(usage) }
            values[name] = arguments[index + 1]
            index += 2
        }
        self.values = values
    }

    func string(_ name: String, default fallback: String) -> String {
        values[name] ?? fallback
    }

    /// A whole number in `1...maximum`: the bound keeps later arithmetic (seconds to nanoseconds, sizes) exact.
    func int(_ name: String, default fallback: Int, maximum: Int) -> Int {
        guard let text = values[name] else { return fallback }
        guard let value = Int(text), (1...maximum).contains(value) else { BenchOptions.fail(usage) }
        return value
    }

    /// A finite number above 0 and up to `maximum`.
    func double(_ name: String, default fallback: Double, maximum: Double) -> Double {
        guard let text = values[name] else { return fallback }
        guard let value = Double(text), value.isFinite, value > 0, value <= maximum else { BenchOptions.fail(usage) }
        return value
    }

    private static func fail(_ usage: String) -> Never {
        FileHandle.standardError.write(Data("usage: \(usage)\n".utf8))
        exit(2)
    }
}

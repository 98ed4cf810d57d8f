import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// Where samenctl (and `samen up`) write for people: standard output for results, standard error for problems.
///
/// Colour is decided once: only when standard output is a terminal and `NO_COLOR` is unset (https://no-color.org),
/// so piped output and captured test output are plain text.
public final class TextOutput: Sendable {
    public enum Color: String, Sendable {
        case green = "32", red = "31", yellow = "33", bold = "1", dim = "2"
    }

    public let colorEnabled: Bool
    /// Whether standard output is a terminal: progress lines are written only then.
    public let isTerminal: Bool
    private let standardOutput: @Sendable (String) -> Void
    private let standardError: @Sendable (String) -> Void

    public init(colorEnabled: Bool, isTerminal: Bool = false, standardOutput: @escaping @Sendable (String) -> Void,
                standardError: @escaping @Sendable (String) -> Void) {
        self.colorEnabled = colorEnabled
        self.isTerminal = isTerminal
        self.standardOutput = standardOutput
        self.standardError = standardError
    }

    /// The process's own standard output and error, unbuffered.
    public static func terminal(environment: [String: String] = ProcessInfo.processInfo.environment) -> TextOutput {
        let terminal = isatty(1) == 1
        let color = terminal && environment["NO_COLOR"] == nil && environment["TERM"] != "dumb"
        return TextOutput(colorEnabled: color, isTerminal: terminal, standardOutput: { writeAll(1, $0) }, standardError: { writeAll(2, $0) })
    }

    /// Collects what is written, for tests; `terminal` makes it behave as a terminal (progress lines).
    public static func capture(terminal: Bool = false) -> (TextOutput, CapturedText) {
        let captured = CapturedText()
        let output = TextOutput(colorEnabled: false, isTerminal: terminal,
                                standardOutput: { text in captured.out.withLock { $0 += text } },
                                standardError: { text in captured.err.withLock { $0 += text } })
        return (output, captured)
    }

    /// Writes one line (a newline is added) to standard output.
    public func print(_ line: String = "") { standardOutput(line + "\n") }

    /// Rewrites the current terminal line with `line` (no newline), only on a terminal; `endProgress` moves on.
    public func progress(_ line: String) {
        guard isTerminal else { return }
        standardOutput("\r" + line + "\u{1B}[K")
    }

    /// Ends a progress line, so that what follows starts on a line of its own.
    public func endProgress() {
        guard isTerminal else { return }
        standardOutput("\n")
    }

    /// Writes one line to standard error.
    public func printError(_ line: String) { standardError(line + "\n") }

    /// `text` in `color` when colour is on; unchanged otherwise.
    public func paint(_ text: String, _ color: Color?) -> String {
        guard colorEnabled, let color, !text.isEmpty else { return text }
        return "\u{1B}[\(color.rawValue)m\(text)\u{1B}[0m"
    }

    private static func writeAll(_ fd: Int32, _ text: String) {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                return
            }
            offset += written
        }
        bytes.removeAll()
    }
}

extension TextOutput {
    /// Text from elsewhere (a registry, an instance), safe for a terminal: control characters (escape sequences
    /// included) become '?', and it is cut at 500 characters.
    static func printable(_ text: String) -> String {
        String(text.unicodeScalars.prefix(500).map { $0.properties.generalCategory == .control ? "?" : Character($0) })
    }
}

/// What a captured `TextOutput` received.
public final class CapturedText: Sendable {
    let out = Mutex<String>("")
    let err = Mutex<String>("")
    public var standardOutput: String { out.withLock { $0 } }
    public var standardError: String { err.withLock { $0 } }
}

/// A table for people: columns aligned on the visible text, colour applied after padding.
struct Table {
    struct Cell {
        var text: String
        var color: TextOutput.Color?
        /// The text may come from a registry or an instance: made printable, so a cell cannot drive the terminal.
        init(_ text: String, _ color: TextOutput.Color? = nil) {
            self.text = TextOutput.printable(text)
            self.color = color
        }
    }

    var headers: [String]
    var rows: [[Cell]] = []

    func render(_ output: TextOutput) {
        var widths = headers.map(\.count)
        for row in rows {
            for (index, cell) in row.enumerated() where index < widths.count { widths[index] = max(widths[index], cell.text.count) }
        }
        func line(_ cells: [Cell]) -> String {
            var text = ""
            for (index, cell) in cells.enumerated() {
                let isLast = index == cells.count - 1
                let padding = isLast ? "" : String(repeating: " ", count: widths[index] - cell.text.count + 2)
                text += output.paint(cell.text, cell.color) + padding
            }
            return text
        }
        output.print(line(headers.map { Cell($0, .bold) }))
        for row in rows { output.print(line(row)) }
    }
}

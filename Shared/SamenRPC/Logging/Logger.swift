import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// Structured logs: one JSON object per line on standard error, with the request id where there is one.
///
/// Loggers are values: a service makes one at start and derives per-call ones with `with(_:_:)`; there is no
/// global logger. Log lines carry identifiers, methods, statuses and sizes, never message bodies or personal data.
public struct Logger: Sendable {
    /// Severity, in increasing order.
    public enum Level: Int, Sendable, Comparable, CaseIterable {
        case debug, info, warning, error

        public static func < (lhs: Level, rhs: Level) -> Bool { lhs.rawValue < rhs.rawValue }

        public var name: String {
            switch self {
            case .debug: "debug"
            case .info: "info"
            case .warning: "warning"
            case .error: "error"
            }
        }

        public init?(name: String) {
            guard let level = Level.allCases.first(where: { $0.name == name.lowercased() }) else { return nil }
            self = level
        }
    }

    public var minimumLevel: Level
    private var fields: [(String, String)]
    private let sink: LogSink

    /// A logger whose lines carry `service` and write to `sink` (standard error by default).
    public init(service: String, minimumLevel: Level = .info, sink: LogSink = .standardError) {
        self.minimumLevel = minimumLevel
        self.fields = [("service", service)]
        self.sink = sink
    }

    /// A logger that adds `key` = `value` to every line.
    public func with(_ key: String, _ value: String) -> Logger {
        var copy = self
        copy.fields.append((key, value))
        return copy
    }

    public func debug(_ message: @autoclosure () -> String, _ extra: [(String, String)] = []) { log(.debug, message(), extra) }
    public func info(_ message: @autoclosure () -> String, _ extra: [(String, String)] = []) { log(.info, message(), extra) }
    public func warning(_ message: @autoclosure () -> String, _ extra: [(String, String)] = []) { log(.warning, message(), extra) }
    public func error(_ message: @autoclosure () -> String, _ extra: [(String, String)] = []) { log(.error, message(), extra) }

    public func log(_ level: Level, _ message: @autoclosure () -> String, _ extra: [(String, String)] = []) {
        guard level >= minimumLevel else { return }
        var line = "{\"ts\":\"\(Logger.timestamp())\",\"level\":\"\(level.name)\""
        for (key, value) in fields + extra {
            line += ",\"\(key)\":"
            Logger.appendJSONString(value, to: &line, limit: Logger.maximumFieldScalars)
        }
        line += ",\"msg\":"
        Logger.appendJSONString(message(), to: &line, limit: Logger.maximumMessageScalars)
        line += "}\n"
        sink.write(line)
    }

    private static func timestamp() -> String {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        var tm = tm()
        var seconds = time.tv_sec
        gmtime_r(&seconds, &tm)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                      tm.tm_hour, tm.tm_min, tm.tm_sec, Int(time.tv_nsec / 1_000_000))
    }

    /// Field values and messages often quote what a peer sent (a method name, an error text); past these bounds
    /// the rest is cut and counted, so no caller can make a log line as large as its frame.
    public static let maximumFieldScalars = 256
    public static let maximumMessageScalars = 1024

    static func appendJSONString(_ value: String, to line: inout String, limit: Int = .max) {
        line += "\""
        var written = 0
        for scalar in value.unicodeScalars {
            if written == limit {
                line += "...(\(value.unicodeScalars.count - limit) more characters)\""
                return
            }
            written += 1
            switch scalar {
            case "\"": line += "\\\""
            case "\\": line += "\\\\"
            case "\n": line += "\\n"
            case "\r": line += "\\r"
            case "\t": line += "\\t"
            case _ where scalar.value < 0x20: line += String(format: "\\u%04x", scalar.value)
            default: line.unicodeScalars.append(scalar)
            }
        }
        line += "\""
    }
}

/// Where log lines go. Writes are whole lines under a lock, so lines from many threads never interleave.
public final class LogSink: Sendable {
    private let write: @Sendable (String) -> Void

    public init(_ write: @escaping @Sendable (String) -> Void) {
        self.write = write
    }

    public func write(_ line: String) { write(line) }

    public static let standardError: LogSink = {
        let lock = Mutex<Void>(())
        return LogSink { line in
            lock.withLock { _ in
                var line = line
                line.withUTF8 { _ = Glibc.write(2, $0.baseAddress, $0.count) }
            }
        }
    }()

    /// Collects lines in memory, for tests that check what was logged.
    public static func memory() -> (LogSink, @Sendable () -> [String]) {
        let lines = Mutex<[String]>([])
        return (LogSink { line in lines.withLock { $0.append(line) } }, { lines.withLock { $0 } })
    }

    /// Drops everything.
    public static let discard = LogSink { _ in }
}

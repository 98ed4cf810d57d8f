import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Synchronization
import SamenCtl
import SamenFiles
import SamenRPC

/// One child service of `samen up`: what to run and where its output goes.
struct ChildSpec: Sendable {
    var region: String
    var service: String
    var executable: String
    var arguments: [String]
    var logFile: String
    var label: String { "\(region)/\(service)" }
}

/// Starts children, restarts those that exit (compose's `restart: unless-stopped`, with a backoff), and stops them
/// all on request: SIGTERM, a bounded wait, then SIGKILL.
final class Supervisor: Sendable {
    private struct Child {
        var spec: ChildSpec
        var process: Process?
        var pid: Int32 = 0
        var startedAt = ContinuousClock.now
        var backoff = Backoff(initial: .milliseconds(500), maximum: .seconds(30), jitter: false)
        var restarts = 0
    }

    private let children: Mutex<[Child]>
    private let stopping = Atomic<Bool>(false)
    private let output: TextOutput
    private let environment: [String: String]

    init(specs: [ChildSpec], output: TextOutput, environment: [String: String]) {
        children = Mutex(specs.map { Child(spec: $0) })
        self.output = output
        self.environment = environment
    }

    var isStopping: Bool { stopping.load(ordering: .acquiring) }

    /// The running children's process ids, by label.
    var runningPIDs: [String: Int32] {
        children.withLock { children in
            Dictionary(children.filter { $0.process != nil }.map { ($0.spec.label, $0.pid) }, uniquingKeysWith: { a, _ in a })
        }
    }

    /// Starts every child; throws if one cannot be spawned at all.
    func startAll() throws {
        for index in children.withLock({ $0.indices }) { try start(index) }
    }

    private func start(_ index: Int) throws {
        guard !isStopping else { return }
        let spec = children.withLock { $0[index].spec }
        let opened: (fd: Int32, tightened: Bool)
        do { opened = try PrivateFiles.openForAppending(spec.logFile) } catch {
            throw CtlFailure("cannot open the log file \(spec.logFile): \(error.message)",
                             hint: "check that the home folder is writable, or pass --home DIR")
        }
        let log = FileHandle(fileDescriptor: opened.fd, closeOnDealloc: true)
        if opened.tightened { log.write(Data("--- samen up: this log was readable by others; made it 0600 ---\n".utf8)) }
        log.write(Data("--- samen up: starting \(spec.label) at \(ISO8601DateFormatter().string(from: Date())) ---\n".utf8))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: spec.executable)
        process.arguments = spec.arguments
        var environment = self.environment
        environment["SAMEN_PARENT_PID"] = "\(getpid())"
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = log
        process.standardError = log
        process.terminationHandler = { [weak self] finished in
            self?.exited(index, process: finished)
        }
        do {
            try process.run()
        } catch {
            throw CtlFailure("cannot start \(spec.label) (\(spec.executable)): \(error)")
        }
        try? log.close()
        children.withLock {
            $0[index].process = process
            $0[index].pid = process.processIdentifier
            $0[index].startedAt = .now
        }
    }

    private func exited(_ index: Int, process: Process) {
        let reason = process.terminationReason == .uncaughtSignal
            ? "was killed by signal \(process.terminationStatus)" : "exited with status \(process.terminationStatus)"
        let (spec, delay) = children.withLock { children -> (ChildSpec, Duration) in
            guard children[index].process === process else { return (children[index].spec, .zero) }
            children[index].process = nil
            // A child that ran for a while starts again quickly; one that keeps crashing waits longer each time.
            if ContinuousClock.now - children[index].startedAt > .seconds(30) { children[index].backoff.reset() }
            let delay = children[index].backoff.nextDelay()
            children[index].restarts += 1
            return (children[index].spec, delay)
        }
        guard !isStopping else { return }
        output.printError("samen: \(spec.label) \(reason); restarting in \(Self.describe(delay)) (log: \(spec.logFile))")
        DispatchQueue.global().asyncAfter(deadline: .now() + delay.seconds) { [self] in
            // Ctrl-C reaches the children too; a stop that began meanwhile wins over the restart.
            guard !isStopping else { return }
            do {
                try start(index)
            } catch {
                output.printError("samen: cannot restart \(spec.label): \(error)")
            }
        }
    }

    /// SIGTERM to every child, wait up to `grace` for them to drain and exit, then SIGKILL the rest.
    /// Returns the labels of the children that had to be killed.
    @discardableResult
    func stopAll(grace: Duration) async -> [String] {
        stopping.store(true, ordering: .releasing)
        for (_, pid) in runningPIDs { kill(pid, SIGTERM) }
        let deadline = ContinuousClock.now + grace
        while !runningPIDs.isEmpty && ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(50))
        }
        let stubborn = runningPIDs
        for (_, pid) in stubborn { kill(pid, SIGKILL) }
        let killDeadline = ContinuousClock.now + .seconds(5)
        while !runningPIDs.isEmpty && ContinuousClock.now < killDeadline {
            try? await Task.sleep(for: .milliseconds(50))
        }
        return stubborn.keys.sorted()
    }

    static func describe(_ duration: Duration) -> String {
        let seconds = duration.seconds
        return seconds < 1 ? "\(Int(seconds * 1000)) ms" : String(format: "%g s", seconds)
    }
}

extension Duration {
    var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}

import Foundation
#if canImport(Glibc)
import Glibc
#endif
import SamenCtl
import SamenHost

/// `samen serve <service> <flags>`: the hidden subcommand `samen up` runs as each child. It runs the service's
/// `ServiceProgram.run` and makes sure the child never outlives the launcher.
enum Serve {
    static func run(_ arguments: [String], environment: [String: String], output: TextOutput) async -> Int32 {
        guard let name = arguments.first else {
            output.printError("usage: samen serve <service> --region R --listen host:port --cert FILE --key FILE --ca FILE [flags]\n"
                + ServiceLaunchOptions.flagHelp)
            return 2
        }
        guard let program = ServiceCatalog.program(named: name) else {
            output.printError("samen serve: no service '\(name)'; known: \(ServiceCatalog.names.joined(separator: ", "))")
            return 2
        }
        let options: ServiceLaunchOptions
        do {
            options = try ServiceLaunchOptions(arguments: Array(arguments.dropFirst()))
        } catch {
            output.printError("samen serve \(name): \(error.message)")
            return 2
        }
        if let text = environment["SAMEN_PARENT_PID"], let parent = Int32(text) {
            ParentWatch.start(parent: parent)
        }
        do {
            try await program.run(options)
            return 0
        } catch {
            output.printError("samen serve \(name): \(error)")
            return 1
        }
    }
}

/// Ends this process when the launcher that started it is gone, however it went (even SIGKILL).
///
/// PR_SET_PDEATHSIG would fire when the *thread* that spawned the child exits, which for Foundation's `Process` is
/// some pool thread, so instead the child polls its parent id: once the launcher dies the child is re-parented.
/// It then sends itself SIGTERM (the service drains) and exits for sure 20 s later.
enum ParentWatch {
    static func start(parent: Int32) {
        if getppid() != parent { exit(1) }
        let queue = DispatchQueue(label: "samen.parent-watch")
        let timer = DispatchSource.makeTimerSource(queue: queue)
        timer.schedule(deadline: .now() + .milliseconds(200), repeating: .milliseconds(200))
        timer.setEventHandler {
            guard getppid() != parent else { return }
            timer.cancel()
            kill(getpid(), SIGTERM)
            queue.asyncAfter(deadline: .now() + 20) { exit(1) }
        }
        timer.resume()
        keep(timer)
    }

    private nonisolated(unsafe) static var timers: [any DispatchSourceTimer] = []
    private static func keep(_ timer: any DispatchSourceTimer) { timers.append(timer) }
}

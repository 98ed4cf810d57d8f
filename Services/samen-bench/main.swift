// samen-bench: prints performance figures as JSON lines. Not a test: nothing here asserts on time.
//   samen-bench rpc --concurrency N --payload B --seconds S   unary echo over mutual TLS to a server in another process
//   samen-bench codec [--seconds S]                          the codec against Foundation's JSON on an intake-like record
//   samen-bench memory [--connections C] [--calls N]         the server's resident memory around a burst of connections
//   samen-bench storage [--writers N] [--count N] [--seconds S] durable SQLite writes/s, with and without group commit
//   samen-bench intake [--in-flight N] [--regions 1|2] ...   intake registrations and lookups by INSZ through the mesh, in-process
//   samen-bench tolkdienst [--interpreters N] [--assignments N] ...  matching latency and assignments/s on loaded calendars
//   samen-bench trajectory [--in-flight N] [--transfers N] ... trajectory signings, writes and transfers between two regions, in-process
//   samen-bench report [--registrations N] [--trajectories N] ...   the annual report over loaded services in three regions, in-process
import Foundation
import SamenTLS

OpenSSLLifetime.keepUntilExit()
let arguments = Array(CommandLine.arguments.dropFirst())
switch arguments.first {
case "codec":
    runCodecBenchmark(arguments: Array(arguments.dropFirst()))
case "rpc":
    await runRPCBenchmark(arguments: Array(arguments.dropFirst()))
case "memory":
    await runMemoryBenchmark(arguments: Array(arguments.dropFirst()))
case "storage":
    await runStorageBenchmark(arguments: Array(arguments.dropFirst()))
case "intake":
    await runIntakeBenchmark(arguments: Array(arguments.dropFirst()))
case "tolkdienst":
    await runTolkdienstBenchmark(arguments: Array(arguments.dropFirst()))
case "trajectory":
    await runTrajectoryBenchmark(arguments: Array(arguments.dropFirst()))
case "report":
    await runReportBenchmark(arguments: Array(arguments.dropFirst()))
case "rpc-server":
    await runRPCBenchmarkServer(arguments: Array(arguments.dropFirst()))
default:
    FileHandle.standardError.write(Data("""
    usage: samen-bench rpc [--concurrency N] [--payload BYTES] [--seconds S]
           samen-bench codec [--seconds S]
           samen-bench memory [--connections C] [--calls N] [--hold-ms MS] [--payload BYTES] [--settle-ms MS]
           samen-bench storage [--writers N] [--count N] [--seconds S] [--group-commit on|off|both]
           samen-bench intake [--in-flight N] [--registrations N] [--lookups N] [--seconds S] [--regions 1|2] [--desks D]
           samen-bench tolkdienst [--interpreters N] [--assignments N] [--matches N] [--assigns N] [--in-flight N] [--seconds S]
           samen-bench trajectory [--in-flight N] [--trajectories N] [--writes N] [--transfers N] [--seconds S] [--desks D] [--counsellors C]
           samen-bench report [--registrations N] [--trajectories N] [--assignments N] [--runs N] [--in-flight N]

    """.utf8))
    exit(2)
}

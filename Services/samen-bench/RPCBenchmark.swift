func runRPCBenchmark(arguments: [String]) async { fatalError("rpc benchmark not written yet") }
func runRPCBenchmarkServer(arguments: [String]) async { fatalError("rpc benchmark not written yet") }

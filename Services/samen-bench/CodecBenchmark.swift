func runCodecBenchmark(arguments: [String]) { fatalError("codec benchmark not written yet") }

import Foundation

/// The command line of a fuzz target. Built with `-sanitize=fuzzer -DSAMEN_FUZZING` (Tests/Fuzz/run.sh) it is
/// libFuzzer's; in a plain build it replays inputs through the target's entry point (to reproduce a crash, or to
/// check a corpus) or writes the target's seed corpus:
///
///     fuzz-codec crash-1a2b3c…                 # replay one input (or every file of a directory)
///     fuzz-codec --write-seeds <directory>     # regenerate the seed corpus from the real encoders
///
/// Each target keeps a `main` of its own in both builds because SwiftPM links an executable's `main` to its
/// module's entry point; libFuzzer is then entered through `LLVMFuzzerRunDriver` rather than its own `main`.
public enum FuzzMain {
    /// The entry point libFuzzer calls with each input: the target's `LLVMFuzzerTestOneInput`.
    public typealias EntryPoint = @convention(c) (UnsafePointer<UInt8>, Int) -> CInt

    public static func run(_ entryPoint: EntryPoint, seeds: () throws -> [(name: String, bytes: [UInt8])]) -> Never {
        #if SAMEN_FUZZING
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv, entryPoint))
        #else
        let arguments = Array(CommandLine.arguments.dropFirst())
        do {
            if arguments.first == "--write-seeds" {
                guard arguments.count == 2 else { throw UsageError("--write-seeds needs one directory") }
                try writeSeeds(try seeds(), to: URL(fileURLWithPath: arguments[1]))
            } else {
                guard !arguments.isEmpty else { throw UsageError("give input files or directories to replay") }
                let count = try replay(arguments, entryPoint)
                print("replayed \(count) inputs without a crash")
            }
            exit(0)
        } catch {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            exit(2)
        }
        #endif
    }

    /// Feeds every file named (directories: every regular file in them, in name order) to the entry point.
    public static func replay(_ paths: [String], _ entryPoint: EntryPoint) throws -> Int {
        var count = 0
        for path in paths {
            for file in try files(at: URL(fileURLWithPath: path)) {
                let bytes = [UInt8](try Data(contentsOf: file))
                // libFuzzer never passes a null pointer, even for an empty input; do the same.
                var padded = bytes
                padded.append(0)
                _ = padded.withUnsafeBufferPointer { entryPoint($0.baseAddress!, bytes.count) }
                count += 1
            }
        }
        return count
    }

    private static func files(at url: URL) throws -> [URL] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw UsageError("no such file or directory: \(url.path)")
        }
        guard isDirectory.boolValue else { return [url] }
        return try FileManager.default.contentsOfDirectory(at: url, includingPropertiesForKeys: nil)
            .filter { !$0.hasDirectoryPath }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    private static func writeSeeds(_ seeds: [(name: String, bytes: [UInt8])], to directory: URL) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for seed in seeds {
            try Data(seed.bytes).write(to: directory.appendingPathComponent(seed.name))
        }
        print("wrote \(seeds.count) seeds to \(directory.path)")
    }

    struct UsageError: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }
}

/// Stops the fuzz run on a broken invariant: libFuzzer reports the trap as a crash and saves the input.
public func fuzzCheck(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String,
                      file: StaticString = #fileID, line: UInt = #line) {
    if !condition() { fatalError("fuzz invariant broken: \(message())", file: file, line: line) }
}

#if SAMEN_FUZZING
/// libFuzzer's driver, for programs that have a `main` of their own (in libclang_rt.fuzzer).
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<CInt>,
                         _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
                         _ callback: FuzzMain.EntryPoint) -> CInt
#endif

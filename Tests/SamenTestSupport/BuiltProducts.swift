import Foundation

/// The executables SwiftPM built (`samen`, `samenctl`, `samen-bench`, ...): next to the test bundle in the .build
/// folder. A test target that depends on an executable target gets it built by `swift build --build-tests`.
public enum BuiltProducts {
    private static var candidates: [URL] {
        var candidates = [Bundle.main.bundleURL, Bundle.main.bundleURL.deletingLastPathComponent()]
        if let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            candidates.append(URL(fileURLWithPath: exe).deletingLastPathComponent())
        }
        for bundle in Bundle.allBundles { candidates.append(bundle.bundleURL.deletingLastPathComponent()) }
        return candidates
    }

    /// The path of the built executable `name`.
    public static func path(_ name: String) throws -> String {
        for folder in candidates {
            let path = folder.appendingPathComponent(name).path
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        throw NotFound(message: "no built \(name) next to \(Bundle.main.bundleURL.path); the test target must depend on it, "
                           + "so that `swift build --build-tests` makes it")
    }
}

/// A built product or other prerequisite that is missing.
public struct NotFound: Error, CustomStringConvertible {
    public var message: String
    public init(message: String) { self.message = message }
    public var description: String { message }
}

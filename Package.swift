// swift-tools-version:6.0
// Samen: a service mesh for the Flemish integration and civic-integration agencies.
// No Swift package dependencies: only the toolchain and three system C libraries (OpenSSL, zlib, SQLite).
import PackageDescription

let package = Package(
    name: "Samen",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "samen-bench", targets: ["samen-bench"]),
    ],
    targets: [
        // System libraries, found through pkg-config; the Debian packages are named for a helpful error.
        .systemLibrary(name: "COpenSSL", path: "Shared/COpenSSL", pkgConfig: "openssl", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CZlib", path: "Shared/CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CLinux", path: "Shared/CLinux"),
        .systemLibrary(name: "CSQLite", path: "Shared/CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),

        // Shared: one module per concern.
        .target(name: "SamenCodec", path: "Shared/SamenCodec"),
        .target(name: "SamenWire", dependencies: ["SamenCodec", "CZlib"], path: "Shared/SamenWire"),
        .target(name: "SamenTLS", dependencies: ["COpenSSL"], path: "Shared/SamenTLS"),
        .target(name: "SamenStorage", dependencies: ["CSQLite"], path: "Shared/SamenStorage"),
        .target(name: "SamenRPC", dependencies: ["SamenWire", "SamenCodec", "SamenTLS", "COpenSSL", "CLinux"], path: "Shared/SamenRPC"),
        .target(name: "SamenContracts", dependencies: ["SamenRPC", "SamenCodec"], path: "Shared/SamenContracts"),

        // Tools.
        .executableTarget(name: "samen-bench", dependencies: ["SamenRPC", "SamenContracts", "SamenCodec", "SamenTLS"],
                          path: "Services/samen-bench"),

        // Tests.
        .testTarget(name: "SamenCodecTests", dependencies: ["SamenCodec"], path: "Tests/SamenCodecTests"),
        .testTarget(name: "SamenWireTests", dependencies: ["SamenWire", "SamenCodec"], path: "Tests/SamenWireTests"),
        .testTarget(name: "SamenTLSTests", dependencies: ["SamenTLS", "COpenSSL"], path: "Tests/SamenTLSTests"),
        .testTarget(name: "SamenStorageTests", dependencies: ["SamenStorage"], path: "Tests/SamenStorageTests"),
        .testTarget(name: "SamenRPCTests", dependencies: ["SamenRPC", "SamenContracts", "SamenTLS", "SamenWire", "SamenCodec"],
                    path: "Tests/SamenRPCTests"),
    ]
)

// swift-tools-version:6.0
// Samen: a service mesh for the Flemish integration and civic-integration agencies.
// No Swift package dependencies: only the toolchain and three system C libraries (OpenSSL, zlib, SQLite).
import PackageDescription

let package = Package(
    name: "Samen",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "samen", targets: ["samen"]),
        .executable(name: "samenctl", targets: ["samenctl"]),
        .executable(name: "samen-registry", targets: ["samen-registry"]),
        .executable(name: "samen-intake", targets: ["samen-intake"]),
        .executable(name: "samen-trajectory", targets: ["samen-trajectory"]),
        .executable(name: "samen-tolkdienst", targets: ["samen-tolkdienst"]),
        .executable(name: "samen-verenigingen", targets: ["samen-verenigingen"]),
        .executable(name: "samen-reporting", targets: ["samen-reporting"]),
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
        .target(name: "SamenFiles", path: "Shared/SamenFiles"),
        .target(name: "SamenSchema", path: "Shared/SamenSchema"),
        .target(name: "SamenWire", dependencies: ["CZlib"], path: "Shared/SamenWire"),
        .target(name: "SamenTLS", dependencies: ["COpenSSL"], path: "Shared/SamenTLS"),
        .target(name: "SamenStorage", dependencies: ["CSQLite", "COpenSSL", "SamenFiles"], path: "Shared/SamenStorage"),
        .target(name: "SamenRPC", dependencies: ["SamenWire", "SamenCodec", "SamenTLS", "COpenSSL", "CLinux"], path: "Shared/SamenRPC"),
        .target(name: "SamenReferenceData", path: "Shared/SamenReferenceData"),
        .target(name: "SamenContracts", dependencies: ["SamenRPC", "SamenCodec", "SamenTLS", "SamenReferenceData"], path: "Shared/SamenContracts"),
        .target(name: "SamenDiscovery", dependencies: ["SamenRPC", "SamenContracts", "SamenTLS"], path: "Shared/SamenDiscovery"),
        .target(name: "SamenHost", dependencies: ["SamenCodec", "SamenDiscovery", "SamenRPC", "SamenContracts", "SamenTLS", "SamenStorage", "SamenFiles", "SamenWire"],
                path: "Shared/SamenHost"),
        // The kit every agency service is built from: staff roles, acting user, audit trail, versioned and
        // idempotent writes, historical import, aggregates for reporting.
        .target(name: "SamenAgencyKit", dependencies: ["SamenCodec", "SamenDiscovery", "SamenHost", "SamenStorage", "SamenContracts", "SamenRPC", "SamenTLS", "SamenReferenceData"],
                path: "Shared/SamenAgencyKit"),

        // Services: each a library that tests drive in-process, and a thin executable over it.
        .target(name: "RegistryService", dependencies: ["SamenHost", "SamenDiscovery", "SamenStorage", "SamenContracts", "SamenRPC", "SamenTLS"],
                path: "Services/registry/RegistryService"),
        .executableTarget(name: "samen-registry", dependencies: ["RegistryService", "SamenHost", "SamenFiles"], path: "Services/registry/samen-registry"),
        .target(name: "IntakeService", dependencies: ["SamenAgencyKit", "SamenCodec", "SamenHost", "SamenStorage", "SamenContracts", "SamenRPC", "SamenTLS", "SamenReferenceData"],
                path: "Services/intake/IntakeService"),
        .executableTarget(name: "samen-intake", dependencies: ["IntakeService", "SamenHost", "SamenFiles"], path: "Services/intake/samen-intake"),
        .target(name: "TrajectoryService", dependencies: ["SamenAgencyKit", "SamenCodec", "SamenHost", "SamenStorage", "SamenContracts", "SamenRPC", "SamenTLS", "SamenReferenceData"],
                path: "Services/trajectory/TrajectoryService"),
        .executableTarget(name: "samen-trajectory", dependencies: ["TrajectoryService", "SamenHost", "SamenFiles"], path: "Services/trajectory/samen-trajectory"),
        .target(name: "TolkdienstService", dependencies: ["SamenAgencyKit", "SamenCodec", "SamenHost", "SamenStorage", "SamenContracts", "SamenRPC", "SamenTLS", "SamenReferenceData"],
                path: "Services/tolkdienst/TolkdienstService"),
        .executableTarget(name: "samen-tolkdienst", dependencies: ["TolkdienstService", "SamenHost", "SamenFiles"], path: "Services/tolkdienst/samen-tolkdienst"),
        .target(name: "VerenigingenService", dependencies: ["SamenAgencyKit", "SamenCodec", "SamenHost", "SamenStorage", "SamenContracts", "SamenRPC", "SamenTLS", "SamenReferenceData"],
                path: "Services/verenigingen/VerenigingenService"),
        .executableTarget(name: "samen-verenigingen", dependencies: ["VerenigingenService", "SamenHost", "SamenFiles"], path: "Services/verenigingen/samen-verenigingen"),
        .target(name: "ReportingService", dependencies: ["SamenAgencyKit", "SamenHost", "SamenDiscovery", "SamenContracts", "SamenRPC", "SamenReferenceData"],
                path: "Services/reporting/ReportingService"),
        .executableTarget(name: "samen-reporting", dependencies: ["ReportingService", "SamenHost"], path: "Services/reporting/samen-reporting"),

        // Operator tools: the admin CLI and the local launcher, each a library plus a thin executable.
        .target(name: "SamenCtl", dependencies: ["RegistryService", "IntakeService", "TrajectoryService", "TolkdienstService", "VerenigingenService", "ReportingService", "SamenAgencyKit", "SamenHost", "SamenStorage", "SamenReferenceData", "SamenDiscovery", "SamenContracts", "SamenRPC", "SamenTLS", "SamenCodec", "SamenFiles", "SamenSchema"],
                path: "Services/samenctl/SamenCtl"),
        .executableTarget(name: "samenctl", dependencies: ["SamenCtl", "SamenFiles", "SamenTLS"], path: "Services/samenctl/samenctl"),
        .target(name: "SamenLauncher", dependencies: ["SamenHost", "SamenCtl", "SamenContracts", "RegistryService", "SamenRPC", "SamenTLS", "SamenFiles"],
                path: "Services/samen/SamenLauncher"),
        .executableTarget(name: "samen", dependencies: ["SamenLauncher", "SamenFiles", "SamenTLS"], path: "Services/samen/samen"),

        // Tools.
        .executableTarget(name: "samen-bench", dependencies: ["SamenRPC", "SamenContracts", "SamenCodec", "SamenTLS", "SamenStorage", "SamenHost", "SamenReferenceData",
                                                       "RegistryService", "IntakeService", "TrajectoryService", "TolkdienstService",
                                                       "VerenigingenService", "ReportingService", "SamenDiscovery"],
                          path: "Services/samen-bench"),

        // Tests, and the fixtures they share (a throwaway CA, servers, clients, registries, assertions).
        .target(name: "SamenTestSupport", dependencies: ["SamenRPC", "SamenTLS", "SamenStorage", "SamenAgencyKit", "SamenContracts", "SamenReferenceData", "SamenHost", "RegistryService", "IntakeService",
                                                  "TrajectoryService", "TolkdienstService", "VerenigingenService", "ReportingService"],
                path: "Tests/SamenTestSupport"),
        .testTarget(name: "SamenReferenceDataTests", dependencies: ["SamenReferenceData"], path: "Tests/SamenReferenceDataTests"),
        .testTarget(name: "SamenAgencyKitTests", dependencies: ["SamenTestSupport", "SamenAgencyKit", "SamenStorage", "SamenContracts", "SamenRPC", "SamenTLS", "SamenReferenceData"],
                    path: "Tests/SamenAgencyKitTests"),
        .testTarget(name: "IntakeServiceTests", dependencies: ["SamenTestSupport", "IntakeService", "samen-intake", "SamenHost", "SamenAgencyKit", "SamenContracts", "SamenRPC", "SamenTLS", "SamenReferenceData"],
                    path: "Tests/IntakeServiceTests"),
        .testTarget(name: "TrajectoryServiceTests", dependencies: ["SamenTestSupport", "TrajectoryService", "samen-trajectory", "IntakeService", "SamenHost", "SamenAgencyKit", "SamenStorage", "SamenContracts", "SamenRPC",
                                                            "SamenTLS", "SamenReferenceData"],
                    path: "Tests/TrajectoryServiceTests"),
        .testTarget(name: "VerenigingenServiceTests", dependencies: ["SamenTestSupport", "VerenigingenService", "SamenHost", "SamenAgencyKit", "SamenStorage", "SamenContracts",
                                                              "SamenRPC", "SamenTLS", "SamenReferenceData"],
                    path: "Tests/VerenigingenServiceTests"),
        .testTarget(name: "TolkdienstServiceTests", dependencies: ["SamenTestSupport", "TolkdienstService", "samen-tolkdienst", "ReportingService", "SamenHost", "SamenDiscovery", "RegistryService", "SamenAgencyKit", "SamenStorage", "SamenContracts", "SamenRPC",
                                                            "SamenTLS", "SamenReferenceData"],
                    path: "Tests/TolkdienstServiceTests"),
        .testTarget(name: "ReportingServiceTests", dependencies: ["SamenTestSupport", "ReportingService", "SamenHost", "SamenContracts", "SamenRPC",
                                                           "SamenReferenceData"],
                    path: "Tests/ReportingServiceTests"),
        .testTarget(name: "SamenCodecTests", dependencies: ["SamenCodec"], path: "Tests/SamenCodecTests"),
        .testTarget(name: "SamenSchemaTests", dependencies: ["SamenSchema", "SamenCodec"], path: "Tests/SamenSchemaTests"),
        .testTarget(name: "SamenWireTests", dependencies: ["SamenWire", "SamenCodec"], path: "Tests/SamenWireTests"),
        .testTarget(name: "SamenTLSTests", dependencies: ["SamenTLS", "COpenSSL"], path: "Tests/SamenTLSTests"),
        .testTarget(name: "SamenStorageTests", dependencies: ["SamenStorage", "SamenFiles", "SamenTestSupport", "CSQLite"], path: "Tests/SamenStorageTests"),
        .testTarget(name: "RegistryServiceTests", dependencies: ["SamenTestSupport", "RegistryService", "SamenHost", "SamenDiscovery", "SamenContracts", "SamenRPC", "SamenTLS"],
                    path: "Tests/RegistryServiceTests"),
        .testTarget(name: "SamenDiscoveryTests", dependencies: ["SamenTestSupport", "SamenDiscovery", "SamenHost", "RegistryService", "SamenContracts", "SamenRPC", "SamenTLS"],
                    path: "Tests/SamenDiscoveryTests"),
        .testTarget(name: "SamenCtlTests", dependencies: ["SamenTestSupport", "SamenCtl", "SamenAgencyKit", "samenctl", "SamenHost", "RegistryService", "SamenContracts", "SamenRPC", "SamenTLS"],
                    path: "Tests/SamenCtlTests"),
        .testTarget(name: "SamenLauncherTests", dependencies: ["SamenTestSupport", "SamenLauncher", "SamenAgencyKit", "samen", "samenctl", "SamenHost", "SamenContracts", "SamenRPC", "SamenTLS"],
                    path: "Tests/SamenLauncherTests"),
        .testTarget(name: "SamenRPCTests", dependencies: ["SamenTestSupport", "samen-bench", "SamenReferenceData", "SamenRPC", "SamenContracts", "SamenTLS", "SamenWire", "SamenCodec", "COpenSSL"],
                    path: "Tests/SamenRPCTests"),

        // Fuzz targets. Tests/Fuzz/run.sh builds them one product at a time with -sanitize=fuzzer,address and
        // -DSAMEN_FUZZING, and their `main` hands over to libFuzzer; in a plain build the same `main` replays inputs
        // through the target's entry point, or writes its seed corpus.
        .target(name: "FuzzSupport", dependencies: ["SamenWire"], path: "Tests/Fuzz/FuzzSupport"),
        .executableTarget(name: "fuzz-frame-reader", dependencies: ["FuzzSupport", "SamenWire"],
                          path: "Tests/Fuzz/fuzz-frame-reader", exclude: ["corpus", "fuzz.dict"]),
        .executableTarget(name: "fuzz-hello", dependencies: ["FuzzSupport", "SamenWire"],
                          path: "Tests/Fuzz/fuzz-hello", exclude: ["corpus"]),
        .executableTarget(name: "fuzz-request-head", dependencies: ["FuzzSupport", "SamenWire", "SamenRPC"],
                          path: "Tests/Fuzz/fuzz-request-head", exclude: ["corpus"]),
        .executableTarget(name: "fuzz-codec", dependencies: ["FuzzSupport", "SamenCodec", "SamenContracts", "SamenRPC"],
                          path: "Tests/Fuzz/fuzz-codec", exclude: ["corpus", "fuzz.dict"]),
    ]
)

// swift-tools-version:6.1
// The module list is the architecture: see ../shared/DESIGN.md ("Targets") for the edges that must never exist.
import PackageDescription

let grdb = Target.Dependency.product(name: "GRDB", package: "GRDB.swift")
let sqlite = Target.Dependency.product(name: "GRDBSQLite", package: "GRDB.swift")
let crypto = Target.Dependency.product(name: "Crypto", package: "swift-crypto")
let logging = Target.Dependency.product(name: "Logging", package: "swift-log")
let argumentParser = Target.Dependency.product(name: "ArgumentParser", package: "swift-argument-parser")
let yams = Target.Dependency.product(name: "Yams", package: "Yams")
let hummingbird = Target.Dependency.product(name: "Hummingbird", package: "hummingbird")
let nioCore = Target.Dependency.product(name: "NIOCore", package: "swift-nio")
let httpTypes = Target.Dependency.product(name: "HTTPTypes", package: "swift-http-types")
let nioHTTPTypes = Target.Dependency.product(name: "NIOHTTPTypes", package: "swift-nio-extras")
let webSocket = Target.Dependency.product(name: "HummingbirdWebSocket", package: "hummingbird-websocket")

let package = Package(
    name: "wsim",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "wsim", targets: ["wsim"]),
        .executable(name: "wsim-bench", targets: ["wsim-bench"]),
        .library(name: "AWSSim", targets: ["AWSSim"]),
    ],
    // The library product AWSSim's dependencies (GRDB, swift-crypto, swift-log) take `from:` ranges, so a package can
    // embed it next to its own releases of them; Hummingbird, hummingbird-websocket, ArgumentParser and Yams, used by
    // the tools only, stay exact. (Package.resolved is not kept: on this machine's package mirror each range holds
    // one release, so every build resolves the same versions.)
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", exact: "2.28.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket", exact: "2.8.1"),
    ],
    targets: [
        // Simulated time, the scheduler, seeded randomness, IDs and the trace digest. Depends on nothing.
        .target(name: "SimKernel"),
        // What the worker needs from AWS: protocols, request and result values, AWSError.
        .target(name: "AWSPorts", dependencies: ["SimKernel"]),
        // The simulated AWS services over one SQLite database.
        .target(name: "AWSSim", dependencies: ["AWSPorts", "SimKernel", grdb, sqlite, crypto]),
        // The session worker (filled by the worker issue). Never imports AWSSim, GRDB or CGit2.
        // The messages Hermes and the worker exchange: work messages, claim requests, responses, id rules.
        .target(name: "Messages", dependencies: ["SimKernel"]),
        .target(name: "Worker", dependencies: ["Messages", "AWSPorts", "SimKernel", logging, crypto]),
        // libgit2 from Debian's libgit2-dev through a shim header.
        .systemLibrary(name: "CGit2", pkgConfig: "libgit2", providers: [.apt(["libgit2-dev"])]),
        .target(name: "GitWorkspace", dependencies: ["Worker", "CGit2"]),
        .target(name: "Fakes", dependencies: ["Worker"]),
        .target(name: "Hermes", dependencies: ["Messages", "AWSPorts", "SimKernel", logging]),
        // Composition root: wires everything, runs scenarios, writes reports.
        .target(
            name: "Simulation",
            dependencies: ["SimKernel", "AWSPorts", "AWSSim", "Messages", "Worker", "GitWorkspace", "Fakes", "Hermes", yams, logging, crypto]
        ),
        // `wsim serve`: the AWS wire protocols in front of the simulated services (an adapter: no behaviour of its
        // own), the admin API and the wall or manual clock. The only module besides `wsim` that uses Hummingbird.
        .target(name: "HTTPFront", dependencies: ["Simulation", "AWSSim", "AWSPorts", "SimKernel", hummingbird, webSocket, nioCore, nioHTTPTypes, httpTypes, logging]),
        .executableTarget(name: "wsim", dependencies: ["Simulation", "HTTPFront", argumentParser]),
        // Benchmarks read the wall clock, so they live outside Sources/ (the core never does).
        .executableTarget(
            name: "wsim-bench",
            dependencies: ["AWSSim", "SimKernel", "AWSPorts", "Simulation", "Messages", "Worker", grdb, sqlite],
            path: "Benchmarks/wsim-bench"
        ),

        .testTarget(name: "SimKernelTests", dependencies: ["SimKernel"]),
        .testTarget(name: "AWSSimTests", dependencies: ["AWSSim", "AWSPorts", "SimKernel", grdb]),
        .testTarget(name: "GitWorkspaceTests", dependencies: ["GitWorkspace", "Worker", "SimKernel"]),
        .testTarget(name: "MessagesTests", dependencies: ["Messages", "SimKernel"]),
        .testTarget(name: "WorkerTests", dependencies: ["Worker", "Messages", "AWSPorts", "SimKernel"]),
        .testTarget(name: "FakesTests", dependencies: ["Fakes", "Worker", "SimKernel"]),
        .testTarget(name: "HermesTests", dependencies: ["Hermes", "Messages", "AWSSim", "AWSPorts", "SimKernel"]),
        .testTarget(
            name: "SimulationTests",
            dependencies: ["Simulation", "AWSSim", "AWSPorts", "GitWorkspace", "Messages", "Worker", "Fakes", "SimKernel", logging, grdb]
        ),
        .testTarget(name: "HTTPFrontTests", dependencies: ["HTTPFront", "Simulation", "AWSSim", "AWSPorts", "SimKernel", grdb]),
        .testTarget(name: "wsimTests", dependencies: ["wsim"], exclude: ["Schemas"]),
    ]
)

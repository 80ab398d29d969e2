// swift-tools-version:6.0
import PackageDescription

let package = Package(
  name: "pai",
  platforms: [.macOS(.v14)],
  products: [
    .executable(name: "pai", targets: ["pai"])
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
    .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.0.0"),
    .package(url: "https://github.com/apple/swift-crypto", from: "3.0.0"),
    .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0"),
    .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
    .package(url: "https://github.com/vapor/multipart-kit", from: "4.7.0"),
    .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.0.0"),
    .package(url: "https://github.com/apple/swift-http-types", from: "1.0.0"),
  ],
  targets: [
    // System libraries: module map + pkg-config, nothing else.
    .systemLibrary(
      name: "CLibzip", pkgConfig: "libzip",
      providers: [.apt(["libzip-dev"])]),
    .systemLibrary(
      name: "CLibxml2", pkgConfig: "libxml-2.0",
      providers: [.apt(["libxml2-dev"])]),

    // Stage 1: the package, its parts and the streamed cells.
    .target(
      name: "XLSX", dependencies: ["CLibzip", "CLibxml2"],
      // The SAX callbacks touch the handler's state for every element;
      // dynamic exclusivity checks on those accesses cost more than the
      // parse. The handlers are never re-entered, so static checks suffice.
      swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]),
    // Stage 3: the plan model and its measures; no files, no XML.
    .target(name: "Plan"),
    // Stage 2: schemas as data, template recognition, typed cells, rules.
    .target(name: "Schema", dependencies: ["XLSX", "Plan"]),
    // Stage 4: the inbox as a drop box, checksums, and (later) the ledger.
    .target(
      name: "Ledger",
      dependencies: [
        "XLSX", "Schema", "Plan", .product(name: "GRDB", package: "GRDB.swift"),
        .product(name: "Crypto", package: "swift-crypto"),
      ]),
    // Stage 5: the run as a library — receive, validate, record, resolve,
    // measure, write — for the command line and any other front end.
    .target(name: "Corrida", dependencies: ["XLSX", "Schema", "Plan", "Ledger", "Reports"]),
    // The web drop box (`pai servir`): keys, routes, uploads; the run itself
    // stays in Corrida.
    .target(
      name: "Portal",
      dependencies: [
        "XLSX", "Schema", "Plan", "Ledger", "Reports", "Plantillas", "Corrida",
        .product(name: "Hummingbird", package: "hummingbird"),
        .product(name: "Logging", package: "swift-log"),
        .product(name: "MultipartKit", package: "multipart-kit"),
        .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        .product(name: "HTTPTypes", package: "swift-http-types"),
      ]),
    // Spanish wording of everything a user reads.
    .target(
      name: "Reports",
      dependencies: [
        "XLSX", "Schema", "Plan", "Ledger", .product(name: "Mustache", package: "swift-mustache"),
      ]),
    // The templates offices fill, written from `schemas/`: check columns,
    // validations, instructions, and the previous corte carried forward.
    .target(name: "Plantillas", dependencies: ["XLSX", "Schema", "Plan", "Reports"]),
    // The command line.
    .executableTarget(
      name: "pai",
      dependencies: [
        "XLSX", "Schema", "Plan", "Ledger", "Reports", "Plantillas", "Corrida", "Portal",
        .product(name: "Logging", package: "swift-log"),
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]),
    // Throughput and memory figures; never part of `swift test`.
    .executableTarget(name: "pai-bench", dependencies: ["XLSX", "CLibzip"]),
    // libFuzzer targets for the reader, the annotator and the validator
    // (scripts/fuzz.sh); built plainly it replays a corpus.
    .executableTarget(name: "pai-fuzz", dependencies: ["XLSX", "Schema", "Plan"]),

    // Helpers several test targets share.
    .target(name: "PAITestSupport", dependencies: ["XLSX"], path: "Tests/PAITestSupport"),
    .testTarget(name: "PlanTests", dependencies: ["Plan"]),
    .testTarget(name: "CorridaTests", dependencies: ["Corrida", "Ledger", "Schema", "Plan", "XLSX", "PAITestSupport"]),
    // Fixtures/ holds a ledger and the script that made it, read by path.
    .testTarget(
      name: "LedgerTests", dependencies: ["Ledger", "Schema", "Plan", "CLibzip", "PAITestSupport"],
      exclude: ["Fixtures"]),
    // Runs the built `pai` on the example inbox; needs the executable built.
    .testTarget(name: "paiEndToEndTests", dependencies: ["pai", "Ledger", "XLSX", "PAITestSupport"]),
    .testTarget(
      name: "PortalTests",
      dependencies: [
        "Portal", "Corrida", "Ledger", "Schema", "Plan", "Reports", "Plantillas", "PAITestSupport",
        .product(name: "Hummingbird", package: "hummingbird"),
        .product(name: "HummingbirdTesting", package: "hummingbird"),
        .product(name: "HTTPTypes", package: "swift-http-types"),
        .product(name: "Logging", package: "swift-log"),
      ]),
    .testTarget(name: "SchemaTests", dependencies: ["Schema", "Reports", "XLSX", "Plan"]),
    .testTarget(name: "ReportsTests", dependencies: ["Reports", "Plan", "Schema", "XLSX"]),
    .testTarget(name: "PlantillasTests", dependencies: ["Plantillas", "Reports", "Schema", "XLSX", "Plan", "Ledger"]),
    .testTarget(
      name: "XLSXTests", dependencies: ["XLSX", "Reports"],
      resources: [.copy("Fixtures")]),
  ]
)

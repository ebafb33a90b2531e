// swift-tools-version:6.1
import PackageDescription

// Module boundaries are the architecture: pure modules (Charset, MIME) depend on no I/O,
// network or database module, and the compiler enforces it through this file.
let package = Package(
    name: "maildesk",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "maildesk", targets: ["maildesk"]),
        .library(name: "MIME", targets: ["MIME"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/swiftcsv/SwiftCSV", from: "0.10.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/swhitty/FlyingFox", from: "0.27.1")
    ],
    targets: [
        // libxml2's headers clash with Foundation's ICU when imported into Swift (shared/TRAPS.md):
        // CHTMLText includes them in C only and exposes a plain C function.
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        .target(name: "CHTMLText", dependencies: ["CLibXML2"]),

        // Charset decoding through glibc iconv: labels, aliases, fallbacks.
        .target(name: "Charset"),

        // The MIME / RFC 5322 parser: bytes in, a Message value out. No I/O, no logging.
        .target(
            name: "MIME",
            dependencies: [
                "Charset",
                "CHTMLText",
                .product(name: "Crypto", package: "swift-crypto")
            ]
        ),

        // Threading decisions: reply tokens, subject normalisation, matching rules. Pure.
        .target(
            name: "Threading",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")]
        ),

        // The one owner of SQL: schema, migrations, records, and writes named after their invariants.
        .target(
            name: "Store",
            dependencies: [
                "ThreadFields", "FastJSON", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift")
            ]),

        // libcurl, imported by exactly one Swift module (Curl), as GRDB does with SQLite.
        .systemLibrary(name: "CCurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .target(name: "Curl", dependencies: ["CCurl"]),

        // An IMAP mailbox over libcurl: UID SEARCH, URL fetch by UID, flags and moves.
        .target(name: "IMAP", dependencies: ["Curl"]),

        // The new text of a reply mail (quotes, attributions, client separators, signatures removed; plain text
        // and HTML) and the #commands at its top. Pure: the HTML work is C in CHTMLText.
        .target(name: "ReplyText", dependencies: ["CHTMLText", "ThreadFields"]),

        // The values a thread's fields take (kind, feedback type, priority, status), defined once. Pure.
        .target(name: "ThreadFields"),

        // Message classification: tokens for Chinese and English, logistic regression, language, rating, priority signals. Pure.
        // Optimised in debug builds too: the tests and the debug CLI train on the 4,547 training examples, and
        // unoptimised that takes four times as long (15 s instead of 3.7 s for `classifier evaluate`).
        .target(
            name: "Classification", dependencies: ["ReplyText", "ThreadFields"],
            swiftSettings: [.unsafeFlags(["-O"], .when(configuration: .debug))]),

        // Deciding threads: rules from config/rules.toml, the classifier and priority signals; and who owns them.
        // Pure: the pipeline supplies facts and loads.
        .target(name: "Routing", dependencies: ["Classification", "MIME", "FastJSON", "ThreadFields"]),

        // JSON maildesk writes and reads back itself, by hand (JSONEncoder costs more than the parse). Pure.
        .target(name: "FastJSON"),

        // Outbound mail as bytes: RFC 5322 headers (folded, RFC 2047, injection-proof), QP/base64 bodies,
        // multipart/alternative. Pure.
        .target(name: "Compose"),

        // Mustache templates per locale (templates/<locale>/<name>.txt|.html), with a checker.
        .target(name: "Templates", dependencies: [.product(name: "Mustache", package: "swift-mustache")]),

        // Sending stored messages over SMTP (libcurl) or into a folder.
        .target(name: "SMTP", dependencies: ["Curl", "FastJSON"]),

        // A local Maildir as a mail source.
        .target(name: "Maildir"),

        // The stages: fetch → store raw → parse → thread → classify → assign → answer → send.
        .target(
            name: "Pipeline",
            dependencies: [
                "MIME", "Store", "Threading", "Maildir", "IMAP", "Curl", "Config", "Routing", "Classification",
                "Compose", "Templates", "SMTP", "ReplyText", "Care", "Occasions", "FollowUp", "FastJSON",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log")
            ]
        ),

        // The care calendar: Western and Chinese lunar holidays, solar terms, customer birthdays. Pure: Foundation only.
        .target(name: "Occasions"),

        // Care mail decisions: customer records from a CSV, campaigns' due times across time zones, opt-out words.
        // Pure: the pipeline supplies customers and the clock.
        .target(name: "Care", dependencies: ["Occasions", "Config", .product(name: "SwiftCSV", package: "SwiftCSV")]),

        // Follow-up decisions: business time in a team's hours and holidays, SLA timers computed from a thread's
        // history, survey answers read from a reply. Pure: the pipeline supplies histories and the clock.
        .target(name: "FollowUp", dependencies: ["Config", "Occasions", "Classification"]),
        // `maildesk report`: the store's figures laid out as text, CSV, JSON and a self-contained HTML page with
        // SVG charts; complaint topics through Classification's tokens. Reads the store, writes nothing.
        .target(name: "Reporting", dependencies: ["Store", "Classification"]),
        // `maildesk status` and the daemon's `[http]` /healthz and /metrics: the store's figures judged against
        // `[status]`. Reads the store, writes nothing.
        .target(
            name: "Monitoring",
            dependencies: [
                "Store", "Config", "Classification", "Threading",
                .product(name: "FlyingFox", package: "FlyingFox")
            ]),

        // Loads and validates config/maildesk.toml and mailboxes/*.toml; errors name file:line and the fix.
        .target(
            name: "Config",
            dependencies: [
                "Occasions", "Curl", "ThreadFields", "Routing", .product(name: "TOMLKit", package: "TOMLKit")
            ]),

        .executableTarget(
            name: "maildesk",
            dependencies: [
                "MIME", "Pipeline", "Store", "Config", "Classification", "Routing", "Templates", "SMTP", "Occasions",
                "Care",
                "Reporting", "Monitoring", "Threading",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle")
            ]
        ),

        // Helpers shared by test targets (growth ratios in thread CPU time).
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "CharsetTests", dependencies: ["Charset"]),
        .testTarget(name: "CareTests", dependencies: ["Care", "Occasions", "Config"]),
        .testTarget(name: "FollowUpTests", dependencies: ["FollowUp", "Config", "Occasions", "ReplyText"]),
        .testTarget(
            name: "ConfigTests",
            dependencies: ["TestSupport", "Config", "Occasions", .product(name: "TOMLKit", package: "TOMLKit")]),
        .testTarget(name: "MonitoringTests", dependencies: ["TestSupport", "Monitoring", "Store", "Config"]),
        .testTarget(name: "ThreadingTests", dependencies: ["Threading"]),
        .testTarget(name: "FastJSONTests", dependencies: ["FastJSON"]),
        .testTarget(name: "IMAPTests", dependencies: ["TestSupport", "IMAP", "Curl", "CCurl"]),
        .testTarget(name: "ClassificationTests", dependencies: ["TestSupport", "Classification"]),
        // Fixtures: client replies and the expected text for the shared email_reply_parser corpus.
        .testTarget(name: "ReplyTextTests", dependencies: ["ReplyText", "TestSupport"], exclude: ["Fixtures"]),
        // Report figures against hand-computed ones on a fixture store; the HTML page in headless Chromium.
        .testTarget(
            name: "ReportingTests",
            dependencies: [
                "Reporting", "Store", "Classification", "TestSupport",
                .product(name: "GRDB", package: "GRDB.swift")
            ],
            exclude: ["png_stats.py"]),
        .testTarget(name: "RoutingTests", dependencies: ["TestSupport", "Routing", "Config", "Classification", "MIME"]),
        .testTarget(name: "OutboundTests", dependencies: ["TestSupport", "Compose", "Templates", "MIME", "SMTP"]),
        .testTarget(
            name: "PipelineTests",
            dependencies: [
                "TestSupport", "Pipeline", "Store", "Config", "MIME", "Threading", "Care", "Occasions", "FollowUp",
                .product(name: "GRDB", package: "GRDB.swift")
            ]
        ),
        .testTarget(
            name: "MIMETests",
            dependencies: ["MIME", "TestSupport"],
            exclude: ["Fixtures", "make_fixtures.py"]
        ),
        .testTarget(
            name: "OccasionsTests",
            dependencies: ["TestSupport", "Occasions"],
            exclude: ["Fixtures", "make_lunar_table.py"]
        ),
        // Runs the built `maildesk` binary and checks stdout, stderr and exit codes.
        .testTarget(
            name: "CLITests",
            dependencies: ["maildesk", "SMTP", "TestSupport", .product(name: "GRDB", package: "GRDB.swift")])
    ],
    swiftLanguageModes: [.v6]
)

import ArgumentParser
import Foundation
import Glibc
import MIME

struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure maildesk's speed (a benchmark, not a test).",
        subcommands: [
            BenchParse.self, BenchIngest.self, BenchThreads.self, BenchClassifier.self, BenchSend.self,
            BenchReport.self,
            BenchCare.self
        ]
    )
}

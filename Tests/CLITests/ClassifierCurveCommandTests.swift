import Foundation
import TestSupport
import Testing

/// `classifier curve` on a small labelled set: the subset column, and the mistakes it refuses with the fix.
@Suite("classifier curve command")
struct ClassifierCurveCommandTests {
    /// The first `count` lines of a repository JSONL file, copied into `folder` under the same name.
    func copy(_ path: String, lines count: Int, to folder: URL) throws {
        let text = try String(contentsOf: CLI.repository.appendingPathComponent(path), encoding: .utf8)
        let name = URL(fileURLWithPath: path).lastPathComponent
        let head = text.split(separator: "\n").prefix(count).joined(separator: "\n") + "\n"
        try head.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }

    @Test func scoresASubsetAndRefusesOneThatMatchesNothing() throws {
        let root = try TemporaryFolder.make("maildesk-curve")
        let training = root.appendingPathComponent("training"), deployment = root.appendingPathComponent("set")
        for folder in [training, deployment] {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        }
        try copy("config/training/en.jsonl", lines: 400, to: training)
        try copy("Benchmarks/classifier/deployment/en.jsonl", lines: 40, to: deployment)
        let common = ["classifier", "curve", "--data", training.path, "--deployment", deployment.path, "--runs", "2"]

        let curve = try CLI.run(common + ["--steps", "0,10", "--subset", "bw$"], in: root)
        #expect(curve.status == 0, "\(curve.stderr)")
        #expect(curve.stdout.contains("subset (held out)"), "\(curve.stdout)")
        // Each scope prints its two steps with a subset figure: all, and bw; tb's held-out mails hold no bw.
        let rows = curve.stdout.split(separator: "\n").filter { $0.drop { $0 == " " }.first?.isNumber == true }
        #expect(rows.count == 6, "\(curve.stdout)")
        #expect(rows.filter { $0.hasSuffix("   -") }.count == 2, "\(curve.stdout)")

        let nothing = try CLI.run(common + ["--subset", "^nomatch"], in: root)
        #expect(nothing.status == 65)
        #expect(nothing.stderr.contains("--subset '^nomatch' matches none of the 40 mail ids in"), "\(nothing.stderr)")
        let broken = try CLI.run(common + ["--subset", "("], in: root)
        #expect(broken.status == 64)
        #expect(broken.stderr.contains("--subset must be a regular expression"), "\(broken.stderr)")
    }
}

@testable import Config
import Testing

/// Key positions scanned from TOML text, and the suggestions built on key names.
@Suite struct KeyLineIndexTests {
    static let source = """
        # a = 1
        top = "x = 1" # b = 2
        a.b."c.d" = 1
        "quoted key" = 'y'
        long = \"\"\"
        fake = 1
        \"\"\"
        list = [
          1, # x = 2
          { inner = 3 },
        ]
        [t]
        k = { x = 1, y = { z = 2 } }
        [[arr]]
        e = 5
        [ 'q r' . s ]
        after = 6
        [[arr]]
        e = 7
        """

    @Test(
        arguments: [
            (["top"], 2), (["a"], 3), (["a", "b", "c.d"], 3), (["quoted key"], 4), (["long"], 5), (["fake"], nil),
            (["list"], 8), (["list", "inner"], 10), (["t"], 12), (["t", "k", "x"], 13), (["t", "k", "y", "z"], 13),
            (["arr", "0", "e"], 15), (["arr", "1", "e"], 19), (["arr", "1"], 18), (["arr"], 14), (["q r", "s"], 16),
            (["q r", "s", "after"], 17), (["t", "nothing"], 12)
        ] as [([String], Int?)])
    func findsTheLine(_ path: [String], _ line: Int?) {
        #expect(KeyLineIndex(source: Self.source).line(for: path) == line)
    }

    @Test(
        arguments: [
            ("adress", "address"), ("Address", "address"), ("max-parts", "max_parts"), ("naem", "name"),
            ("interval_seconds", "interval"), ("after_imp", "after_import"), ("id", nil), ("zzz", nil)
        ] as [(String, String?)])
    func suggests(_ word: String, _ expected: String?) {
        let candidates = ["name", "address", "max_parts", "interval", "after_import", "kind"]
        #expect(Suggestions.closest(to: word, among: candidates) == expected)
    }
}

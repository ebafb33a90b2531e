import ArgumentParser
import MIME

/// The parser's limits, overridable per run.
struct ParserLimitOptions: ParsableArguments {
    @Option(help: "Largest message parsed, in bytes; the rest is kept as an undecoded attachment.")
    var maxMessageBytes: Int = Limits.default.maxMessageBytes
    @Option(help: "Deepest MIME nesting parsed.")
    var maxDepth: Int = Limits.default.maxDepth
    @Option(help: "Most MIME parts parsed in one message.")
    var maxParts: Int = Limits.default.maxParts
    @Option(help: "Most header fields parsed in one header section.")
    var maxHeaderFields: Int = Limits.default.maxHeaderFields

    var limits: Limits {
        var l = Limits()
        l.maxMessageBytes = maxMessageBytes
        l.maxDepth = maxDepth
        l.maxParts = maxParts
        l.maxHeaderFields = maxHeaderFields
        return l
    }

    func validate() throws {
        for (name, value) in [
            ("--max-message-bytes", maxMessageBytes), ("--max-depth", maxDepth),
            ("--max-parts", maxParts), ("--max-header-fields", maxHeaderFields)
        ] where value < 1 {
            throw ValidationError("\(name) must be at least 1 (got \(value)).")
        }
    }
}

/// Parsing of a mailbox file's enumerated and structured values: `url`, `kind`, `after_import`.
enum MailboxFields {
    /// The URL's scheme, lowercased, when it has a valid one (`maildir:x` → `maildir`).
    static func scheme(ofURL url: String) -> String? {
        guard let colon = url.firstIndex(of: ":") else { return nil }
        let scheme = url[..<colon]
        guard let first = scheme.unicodeScalars.first, FieldChecks.isASCIILetter(first),
            scheme.unicodeScalars.allSatisfy({
                FieldChecks.isASCIILetter($0) || FieldChecks.isDigit($0) || $0 == "+" || $0 == "-" || $0 == "."
            })
        else { return nil }
        return scheme.lowercased()
    }

    /// The source a `url` value names, or the problem; IMAP URLs are never echoed (they may carry a password).
    static func source(fromURL url: String) -> Result<MailboxSource, ConfigProblem> {
        let example = "e.g. url = \"maildir:mailboxes/support\""
        guard let scheme = scheme(ofURL: url), let colon = url.firstIndex(of: ":") else {
            var message = "'url' must start with a scheme, \(example)"
            if FieldChecks.path("url", url) == nil {
                message += " — did you mean \(Suggestions.quoted("maildir:" + url))?"
            }
            return .failure(ConfigProblem(message))
        }
        let rest = String(url[url.index(after: colon)...])
        switch scheme {
        case "maildir":
            if rest.isEmpty { return .failure(ConfigProblem("'url' needs a folder after maildir:, \(example)")) }
            if rest.hasPrefix("//") {
                return .failure(ConfigProblem(
                    "'url' is maildir:PATH, without //: \(example), or maildir:/var/mail/support for an absolute path"))
            }
            if let problem = FieldChecks.path("url", rest) { return .failure(ConfigProblem(problem)) }
            return .success(.maildir(path: rest))
        case "imap", "imaps":
            return .failure(ConfigProblem(
                "IMAP mailboxes are not supported yet — use a Maildir that your mail system delivers to, \(example)"))
        default:
            var message = "'url' scheme '\(Suggestions.keyName(scheme))' is not supported: use maildir:PATH, \(example)"
            if let guess = Suggestions.closest(to: scheme, among: ["maildir", "imap", "imaps"]), guess == "maildir" {
                message = "'url' scheme '\(Suggestions.keyName(scheme))' is not supported — did you mean "
                    + Suggestions.quoted("maildir:" + rest) + "?"
            }
            return .failure(ConfigProblem(message))
        }
    }

    /// The thread kind a `kind` value names, or the problem with a suggestion.
    static func kind(_ value: String) -> Result<ThreadKind, ConfigProblem> {
        if let kind = ThreadKind(rawValue: value) { return .success(kind) }
        let names = ThreadKind.allCases.map(\.rawValue)
        let expected = "'kind' must be " + Suggestions.alternatives(names.map(Suggestions.quoted))
        if let guess = Suggestions.closest(to: value, among: names) {
            return .failure(ConfigProblem(expected + " — did you mean \(Suggestions.quoted(guess))?"))
        }
        return .failure(ConfigProblem(expected + ", got \(Suggestions.quoted(value))"))
    }

    /// What an `after_import` value asks for: "seen", "keep" or "move:FOLDER".
    static func afterImport(_ value: String) -> Result<AfterImport, ConfigProblem> {
        switch value {
        case "seen": return .success(.seen)
        case "keep": return .success(.keep)
        default: break
        }
        if value.hasPrefix("move:") {
            let folder = String(value.dropFirst(5))
            if folder.isEmpty {
                return .failure(ConfigProblem(
                    "'after_import' needs a folder after move:, e.g. after_import = \"move:Archive\""))
            }
            if let problem = folderProblem(folder) { return .failure(ConfigProblem(problem)) }
            return .success(.move(folder: folder))
        }
        let expected = "'after_import' must be \"seen\", \"keep\" or \"move:FOLDER\""
        let lower = value.lowercased()
        if lower.hasPrefix("move"), value.count > 4 {
            let folder = String(value.dropFirst(4).drop { ":= /\t".contains($0) })
            if !folder.isEmpty, folderProblem(folder) == nil {
                return .failure(ConfigProblem(expected + " — did you mean \(Suggestions.quoted("move:" + folder))?"))
            }
        }
        switch Suggestions.closest(to: value, among: ["seen", "keep", "move"]) {
        case "move"?:
            return .failure(ConfigProblem(expected + " — did you mean \"move:FOLDER\", e.g. \"move:Archive\"?"))
        case let guess?:
            return .failure(ConfigProblem(expected + " — did you mean \(Suggestions.quoted(guess))?"))
        case nil:
            return .failure(ConfigProblem(expected + ", got \(Suggestions.quoted(value))"))
        }
    }

    /// Why `folder` cannot be a folder name (blank ends, control characters, absolute, or `..`), or nil.
    private static func folderProblem(_ folder: String) -> String? {
        if folder.trimmingSpaces != folder {
            return "'after_import' folder must not start or end with blanks"
        }
        if folder.unicodeScalars.contains(where: FieldChecks.isControl) {
            return "'after_import' folder must not contain control characters"
        }
        if folder.hasPrefix("/") || folder.split(separator: "/").contains(where: { $0 == ".." || $0 == "." }) {
            return "'after_import' folder must be a folder name inside the mailbox, like \"Archive\""
                + " (no leading /, . or ..)"
        }
        return nil
    }
}

/// A problem with one value: the message, without the file or line.
struct ConfigProblem: Error {
    let message: String
    init(_ message: String) { self.message = message }
}

import Curl
/// Parsing of a mailbox file's enumerated and structured values: `url`, `kind`, `after_import`, `starttls`.
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

    /// What a `url` value names: a Maildir folder, or an IMAP server and mailbox (the login comes from other keys).
    enum SourceURL: Equatable {
        case maildir(path: String)
        case imap(IMAPURL)
        case pipe
    }

    /// The parts of an `imap://` or `imaps://` URL.
    struct IMAPURL: Equatable {
        var tls: Bool
        var host: String
        var port: Int
        var mailbox: String
    }

    /// The source a `url` value names, or the problem; IMAP URLs are never echoed (they may carry a password).
    static func source(fromURL url: String) -> Result<SourceURL, ConfigProblem> {
        let example = "e.g. url = \"maildir:mailboxes/support\""
        guard let scheme = scheme(ofURL: url), let colon = url.firstIndex(of: ":") else {
            var message = "'url' must start with a scheme, \(example)"
            if FieldChecks.path("url", url) == nil, !url.contains("@") {
                message += " — did you mean \(Suggestions.quoted("maildir:" + url))?"
            }
            return .failure(ConfigProblem(message))
        }
        let rest = String(url[url.index(after: colon)...])
        switch scheme {
        case "maildir":
            if rest.isEmpty { return .failure(ConfigProblem("'url' needs a folder after maildir:, \(example)")) }
            if rest.hasPrefix("//") {
                return .failure(
                    ConfigProblem(
                        "'url' is maildir:PATH, without //: \(example), or maildir:/var/mail/support for an absolute path"
                    ))
            }
            if let problem = FieldChecks.path("url", rest) { return .failure(ConfigProblem(problem)) }
            return .success(.maildir(path: rest))
        case "imap", "imaps":
            return imapURL(tls: scheme == "imaps", rest: rest).map(SourceURL.imap)
        case "pipe":
            if !rest.isEmpty {
                return .failure(
                    ConfigProblem("'url' is just \"pipe:\" for mail an MTA delivers with `maildesk deliver`"))
            }
            return .success(.pipe)
        default:
            let forms = "maildir:PATH, imaps://HOST/MAILBOX, imap://HOST/MAILBOX or pipe:"
            var message = "'url' scheme '\(Suggestions.keyName(scheme))' is not supported: use \(forms), \(example)"
            switch Suggestions.closest(to: scheme, among: ["maildir", "imap", "imaps"]) {
            case "maildir"? where !rest.contains("@"):
                message =
                    "'url' scheme '\(Suggestions.keyName(scheme))' is not supported — did you mean "
                    + Suggestions.quoted("maildir:" + rest) + "?"
            case let guess? where guess != "maildir":
                // The rest of an IMAP-like URL may hold a password: only the scheme is suggested.
                message = "'url' scheme '\(Suggestions.keyName(scheme))' is not supported — did you mean \(guess)://?"
            default: break
            }
            return .failure(ConfigProblem(message))
        }
    }

    /// `//HOST[:PORT][/MAILBOX]` after `imap:` or `imaps:`; no part of it is ever echoed.
    private static func imapURL(tls: Bool, rest: String) -> Result<IMAPURL, ConfigProblem> {
        let scheme = tls ? "imaps" : "imap"
        let example = "e.g. url = \"\(scheme)://imap.example.com/INBOX\""
        let form = "\(scheme)://HOST[:PORT]/MAILBOX, \(example)"
        if rest.contains("@") {
            return .failure(
                ConfigProblem(
                    "'url' must not contain a user name or password: write "
                        + "\(scheme)://HOST/MAILBOX and set user = \"LOGIN\" and password_env = \"VARIABLE\" (the environment"
                        + " variable holding the password); an @ in a mailbox name is written %40"))
        }
        if rest.unicodeScalars.contains(where: FieldChecks.isControl) {
            return .failure(ConfigProblem("'url' must not contain control characters"))
        }
        guard rest.hasPrefix("//") else { return .failure(ConfigProblem("'url' is \(form)")) }
        let afterSlashes = rest.dropFirst(2)
        let authority = afterSlashes.prefix { $0 != "/" }
        let path = afterSlashes.dropFirst(authority.count)
        if authority.contains("?") || authority.contains("#") || path.contains("?") || path.contains("#") {
            return .failure(
                ConfigProblem(
                    "'url' must not have a ?query or #fragment: write \(form) (a ? or # in a"
                        + " mailbox name is written %3F or %23)"))
        }

        var host = authority[...], portText: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else {
                return .failure(
                    ConfigProblem(
                        "'url' has an IPv6 address without its closing ], e.g. \(scheme)://[::1]/INBOX"))
            }
            host = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.first == ":" else {
                    return .failure(ConfigProblem("'url' is \(form), with an IPv6 address as [ADDRESS]"))
                }
                portText = after.dropFirst()
            }
            if host.isEmpty || !host.contains(":")
                || !host.unicodeScalars.allSatisfy({ $0.properties.isASCIIHexDigit || $0 == ":" || $0 == "." })
            {
                return .failure(ConfigProblem("'url' has an invalid IPv6 address between [ and ]"))
            }
        } else if let colon = authority.lastIndex(of: ":") {
            host = authority[..<colon]
            portText = authority[authority.index(after: colon)...]
        }
        if host.isEmpty {
            return .failure(ConfigProblem("'url' needs a server name after \(scheme)://, \(example)"))
        }
        if !authority.hasPrefix("["), !FieldChecks.isDomain(String(host)) {
            var message = "'url' has an invalid server name: use a host name like imap.example.com or an IP address"
            if host.unicodeScalars.contains(where: { !$0.isASCII }) {
                message += " (write an internationalized domain in its xn-- form)"
            } else if host.contains(":") {
                message += " (write an IPv6 address in brackets, e.g. \(scheme)://[2001:db8::1]/INBOX)"
            }
            return .failure(ConfigProblem(message))
        }
        var port = IMAPSettings.defaultPort(tls: tls)
        if let portText {
            guard !portText.isEmpty, portText.count <= 5, portText.unicodeScalars.allSatisfy(FieldChecks.isDigit),
                let number = Int(portText), (1...65535).contains(number)
            else {
                let port = IMAPSettings.defaultPort(tls: tls)
                return .failure(
                    ConfigProblem(
                        "'url' port must be a number from 1 to 65535 (or left out, for \(port)),"
                            + " e.g. \(scheme)://imap.example.com:\(port)/INBOX"))
            }
            port = number
        }

        var encoded = Substring(path)
        while encoded.first == "/" { encoded.removeFirst() }
        while encoded.last == "/" { encoded.removeLast() }
        guard let bytes = percentDecoded(encoded) else {
            return .failure(
                ConfigProblem(
                    "'url' mailbox name has a % not followed by two hexadecimal digits"
                        + " (write % itself as %25)"))
        }
        guard let mailbox = String(validating: bytes, as: UTF8.self) else {
            return .failure(
                ConfigProblem(
                    "'url' mailbox name is not UTF-8 once its %XX escapes are decoded"
                        + " (客服 is %E5%AE%A2%E6%9C%8D, or write it as it is)"))
        }
        if mailbox.unicodeScalars.contains(where: FieldChecks.isControl) {
            return .failure(ConfigProblem("'url' mailbox name must not contain control characters"))
        }
        if mailbox.hasPrefix("/") || mailbox.hasSuffix("/") {
            return .failure(ConfigProblem("'url' mailbox name must not start or end with / (or %2F)"))
        }
        // INBOX is the one name IMAP reads without regard to (ASCII) case.
        let isInbox = mailbox.isEmpty || mailbox.unicodeScalars.allSatisfy(\.isASCII) && mailbox.lowercased() == "inbox"
        return .success(IMAPURL(tls: tls, host: String(host), port: port, mailbox: isInbox ? "INBOX" : mailbox))
    }

    /// The bytes of `text` with its `%XX` escapes decoded; nil when a `%` is not followed by two hex digits.
    static func percentDecoded(_ text: Substring) -> [UInt8]? {
        var bytes: [UInt8] = []
        var utf8 = text.utf8[...]
        while let byte = utf8.popFirst() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = utf8.popFirst().flatMap(hexValue), let low = utf8.popFirst().flatMap(hexValue) else {
                return nil
            }
            bytes.append(high << 4 | low)
        }
        return bytes
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    /// The STARTTLS policy a `starttls` value names, or the problem with a suggestion.
    static func startTLS(_ value: String) -> Result<StartTLS, ConfigProblem> {
        if let policy = StartTLS(rawValue: value) { return .success(policy) }
        let names = StartTLS.allCases.map(\.rawValue)
        let expected = "'starttls' must be " + Suggestions.alternatives(names.map(Suggestions.quoted))
        if let guess = Suggestions.closest(to: value, among: names) {
            return .failure(ConfigProblem(expected + " — did you mean \(Suggestions.quoted(guess))?"))
        }
        switch value.lowercased() {
        case "true", "yes", "on": return .failure(ConfigProblem(expected + " — did you mean \"required\"?"))
        case "false", "no", "off", "none": return .failure(ConfigProblem(expected + " — did you mean \"never\"?"))
        default: return .failure(ConfigProblem(expected + ", got \(Suggestions.quoted(value))"))
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
                return .failure(
                    ConfigProblem(
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

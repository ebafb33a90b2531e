import Foundation
/// Syntax checks of single values; each returns the problem's message (naming the key and the fix), or nil.
enum FieldChecks {
    /// Whether `host` is this machine (`localhost`, 127.0.0.0/8, `::1`): the only place plain or unverified
    /// connections are allowed without `allow_insecure = true`.
    static func isLoopback(_ host: String) -> Bool {
        let h = host.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        return h == "localhost" || h == "::1" || h.hasPrefix("127.")
    }

    /// The problem with a connection setting that exposes the password or the mail (`starttls` other than
    /// "required", `tls_verify = false`) to a host that is not this machine, unless `allow_insecure` says so.
    static func insecure(_ table: TableReader, host: String, startTLSRequired: Bool, tlsVerify: Bool) {
        guard !isLoopback(host), table.bool(ConnectionKeys.Keys.allowInsecure) != true else { return }
        if !startTLSRequired {
            table.fail(
                ConnectionKeys.Keys.startTLS,
                "'starttls' other than \"required\" would send the password to \(host) unencrypted "
                    + "(or let an attacker strip TLS): it is allowed only for localhost; keep starttls = \"required\", "
                    + "or also set allow_insecure = true if you accept the risk")
        }
        if !tlsVerify {
            table.fail(
                ConnectionKeys.Keys.tlsVerify,
                "'tls_verify = false' accepts any certificate from \(host), so anyone on the "
                    + "way can read the mail and the password: it is allowed only for localhost; give the server's CA with "
                    + "tls_ca_file, or also set allow_insecure = true if you accept the risk")
        }
    }

    /// A file or folder path: not empty, no control characters, no `~` (nothing expands it here).
    static func path(_ key: String, _ value: String) -> String? {
        if value.trimmingSpaces.isEmpty { return "'\(key)' must not be empty" }
        if value.unicodeScalars.contains(where: isControl) {
            return "'\(key)' must not contain control characters"
        }
        if value == "~" || value.hasPrefix("~/") {
            return "'\(key)' starts with ~, which is not expanded here: write the full path (e.g. /home/you/…)"
                + " or a path relative to the working directory"
        }
        return nil
    }

    /// An environment variable's name (`[A-Za-z_][A-Za-z0-9_]*`); the value is never echoed, as it may be a secret.
    static func environmentName(_ key: String, _ value: String, example: String = "MAILDESK_SECRET") -> String? {
        let scalars = Array(value.unicodeScalars)
        let valid =
            !scalars.isEmpty && !isDigit(scalars[0])
            && scalars.allSatisfy { isASCIILetter($0) || isDigit($0) || $0 == "_" }
        if valid { return nil }
        return "'\(key)' must be the name of an environment variable (letters, digits and _), e.g. \(key) = "
            + "\"\(example)\" — put the secret itself in that variable, never in this file"
    }

    /// A domain name: dot-separated labels of ASCII letters, digits and `-` (not at a label's ends).
    static func domain(_ key: String, _ value: String) -> String? {
        if isDomain(value) { return nil }
        var message = "'\(key)' must be a domain name like maildesk.example.com, got \(Suggestions.quoted(value))"
        if let at = value.lastIndex(of: "@"), isDomain(String(value[value.index(after: at)...])) {
            message += " — did you mean \(Suggestions.quoted(String(value[value.index(after: at)...])))?"
        } else if value.unicodeScalars.contains(where: { !$0.isASCII }) {
            message += " (write an internationalized domain in its xn-- form)"
        }
        return message
    }

    /// An email address `local@domain`, bare (no display name, no angle brackets).
    static func address(_ key: String, _ value: String) -> String? {
        let example = "e.g. \(key) = \"support@example.com\""
        if let open = value.firstIndex(of: "<"), let close = value.lastIndex(of: ">"), open < close {
            let inner = String(value[value.index(after: open)..<close]).trimmingSpaces
            let guess = address(key, inner) == nil ? " — did you mean \(Suggestions.quoted(inner))?" : ""
            return "'\(key)' must be a bare address, without a display name or <>\(guess)"
        }
        if value.lowercased().hasPrefix("mailto:") {
            let rest = String(value.dropFirst(7))
            let guess = address(key, rest) == nil ? " — did you mean \(Suggestions.quoted(rest))?" : ""
            return "'\(key)' must be a bare address, without mailto:\(guess)"
        }
        guard let at = value.lastIndex(of: "@") else {
            return "'\(key)' must look like local@domain (\(example)), got \(Suggestions.quoted(value))"
        }
        let local = String(value[..<at]), domain = String(value[value.index(after: at)...])
        if !isLocalPart(local) {
            return "'\(key)' has an invalid part before the @ (letters, digits and .!#$%&'*+/=?^_`{|}~- only, "
                + "no leading, trailing or double dot), got \(Suggestions.quoted(value))"
        }
        if !isDomain(domain) {
            return "'\(key)' has an invalid domain after the @ (like example.com), got \(Suggestions.quoted(value))"
        }
        return nil
    }

    /// A mailbox name: `[a-z0-9][a-z0-9_-]*`, at most 64 characters; suggests a fixed spelling when one exists.
    static func mailboxName(_ key: String, _ value: String) -> String? {
        if isMailboxName(value) {
            return value.count <= 64 ? nil : "'\(key)' must be at most 64 characters long"
        }
        var message = "'\(key)' must start with a lowercase letter or digit and use only a-z, 0-9, '_' and '-'"
        let fixed = suggestedName(value)
        if isMailboxName(fixed), fixed.count <= 64 {
            message += " — did you mean \(Suggestions.quoted(fixed))?"
        } else {
            message += ", e.g. \(key) = \"support\""
        }
        return message
    }

    /// Whether `value` matches `[a-z0-9][a-z0-9_-]*`.
    static func isMailboxName(_ value: String) -> Bool {
        let scalars = Array(value.unicodeScalars)
        guard let first = scalars.first, isLowerOrDigit(first) else { return false }
        return scalars.allSatisfy { isLowerOrDigit($0) || $0 == "_" || $0 == "-" }
    }

    /// `Support Desk` → `support-desk`: lowercased, blanks and dots as `-`, other characters dropped.
    private static func suggestedName(_ value: String) -> String {
        var out = ""
        for scalar in value.lowercased().unicodeScalars {
            if isLowerOrDigit(scalar) || scalar == "_" || scalar == "-" {
                out.unicodeScalars.append(scalar)
            } else if scalar == " " || scalar == "." {
                out += "-"
            }
        }
        while let first = out.first, first == "-" || first == "_" { out.removeFirst() }
        return out
    }

    /// Whether `value` is a dot-separated list of LDH labels (1–63 characters each, 253 in all).
    static func isDomain(_ value: String) -> Bool {
        guard !value.isEmpty, value.utf8.count <= 253 else { return false }
        return value.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { label in
            let scalars = Array(label.unicodeScalars)
            guard (1...63).contains(scalars.count), scalars.first != "-", scalars.last != "-" else { return false }
            return scalars.allSatisfy { isASCIILetter($0) || isDigit($0) || $0 == "-" }
        }
    }

    /// Whether `value` is a dot-atom local part (RFC 5322 atext and dots), at most 64 bytes.
    private static func isLocalPart(_ value: String) -> Bool {
        guard !value.isEmpty, value.utf8.count <= 64 else { return false }
        let atextSymbols = Set("!#$%&'*+/=?^_`{|}~-".unicodeScalars)
        return value.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { atom in
            !atom.isEmpty
                && atom.unicodeScalars.allSatisfy {
                    isASCIILetter($0) || isDigit($0) || atextSymbols.contains($0)
                }
        }
    }

    static func isControl(_ scalar: Unicode.Scalar) -> Bool { scalar.value < 0x20 || scalar.value == 0x7F }
    static func isDigit(_ scalar: Unicode.Scalar) -> Bool { ("0"..."9").contains(scalar) }
    static func isASCIILetter(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
    }
    private static func isLowerOrDigit(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || isDigit(scalar)
    }

    /// Keys that would hold a password in plain text: refused wherever a login is configured (`[smtp]`, IMAP
    /// mailboxes), pointing at `password_env`.
    static let plaintextPasswordKeys = ["password", "pass", "passwd", "pwd", "secret"]

    /// What a plain-text password key is told, per key (the schema's message instead of "unknown key").
    static let plaintextPasswordMessages = Dictionary(
        uniqueKeysWithValues: plaintextPasswordKeys.map { key in
            (
                key,
                "'\(key)': never write a password in this file — set password_env = \"VARIABLE\" and put the "
                    + "password in that environment variable"
            )
        })
}

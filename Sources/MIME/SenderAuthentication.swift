/// Whether the receiving server vouched for the From address (RFC 8601 `Authentication-Results`), so that
/// maildesk does not write automatic mail to a forged sender or repeat a forger's words (backscatter).
public struct SenderAuthentication: Sendable, Equatable {
    public enum Verdict: String, Sendable {
        /// DMARC, or DKIM or SPF aligned with the From domain, passed.
        case pass
        /// The results say the From domain failed, or the envelope sender's domain is another one.
        case fail
        /// Nothing to go on (no results from a trusted server, no Return-Path).
        case none
    }

    public var verdict: Verdict
    /// Why, for the event log: `dkim=pass header.d=example.com`, `dmarc=fail`, `Return-Path domain …`.
    public var reason: String

    /// - Parameters:
    ///   - from: the From address.
    ///   - returnPath: the last `Return-Path` (the envelope sender the receiving server saw), if any.
    ///   - results: the `Authentication-Results` values, topmost first.
    ///   - trustedAuthservID: only results of this server are read; nil reads only the topmost header (the one the
    ///     receiving server added: anything below it came with the mail and may be forged).
    ///   - requireAlignedReturnPath: without results, a Return-Path of another domain than From's is a failure.
    public static func check(
        from: String?, returnPath: String?, results: [String], trustedAuthservID: String?,
        requireAlignedReturnPath: Bool
    ) -> SenderAuthentication {
        guard let from = from?.lowercased(), let domain = domainPart(from) else {
            return SenderAuthentication(verdict: .fail, reason: "no From address")
        }
        let trusted: [String]
        if let id = trustedAuthservID?.lowercased(), !id.isEmpty {
            trusted = results.filter { authservID($0) == id }
        } else {
            trusted = Array(results.prefix(1))
        }
        var failures: [String] = []
        var sawMethod = false
        for header in trusted {
            // Comments go first: OpenDKIM writes `dkim=pass (2048-bit key; unprotected) header.d=…`.
            for clause in HeaderComments.removed(from: header).split(separator: ";").dropFirst() {
                let words = clause.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" })
                    .map { $0.lowercased() }
                guard let result = words.first, let equals = result.firstIndex(of: "=") else { continue }
                let method = String(result[..<equals]), value = String(result[result.index(after: equals)...])
                guard ["dmarc", "dkim", "spf"].contains(method) else { continue }
                sawMethod = true
                let properties = Array(words.dropFirst())
                func property(_ key: String) -> String? {
                    properties.first { $0.hasPrefix(key + "=") }.map {
                        String($0.dropFirst(key.count + 1)).trimmingCharacters(in: ["\"", "<", ">", "(", ")"])
                    }
                }
                let subject: String?
                switch method {
                case "dmarc": subject = property("header.from") ?? domain
                case "dkim": subject = property("header.d") ?? property("header.i")
                default: subject = property("smtp.mailfrom") ?? property("smtp.helo")
                }
                let subjectDomain = subject.flatMap { domainPart($0) ?? $0 }
                let isAligned = subjectDomain.map { aligned($0, domain) } ?? false
                if value == "pass" && isAligned {
                    return SenderAuthentication(verdict: .pass, reason: "\(method)=pass for \(subjectDomain ?? domain)")
                }
                if ["fail", "softfail", "permerror"].contains(value) && (method == "dmarc" || isAligned) {
                    failures.append("\(method)=\(value)" + (subjectDomain.map { " for \($0)" } ?? ""))
                }
            }
        }
        if !failures.isEmpty {
            return SenderAuthentication(verdict: .fail, reason: failures.joined(separator: ", "))
        }
        if sawMethod {
            return SenderAuthentication(verdict: .none, reason: "no result for \(domain) passed")
        }
        if requireAlignedReturnPath, let returnPath {
            let bare = returnPath.trimmingCharacters(in: ["<", ">", " ", "\t"]).lowercased()
            if let envelopeDomain = domainPart(bare), !aligned(envelopeDomain, domain) {
                return SenderAuthentication(
                    verdict: .fail, reason: "Return-Path domain \(envelopeDomain) is not From's \(domain)")
            }
        }
        return SenderAuthentication(verdict: .none, reason: "no Authentication-Results from a trusted server")
    }

    /// The first token of an Authentication-Results value: the server that wrote it.
    static func authservID(_ value: String) -> String {
        let head = value.split(separator: ";", maxSplits: 1).first ?? ""
        return head.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" }).first?.lowercased()
            ?? ""
    }

    static func domainPart(_ address: String) -> String? {
        guard let at = address.lastIndex(of: "@") else { return nil }
        let domain = address[address.index(after: at)...].lowercased()
        return domain.isEmpty ? nil : domain
    }

    /// Relaxed alignment (DMARC's): the same organisational domain, approximated as the last two labels, or
    /// three under a two-letter country code's second level (`example.com.cn`, `example.co.uk`).
    public static func aligned(_ a: String, _ b: String) -> Bool {
        a == b || organisational(a) == organisational(b)
    }

    static func organisational(_ domain: String) -> String {
        let labels = domain.split(separator: ".")
        guard labels.count > 2 else { return domain }
        let tld = labels[labels.count - 1], second = labels[labels.count - 2]
        let keep =
            tld.count == 2 && ["com", "net", "org", "co", "ac", "gov", "edu", "or", "ne", "go"].contains(String(second))
            ? 3 : 2
        return labels.suffix(keep).joined(separator: ".")
    }
}

import Foundation
import Glibc

/// A mailbox in an outgoing header: an address and an optional display name (any Unicode).
public struct MailAddress: Sendable, Equatable {
    public var name: String?
    public var address: String

    public init(_ address: String, name: String? = nil) {
        self.address = address
        self.name = name
    }
}

/// Everything an outgoing message says; `Composer.compose` turns it into bytes.
public struct OutgoingMessage: Sendable {
    public var from: MailAddress
    public var to: [MailAddress]
    public var replyTo: MailAddress?
    public var subject: String
    /// Without angle brackets.
    public var messageID: String
    public var inReplyTo: String?
    public var references: [String]
    public var date: Date
    /// RFC 3834: `auto-replied` for an answer to a message, `auto-generated` for a notification; nil for a
    /// person's mail.
    public var autoSubmitted: String?
    /// Further fields, e.g. maildesk's marker; names must be field names, values are cleaned like all others.
    public var extraHeaders: [(name: String, value: String)]
    public var text: String
    public var html: String?
    /// Files: attachments, and inline images (with a content id) that the HTML shows.
    public var attachments: [OutgoingAttachment]

    public init(
        from: MailAddress, to: [MailAddress], replyTo: MailAddress? = nil, subject: String, messageID: String,
        inReplyTo: String? = nil, references: [String] = [], date: Date, autoSubmitted: String? = nil,
        extraHeaders: [(name: String, value: String)] = [], text: String, html: String? = nil,
        attachments: [OutgoingAttachment] = []
    ) {
        self.from = from
        self.to = to
        self.replyTo = replyTo
        self.subject = subject
        self.messageID = messageID
        self.inReplyTo = inReplyTo
        self.references = references
        self.date = date
        self.autoSubmitted = autoSubmitted
        self.extraHeaders = extraHeaders
        self.text = text
        self.html = html
        self.attachments = attachments
    }
}

/// Why a message cannot be composed (an address that cannot be written safely).
public struct ComposeError: Error, Sendable, CustomStringConvertible, Equatable {
    public var description: String
}

/// RFC 5322 bytes from an `OutgoingMessage`: CRLF line ends, header lines folded at 78 characters, non-ASCII
/// names and subjects as RFC 2047 encoded words, UTF-8 bodies in quoted-printable or base64, and a
/// multipart/alternative when there is HTML.
///
/// Nothing that comes from a mail or a customer record can add a header line: every value is cleaned of CR, LF
/// and the other control and line-separator characters before it is written, addresses must be plain
/// `local@domain`, message ids must be `left@right` without blanks or brackets (a reference that is not is
/// dropped), and a header name must be a field name.
public enum Composer {
    /// Extra fields with a structured grammar (RFC 2369, RFC 8058, RFC 3834): written as is when ASCII.
    static let structuredFields: Set<String> = [
        "list-unsubscribe", "list-unsubscribe-post", "list-id", "list-help",
        "precedence", "auto-submitted"
    ]

    public static func compose(_ m: OutgoingMessage) throws(ComposeError) -> [UInt8] {
        var header = HeaderWriter()
        header.add("Date", structured: RFC5322Date.format(m.date))
        header.add("From", structured: try mailbox(m.from))
        guard !m.to.isEmpty else { throw ComposeError(description: "no recipient") }
        header.add("To", structured: try m.to.map(mailbox).joined(separator: ", "))
        if let replyTo = m.replyTo { header.add("Reply-To", structured: try mailbox(replyTo)) }
        header.add("Subject", text: m.subject)
        guard let id = MessageIDText.clean(m.messageID) else {
            throw ComposeError(description: "invalid Message-ID \(m.messageID.debugDescription)")
        }
        header.add("Message-ID", structured: "<\(id)>")
        if let parent = m.inReplyTo.flatMap(MessageIDText.clean) {
            header.add("In-Reply-To", structured: "<\(parent)>")
        }
        let references = m.references.compactMap(MessageIDText.clean)
        if !references.isEmpty {
            // The first and the last twenty are enough to thread (RFC 5322 3.6.4 allows trimming the middle).
            let kept = references.count > 21 ? [references[0]] + references.suffix(20) : references
            header.add("References", structured: kept.map { "<\($0)>" }.joined(separator: " "))
        }
        if let auto = m.autoSubmitted {
            header.add("Auto-Submitted", structured: HeaderWriter.clean(auto))
            // Outlook and Exchange: do not send out-of-office or other automatic answers to this message.
            header.add("X-Auto-Response-Suppress", structured: "All")
        }
        for (name, value) in m.extraHeaders {
            guard isFieldName(name) else {
                throw ComposeError(description: "invalid header name \(name.debugDescription)")
            }
            // URLs and keywords must reach mail clients as written: never as encoded words.
            if Self.structuredFields.contains(name.lowercased()),
                value.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value < 0x7F })
            {
                header.add(name, structured: value)
            } else {
                header.add(name, text: value)
            }
        }
        header.add("MIME-Version", structured: "1.0")

        // text, or alternative(text, html); the HTML related to its inline images; all mixed with attachments.
        var seed: UInt64 = 0xcbf2_9ce4_8422_2325  // FNV-1a: the same message gives the same boundaries
        for byte in (m.messageID + m.text + (m.html ?? "")).utf8 { seed = (seed ^ UInt64(byte)) &* 0x100_0000_01b3 }
        var body = BodyEncoder.part(contentType: "text/plain; charset=utf-8", text: m.text)
        if let html = m.html {
            var htmlPart = BodyEncoder.part(contentType: "text/html; charset=utf-8", text: html)
            let inline = m.attachments.filter { $0.contentID != nil }
            if !inline.isEmpty {
                htmlPart = multipart("related", [htmlPart] + inline.map { $0.part() }, boundary: boundary(seed, "r"))
            }
            body = multipart(
                "alternative", [body, htmlPart], boundary: boundary(seed, "a"),
                preamble: "This is a message in text and HTML.")
        }
        let files = m.attachments.filter { $0.contentID == nil || m.html == nil }
        if !files.isEmpty {
            body = multipart("mixed", [body] + files.map { $0.part() }, boundary: boundary(seed, "m"))
        }
        header.lines.append(contentsOf: body.headers)
        return header.bytes + Array("\r\n".utf8) + body.body
    }

    /// "=_" cannot occur in quoted-printable ("=" is always escaped) nor in base64 output.
    static func boundary(_ seed: UInt64, _ level: String) -> String {
        "=_maildesk_" + (level == "a" ? "" : level + "_") + String(seed, radix: 16)
    }

    static func multipart(
        _ subtype: String, _ parts: [BodyEncoder.Part], boundary: String,
        preamble: String? = nil
    ) -> BodyEncoder.Part {
        var out = Array(((preamble.map { "\($0)\r\n" }) ?? "").utf8)
        for part in parts {
            out += Array("\r\n--\(boundary)\r\n".utf8)
            out += Array(part.headers.joined(separator: "\r\n").utf8) + Array("\r\n\r\n".utf8)
            out += part.body
        }
        out += Array("\r\n--\(boundary)--\r\n".utf8)
        return BodyEncoder.Part(
            headers: ["Content-Type: multipart/\(subtype);\r\n boundary=\"\(boundary)\""], body: out)
    }

    /// `Name <address>` with the name quoted or encoded as needed; the address must be plain ASCII `local@domain`.
    static func mailbox(_ m: MailAddress) throws(ComposeError) -> String {
        let address = m.address.trimmingCharacters(in: .whitespaces)
        guard AddressText.isValid(address) else {
            throw ComposeError(description: "invalid address \(m.address.debugDescription)")
        }
        guard let raw = m.name else { return address }
        let name = HeaderWriter.clean(raw).trimmingCharacters(in: .whitespaces)
        if name.isEmpty { return address }
        return EncodedWords.phrase(name) + " <\(address)>"
    }

    static func isFieldName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 76
            && name.unicodeScalars.allSatisfy { $0.value > 32 && $0.value < 127 && $0 != ":" }
    }
}

/// Plain addresses: ASCII `local@domain`, dot-atom local part, no blanks, quotes, brackets or controls.
/// Checked on the UTF-8 bytes (composing checks every address of every message): anything non-ASCII fails.
enum AddressText {
    /// RFC 5322 atext: letters, digits and these marks.
    private static let atext: [Bool] = {
        var table = [Bool](repeating: false, count: 128)
        for byte in "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-/=?^_`{|}~".utf8 {
            table[Int(byte)] = true
        }
        return table
    }()

    static func isValid(_ address: String) -> Bool {
        address.utf8.withContiguousStorageIfAvailable(isValid) ?? Array(address.utf8).withUnsafeBufferPointer(isValid)
    }

    private static func isValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let dot = UInt8(ascii: "."), hyphen = UInt8(ascii: "-")
        guard bytes.count <= 254, let at = bytes.lastIndex(of: UInt8(ascii: "@")) else { return false }
        // The local part: atoms of atext joined by single dots.
        guard at > 0, bytes[0] != dot, bytes[at - 1] != dot else { return false }
        var previous: UInt8 = 0
        for byte in bytes[..<at] {
            if byte == dot {
                if previous == dot { return false }
            } else if byte >= 0x80 || !atext[Int(byte)] {
                return false
            }
            previous = byte
        }
        // The domain: labels of 1-63 ASCII letters, digits and inner hyphens, joined by dots.
        var label = 0
        var last: UInt8 = 0
        for byte in bytes[(at + 1)...] {
            if byte == dot {
                if label == 0 || last == hyphen { return false }
                label = 0
            } else {
                let letter = (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
                let digit = byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
                guard letter || digit || byte == hyphen else { return false }
                if label == 0 && byte == hyphen { return false }
                label += 1
                if label > 63 { return false }
            }
            last = byte
        }
        return label > 0 && last != hyphen
    }
}

/// Message ids without brackets: `left@right`, printable ASCII without blanks, brackets or quotes.
enum MessageIDText {
    /// Printable ASCII but the blank and `<>"\()[],;:`.
    private static let allowed: [Bool] = {
        var table = [Bool](repeating: false, count: 128)
        for byte in 33..<127 { table[byte] = true }
        for byte in "<>\"\\()[],;:".utf8 { table[Int(byte)] = false }
        return table
    }()

    static func clean(_ id: String) -> String? {
        // Every id of every message composed comes here: ASCII ids (nearly all) are checked on their bytes;
        // others are trimmed of Unicode blanks first, and then fail as before on what remains non-ASCII.
        var text = Substring(id)
        if !id.utf8.allSatisfy({ $0 < 0x80 }) { text = Substring(id.trimmingCharacters(in: .whitespaces)) }
        let blank = { (byte: UInt8) in byte == 0x20 || byte == 0x09 }
        while let first = text.utf8.first, blank(first) { text = text.dropFirst() }
        while let last = text.utf8.last, blank(last) { text = text.dropLast() }
        if text.utf8.first == UInt8(ascii: "<") && text.utf8.last == UInt8(ascii: ">") && text.utf8.count >= 2 {
            text = text.dropFirst().dropLast()
        }
        var at = false
        for byte in text.utf8 {
            guard byte < 0x80, allowed[Int(byte)] else { return nil }
            if byte == UInt8(ascii: "@") { at = true }
        }
        guard at, text.utf8.count <= 250 else { return nil }
        return String(text)
    }
}

/// RFC 5322 dates in UTC: `Sat, 21 Nov 2026 19:45:00 +0000`.
enum RFC5322Date {
    /// `Mon, 07 Dec 2026 02:25:00 +0000`: UTC, whole seconds (DateFormatter's `EEE, dd MMM yyyy HH:mm:ss` in
    /// en_US_POSIX, written by hand: a DateFormatter cost a quarter of composing a message).
    static func format(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
        var year = "\(parts.tm_year + 1900)"
        if year.count < 4 { year = String(repeating: "0", count: 4 - year.count) + year }
        return "\(days[Int(parts.tm_wday)]), \(two(parts.tm_mday)) \(months[Int(parts.tm_mon)]) \(year) "
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)) +0000"
    }

    private static let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
}

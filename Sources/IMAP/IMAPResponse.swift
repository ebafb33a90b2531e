/// Parsers for the untagged, literal-free responses maildesk asks for.
enum IMAPResponse {
    static func lines(_ bytes: [UInt8]) -> [Substring] {
        String(decoding: bytes, as: UTF8.self).split(whereSeparator: { $0 == "\r\n" || $0 == "\n" || $0 == "\r" })
    }

    /// `* SEARCH 1 2 3` (possibly several lines) → UIDs.
    static func search(_ bytes: [UInt8]) -> [UInt32] {
        var uids: [UInt32] = []
        for line in lines(bytes) where line.hasPrefix("* SEARCH") {
            uids += line.dropFirst(8).split(separator: " ").compactMap { UInt32($0) }
        }
        return uids
    }

    /// `* ESEARCH (TAG "A4") UID ALL 1:3,7` → UIDs; nil when there is no ESEARCH line, `.some(nil)` when the
    /// ranges hold more than `limit` UIDs (counted before any is expanded).
    static func esearch(_ bytes: [UInt8], limit: Int = 10_000_000) -> [UInt32]?? {
        for line in lines(bytes) where line.hasPrefix("* ESEARCH") {
            let words = line.split(separator: " ")
            guard let all = words.firstIndex(where: { $0.uppercased() == "ALL" }), all + 1 < words.count else {
                return .some([])
            }
            return .some(sequenceSet(words[all + 1], limit: limit))
        }
        return nil
    }

    /// `1:3,7` → [1, 2, 3, 7]; malformed pieces are skipped; nil when the set holds more than `limit` numbers.
    static func sequenceSet(_ text: Substring, limit: Int = 10_000_000) -> [UInt32]? {
        var ranges: [ClosedRange<UInt32>] = []
        var total = 0
        for piece in text.split(separator: ",") {
            let ends = piece.split(separator: ":")
            let range: ClosedRange<UInt32>
            if ends.count == 2, let a = UInt32(ends[0]), let b = UInt32(ends[1]) {
                range = min(a, b)...max(a, b)
            } else if let v = UInt32(piece) {
                range = v...v
            } else {
                continue
            }
            total += Int(range.upperBound - range.lowerBound) + 1
            if total > limit { return nil }
            ranges.append(range)
        }
        var out: [UInt32] = []
        out.reserveCapacity(total)
        for range in ranges { out.append(contentsOf: range) }
        return out
    }

    /// `* STATUS INBOX (MESSAGES 3 UIDNEXT 4 UIDVALIDITY 123 UNSEEN 1)` → fields by name.
    static func status(_ bytes: [UInt8]) -> [String: UInt64] {
        for line in lines(bytes) where line.hasPrefix("* STATUS") {
            guard let open = line.lastIndex(of: "("), let close = line.lastIndex(of: ")"), open < close else {
                continue
            }
            let words = line[line.index(after: open)..<close].split(separator: " ")
            var fields: [String: UInt64] = [:]
            var i = 0
            while i + 1 < words.count {
                if let v = UInt64(words[i + 1]) { fields[words[i].uppercased()] = v }
                i += 2
            }
            return fields
        }
        return [:]
    }

    /// `* CAPABILITY IMAP4rev1 MOVE ...` → uppercased capabilities.
    static func capabilities(_ bytes: [UInt8]) -> Set<String> {
        for line in lines(bytes) where line.hasPrefix("* CAPABILITY") {
            return Set(line.dropFirst(12).split(separator: " ").map { $0.uppercased() })
        }
        return []
    }
}

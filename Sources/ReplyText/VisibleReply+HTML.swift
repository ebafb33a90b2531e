import CHTMLText

extension VisibleReply {
    /// The writer's part of an HTML reply, as HTML (the body's content): quote containers, attributions, Outlook's
    /// reply header with everything after it, and signature containers removed; the writer's formatting kept.
    /// `markers`: the first text containing one cuts the document from its element on. The DOM work is C
    /// (Sources/CHTMLText/html_reply.c), because libxml2 may only be included from C.
    public static func html(_ html: String, markers: [String] = []) -> String {
        var utf8 = Array(html.utf8)
        if utf8.isEmpty { return "" }
        // The markers as NUL-terminated strings in one buffer, and where each starts.
        var markerBytes: [CChar] = []
        var offsets: [Int] = []
        for marker in markers where !marker.isEmpty {
            offsets.append(markerBytes.count)
            markerBytes += marker.utf8.map { CChar(bitPattern: $0) } + [0]
        }
        return markerBytes.withUnsafeBufferPointer { markerBuffer in
            let pointers: [UnsafePointer<CChar>?] = offsets.map { markerBuffer.baseAddress! + $0 }
            return utf8.withUnsafeMutableBufferPointer { buffer in
                var length = 0
                let raw = UnsafeMutableRawPointer(buffer.baseAddress!).assumingMemoryBound(to: CChar.self)
                guard let out = html_reply_clean(raw, buffer.count, pointers, pointers.count, &length) else {
                    return ""
                }
                defer { html_text_free(out) }
                return String(decoding: UnsafeRawBufferPointer(start: out, count: length), as: UTF8.self)
            }
        }
    }

    /// The visible plain text of the writer's part of an HTML reply: `html(_:markers:)` rendered as text by the
    /// same renderer that reads customers' HTML mail (links as "text <url>", lists, line breaks).
    public static func htmlText(_ html: String, markers: [String] = []) -> String {
        renderText(self.html(html, markers: markers))
    }

    /// HTML rendered as readable text (html_text_render).
    static func renderText(_ html: String) -> String {
        var utf8 = Array(html.utf8)
        if utf8.isEmpty { return "" }
        return utf8.withUnsafeMutableBufferPointer { buffer in
            var length = 0
            let raw = UnsafeMutableRawPointer(buffer.baseAddress!).assumingMemoryBound(to: CChar.self)
            guard let out = html_text_render(raw, buffer.count, &length) else { return "" }
            defer { html_text_free(out) }
            return String(decoding: UnsafeRawBufferPointer(start: out, count: length), as: UTF8.self)
        }
    }
}

import CHTMLText

/// HTML rendered as readable text by libxml2's HTML parser (see Sources/CHTMLText).
enum HTMLText {
    static func render(_ html: String) -> String {
        var utf8 = Array(html.utf8)
        if utf8.isEmpty { return "" }
        return utf8.withUnsafeMutableBufferPointer { buffer -> String in
            var length = 0
            let raw = UnsafeMutableRawPointer(buffer.baseAddress!).assumingMemoryBound(to: CChar.self)
            guard let out = html_text_render(raw, buffer.count, &length) else { return "" }
            defer { html_text_free(out) }
            return String(decoding: UnsafeRawBufferPointer(start: out, count: length), as: UTF8.self)
        }
    }
}

/// Attachment file names made safe to show and to store: whatever a hostile sender wrote.
public enum Filename {
    /// The last path component of `declared` without control or bidi-override characters, leading dots or
    /// reserved device names, at most 200 bytes; falls back to `attachment.<ext>` from the content type.
    public static func sanitise(_ declared: String?, contentType: String) -> String {
        var name = declared ?? ""
        // Keep only the last component of either kind of path.
        if let cut = name.lastIndex(where: { $0 == "/" || $0 == "\\" }) {
            name = String(name[name.index(after: cut)...])
        }
        name = String(String.UnicodeScalarView(name.unicodeScalars.filter { !isUnsafe($0) }))
        name = name.trimmingBlanks()
        while name.first == "." || name.first == " " { name.removeFirst() }
        while name.last == "." || name.last == " " { name.removeLast() }
        if reservedDeviceNames.contains(name.split(separator: ".").first.map { $0.uppercased() } ?? "") {
            name = "_" + name
        }
        name = truncate(name, maxBytes: 200)
        if name.isEmpty { name = defaultName(for: contentType) }
        return name
    }

    static func defaultName(for contentType: String) -> String {
        let base = contentType.hasPrefix("message/") ? "message" : "attachment"
        return "\(base).\(extensions[contentType] ?? (contentType.hasPrefix("text/") ? "txt" : "bin"))"
    }

    private static func isUnsafe(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0..<0x20, 0x7F..<0xA0: return true
        case 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: return true  // bidi tricks: "gpj.exe"
        case 0xFEFF, 0xFFFE, 0xFFFF: return true
        default: return false
        }
    }

    /// Cuts the name to `maxBytes` of UTF-8, keeping its extension and whole characters.
    private static func truncate(_ name: String, maxBytes: Int) -> String {
        guard name.utf8.count > maxBytes else { return name }
        var ext = ""
        if let dot = name.lastIndex(of: "."), name.distance(from: dot, to: name.endIndex) <= 16 {
            ext = String(name[dot...])
        }
        var stem = String(name.dropLast(ext.count))
        while stem.utf8.count + ext.utf8.count > maxBytes { stem.removeLast() }
        return stem + ext
    }

    private static let reservedDeviceNames: Set<String> = [
        "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
        "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9"
    ]

    private static let extensions: [String: String] = [
        "text/plain": "txt", "text/html": "html", "text/csv": "csv", "text/calendar": "ics", "text/xml": "xml",
        "text/rfc822-headers": "txt", "text/vcard": "vcf", "text/x-vcard": "vcf",
        "image/png": "png", "image/jpeg": "jpg", "image/jpg": "jpg", "image/gif": "gif", "image/webp": "webp",
        "image/bmp": "bmp", "image/tiff": "tif", "image/svg+xml": "svg", "image/heic": "heic",
        "application/pdf": "pdf", "application/zip": "zip", "application/x-zip-compressed": "zip",
        "application/gzip": "gz", "application/x-rar-compressed": "rar", "application/x-7z-compressed": "7z",
        "application/msword": "doc", "application/vnd.ms-excel": "xls", "application/vnd.ms-powerpoint": "ppt",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation": "pptx",
        "application/json": "json", "application/xml": "xml", "application/ics": "ics",
        "application/pgp-signature": "asc", "application/pkcs7-signature": "p7s",
        "application/x-pkcs7-signature": "p7s", "application/ms-tnef": "dat", "application/vnd.ms-tnef": "dat",
        "audio/mpeg": "mp3", "audio/wav": "wav", "video/mp4": "mp4",
        "message/rfc822": "eml", "message/global": "eml", "message/delivery-status": "txt",
        "message/disposition-notification": "txt", "message/feedback-report": "txt",
        "message/global-delivery-status": "txt", "message/partial": "eml", "message/external-body": "txt"
    ]
}

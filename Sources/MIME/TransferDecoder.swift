/// Undoes Content-Transfer-Encoding. Never fails: damage is reported and the best reading returned.
enum TransferDecoder {
    static func decode(_ body: ArraySlice<UInt8>, _ encoding: TransferEncoding) -> (bytes: [UInt8], problem: String?) {
        switch encoding {
        case .sevenBit, .eightBit, .binary:
            return (Array(body), nil)
        case .base64:
            let r = body.withUnsafeBufferPointer { Base64.decode($0) }
            var problem: String?
            if r.garbage > 0 { problem = "base64 body with \(r.garbage) invalid character(s) skipped" }
            if r.truncated { problem = (problem.map { $0 + "; " } ?? "") + "base64 body ends mid-quantum" }
            return (r.bytes, problem)
        case .quotedPrintable:
            let r = body.withUnsafeBufferPointer { QuotedPrintable.decode($0) }
            return (
                r.bytes,
                r.invalid > 0 ? "quoted-printable body with \(r.invalid) invalid escape(s) kept literally" : nil
            )
        case .uuencode:
            let text = Part.normaliseNewlines(String(decoding: body, as: UTF8.self))
            if let block = UUEncode.extract(from: text).blocks.first { return (block.bytes, nil) }
            return (Array(body), "x-uuencode body without a begin line kept as is")
        }
    }
}

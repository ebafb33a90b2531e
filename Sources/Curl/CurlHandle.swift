import CCurl
import Foundation

/// One libcurl easy handle, reused so that consecutive requests share a connection (one login, one SELECT).
/// Not thread-safe: one poller or sender owns it.
public final class CurlHandle {
    private let handle: UnsafeMutableRawPointer
    /// libcurl writes its error text here; it keeps the pointer, so the memory must never move.
    private let errorBuffer: UnsafeMutablePointer<CChar> = {
        let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        buffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        return buffer
    }()
    private let sink = ResponseSink()
    private var protocolLog: ProtocolLog?
    private var lists: [UInt32: UnsafeMutablePointer<curl_slist>] = [:]
    private let upload = UploadSource()
    /// The first option libcurl refused (an option this libcurl build lacks, no memory for a copied string):
    /// the next perform fails with it rather than running a request that is not the one asked for.
    private var refusedOption: (option: UInt32, code: CURLcode)?

    private static let initialised: Bool = {
        curl_global_init(Int(CURL_GLOBAL_DEFAULT))
        return true
    }()

    public init() throws(CurlError) {
        _ = Self.initialised
        guard let h = curl_easy_init() else {
            throw CurlError(
                code: Int(CURLE_FAILED_INIT.rawValue), operation: "curl_easy_init", responseCode: nil,
                detail: "libcurl could not create a handle")
        }
        handle = h
        setDefaults()
        if let refused = refusedOption { throw optionError(refused, "curl_easy_init") }
    }

    deinit {
        curl_easy_cleanup(handle)
        for list in lists.values { curl_slist_free_all(list) }
        errorBuffer.deallocate()
    }

    private func setDefaults() {
        check(maildesk_curl_set_pointer(handle, CURLOPT_ERRORBUFFER, errorBuffer), CURLOPT_ERRORBUFFER)
        check(maildesk_curl_set_data_callback(handle, CURLOPT_WRITEFUNCTION, ResponseSink.write), CURLOPT_WRITEFUNCTION)
        check(
            maildesk_curl_set_pointer(handle, CURLOPT_WRITEDATA, Unmanaged.passUnretained(sink).toOpaque()),
            CURLOPT_WRITEDATA)
        sink.handle = handle
        check(maildesk_curl_set_long(handle, CURLOPT_NOSIGNAL, 1), CURLOPT_NOSIGNAL)
        check(maildesk_curl_set_long(handle, CURLOPT_NOPROGRESS, 1), CURLOPT_NOPROGRESS)
    }

    // MARK: options

    public func set(_ option: CURLoption, _ value: Int) { check(maildesk_curl_set_long(handle, option, value), option) }
    public func set(_ option: CURLoption, _ value: Bool) {
        check(maildesk_curl_set_long(handle, option, value ? 1 : 0), option)
    }
    public func set(_ option: CURLoption, _ value: String?) {
        // libcurl copies string options (since 7.17), so the Swift string may go away after the call.
        if let value {
            check(maildesk_curl_set_string(handle, option, value), option)
        } else {
            check(maildesk_curl_set_pointer(handle, option, nil), option)
        }
    }

    /// A string list option (CURLOPT_MAIL_RCPT, ...); the list lives until the option is set again.
    public func set(_ option: CURLoption, list values: [String]) {
        var list: UnsafeMutablePointer<curl_slist>?
        for value in values { list = curl_slist_append(list, value) }
        check(maildesk_curl_set_slist(handle, option, list), option)
        if let old = lists[option.rawValue] { curl_slist_free_all(old) }
        lists[option.rawValue] = list
    }

    /// Records libcurl's informational texts (for conditions it reports only there, such as a cut long line)
    /// while `on`; off for bulk transfers, where verbose mode would cost time on every chunk.
    public func watchProtocol(_ on: Bool = true) {
        if on && protocolLog == nil {
            let log = ProtocolLog()
            protocolLog = log
            check(maildesk_curl_set_debug_callback(handle, ProtocolLog.callback), CURLOPT_DEBUGFUNCTION)
            check(
                maildesk_curl_set_pointer(handle, CURLOPT_DEBUGDATA, Unmanaged.passUnretained(log).toOpaque()),
                CURLOPT_DEBUGDATA)
        }
        check(maildesk_curl_set_long(handle, CURLOPT_VERBOSE, on ? 1 : 0), CURLOPT_VERBOSE)
    }

    /// libcurl's informational texts since the last perform (e.g. "Excessive server response line length").
    public var infoTexts: [String] {
        (protocolLog?.infos ?? []).map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
    }

    /// The protocol lines of the last perform, in order: commands sent (`sent` true) and server replies, one
    /// line each without the line end (SMTP: `RCPT TO:<a@b>`, `250 2.1.5 Ok`). Needs `watchProtocol()`.
    public var protocolLines: [(sent: Bool, line: String)] { protocolLog?.lines ?? [] }

    /// Makes the next perform upload `body` (SMTP DATA), read from memory; the bytes are kept until replaced.
    /// `beforeEnd` runs when libcurl asks for the last bytes, before they and the end of data (SMTP's lone dot)
    /// leave: returning false aborts the transfer there (`CURLE_ABORTED_BY_CALLBACK`), so the server never
    /// takes the message. It is kept until it runs, the next `setUpload` or `dropUploadHook`.
    public func setUpload(_ body: [UInt8], beforeEnd: (() -> Bool)? = nil) {
        upload.bytes = body
        upload.offset = 0
        upload.beforeEnd = beforeEnd
        check(maildesk_curl_set_long(handle, CURLOPT_UPLOAD, 1), CURLOPT_UPLOAD)
        check(maildesk_curl_set_off(handle, CURLOPT_INFILESIZE_LARGE, curl_off_t(body.count)), CURLOPT_INFILESIZE_LARGE)
        check(maildesk_curl_set_data_callback(handle, CURLOPT_READFUNCTION, UploadSource.read), CURLOPT_READFUNCTION)
        check(
            maildesk_curl_set_pointer(handle, CURLOPT_READDATA, Unmanaged.passUnretained(upload).toOpaque()),
            CURLOPT_READDATA)
    }

    /// Forgets `setUpload`'s `beforeEnd` (a transfer that failed before the end never called it).
    public func dropUploadHook() { upload.beforeEnd = nil }

    /// Keeps the first option libcurl refused; `perform` reports it.
    private func check(_ code: CURLcode, _ option: CURLoption) {
        if code != CURLE_OK && refusedOption == nil { refusedOption = (option.rawValue, code) }
    }

    private func optionError(_ refused: (option: UInt32, code: CURLcode), _ operation: String) -> CurlError {
        CurlError(
            code: Int(refused.code.rawValue), operation: operation, responseCode: nil,
            detail: "libcurl refused option \(refused.option): \(String(cString: curl_easy_strerror(refused.code)))"
                + " (this libcurl lacks a feature maildesk needs: see `curl --version`)")
    }

    // MARK: perform

    /// Performs the request set up by the options; returns what the server sent to the write callback.
    /// `limit` bounds the response size (a larger one fails instead of filling memory).
    public func perform(_ operation: String, limit: Int = 256 << 20) throws(CurlError) -> [UInt8] {
        if let refused = refusedOption { throw optionError(refused, operation) }
        sink.reset(limit: limit)
        protocolLog?.reset()
        upload.offset = 0
        errorBuffer[0] = 0
        let code = curl_easy_perform(handle)
        if code != CURLE_OK {
            if sink.overflowed {
                throw CurlError(
                    code: Int(CURLE_WRITE_ERROR.rawValue), operation: operation, responseCode: nil,
                    detail: "response larger than \(limit) bytes")
            }
            throw error(code, operation)
        }
        return sink.take()
    }

    /// The last reply code the server sent (SMTP, IMAP has none).
    public var responseCode: Int {
        var value = 0
        _ = maildesk_curl_get_long(handle, CURLINFO_RESPONSE_CODE, &value)
        return value
    }

    private func error(_ code: CURLcode, _ operation: String) -> CurlError {
        let buffer = String(cString: errorBuffer)
        let detail = buffer.isEmpty ? String(cString: curl_easy_strerror(code)) : buffer
        let reply = responseCode
        return CurlError(
            code: Int(code.rawValue), operation: operation, responseCode: reply > 0 ? reply : nil,
            detail: detail.trimmingCharacters(in: .whitespacesAndNewlines))
    }
}

/// Collects response bytes from the write callback.
final class ResponseSink {
    private var bytes: [UInt8] = []
    private var limit = Int.max
    private(set) var overflowed = false
    /// The easy handle writing here, asked for the announced size (an IMAP literal's) at the first chunk.
    fileprivate var handle: UnsafeMutableRawPointer?

    func reset(limit: Int) {
        bytes.removeAll(keepingCapacity: false)
        self.limit = limit
        overflowed = false
    }

    func take() -> [UInt8] {
        defer { bytes = [] }
        return bytes
    }

    static let write: maildesk_curl_data_callback = { data, size, count, context in
        guard let context, let data else { return 0 }
        let sink = Unmanaged<ResponseSink>.fromOpaque(context).takeUnretainedValue()
        let n = size * count
        if sink.bytes.count + n > sink.limit {
            sink.overflowed = true
            return 0  // makes libcurl stop with CURLE_WRITE_ERROR
        }
        if sink.bytes.isEmpty, let handle = sink.handle {
            // Room for the whole body at once: growing by doubling would hold up to three times a large
            // message (old and new buffer while copying), and keep twice its size.
            var announced: curl_off_t = -1
            if maildesk_curl_get_off(handle, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &announced) == CURLE_OK,
                announced > n, announced <= curl_off_t(sink.limit)
            {
                sink.bytes.reserveCapacity(Int(announced))
            }
        }
        data.withMemoryRebound(to: UInt8.self, capacity: n) {
            sink.bytes.append(contentsOf: UnsafeBufferPointer(start: $0, count: n))
        }
        return n
    }
}

/// libcurl's informational texts, to detect conditions it reports only there, and the protocol lines.
final class ProtocolLog {
    private(set) var infos: [String] = []
    private(set) var lines: [(sent: Bool, line: String)] = []

    func reset() {
        infos.removeAll(keepingCapacity: true)
        lines.removeAll(keepingCapacity: true)
    }

    static let callback: maildesk_curl_debug_callback = { _, type, data, size, context in
        guard let context, let data, type == CURLINFO_TEXT || type == CURLINFO_HEADER_IN || type == CURLINFO_HEADER_OUT
        else { return 0 }
        let log = Unmanaged<ProtocolLog>.fromOpaque(context).takeUnretainedValue()
        // Called for every command and reply of every message sent: split at the CR and LF bytes, and the
        // informational texts kept as libcurl wrote them (trimmed only when read, which is rare).
        data.withMemoryRebound(to: UInt8.self, capacity: size) { start in
            let bytes = UnsafeBufferPointer(start: start, count: size)
            if type == CURLINFO_TEXT {
                if log.infos.count < 1_000 { log.infos.append(String(decoding: bytes, as: UTF8.self)) }
                return
            }
            for line in bytes.split(whereSeparator: { $0 == 0x0A || $0 == 0x0D }) where log.lines.count < 10_000 {
                log.lines.append((type == CURLINFO_HEADER_OUT, String(decoding: line, as: UTF8.self)))
            }
        }
        return 0
    }
}

/// The bytes of an upload, handed to libcurl's read callback piece by piece.
final class UploadSource {
    var bytes: [UInt8] = []
    var offset = 0
    var beforeEnd: (() -> Bool)?

    static let read: maildesk_curl_data_callback = { buffer, size, count, context in
        guard let context, let buffer else { return 0 }
        let source = Unmanaged<UploadSource>.fromOpaque(context).takeUnretainedValue()
        let n = min(size * count, source.bytes.count - source.offset)
        // Asked for the last bytes: libcurl knows the size (CURLOPT_INFILESIZE_LARGE) and ends the data right
        // after them without asking again, so the hook runs now, before they leave.
        if source.offset + n == source.bytes.count, let beforeEnd = source.beforeEnd {
            source.beforeEnd = nil
            if !beforeEnd() { return Int(CURL_READFUNC_ABORT) }
        }
        guard n > 0 else { return 0 }
        source.bytes.withUnsafeBufferPointer { all in
            buffer.withMemoryRebound(to: UInt8.self, capacity: n) { target in
                target.update(from: all.baseAddress! + source.offset, count: n)
            }
        }
        source.offset += n
        return n
    }
}

import CCurl

/// A failed libcurl operation: the CURLcode, what maildesk was doing, the server's reply code if any, and
/// whether trying again later may succeed. Never carries a password or a message body.
public struct CurlError: Error, Sendable, CustomStringConvertible {
    public let code: Int
    /// What was being done, e.g. "UID SEARCH" or "fetch UID 42".
    public let operation: String
    /// The protocol's reply code (SMTP 550, ...) when the server sent one.
    public let responseCode: Int?
    /// libcurl's explanation (its error buffer, else curl_easy_strerror).
    public let detail: String

    public var description: String {
        var text = "\(operation): \(detail)"
        if let responseCode, responseCode > 0 { text += " (server replied \(responseCode))" }
        return text
    }

    /// The one place that decides: network trouble, timeouts and 4xx replies are transient; login refused,
    /// certificate problems, bad URLs and anything unknown are permanent.
    public var isTransient: Bool {
        if let responseCode, responseCode >= 400 && responseCode < 500 { return true }
        if let responseCode, responseCode >= 500 { return false }
        return Self.transientCodes.contains(code)
    }

    /// The server refused the credentials.
    public var isAuthenticationFailure: Bool { code == Int(CURLE_LOGIN_DENIED.rawValue) }

    /// TLS could not be established or the certificate was not trusted.
    public var isTLSFailure: Bool {
        [
            CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CACERT_BADFILE, CURLE_SSL_CERTPROBLEM,
            CURLE_USE_SSL_FAILED
        ].map { Int($0.rawValue) }.contains(code)
    }

    private static let transientCodes: Set<Int> = Set(
        [
            CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_CONNECT, CURLE_OPERATION_TIMEDOUT, CURLE_SEND_ERROR,
            CURLE_RECV_ERROR,
            CURLE_GOT_NOTHING, CURLE_PARTIAL_FILE, CURLE_AGAIN, CURLE_SSL_CONNECT_ERROR, CURLE_COULDNT_RESOLVE_PROXY
        ].map { Int($0.rawValue) })

    public init(code: Int, operation: String, responseCode: Int?, detail: String) {
        self.code = code
        self.operation = operation
        self.responseCode = responseCode
        self.detail = detail
    }
}

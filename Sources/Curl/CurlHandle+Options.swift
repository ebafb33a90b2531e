import CCurl

/// Whether a plain `imap://` or `smtp://` connection is upgraded to TLS with STARTTLS before logging in: the one
/// policy the configuration, the IMAP poller and the SMTP sender share.
public enum StartTLS: String, Sendable, Equatable, CaseIterable {
    /// Upgrade, or give up without sending the password (the default).
    case required
    /// Upgrade when the server offers it, else log in in plain text.
    case optional
    /// Never upgrade: the password crosses the network in plain text (only for a server on this machine).
    case never
}

/// The options maildesk uses, named for what they do, so no other module needs libcurl's constants.
extension CurlHandle {

    public func setURL(_ url: String) { set(CURLOPT_URL, url) }

    /// A protocol command instead of the URL's default action; nil restores the default.
    public func setCustomRequest(_ command: String?) { set(CURLOPT_CUSTOMREQUEST, command) }

    public func setCredentials(user: String, password: String) {
        set(CURLOPT_USERNAME, user)
        set(CURLOPT_PASSWORD, password)
    }

    /// Connect timeout, and the stall limit: less than 1 byte/s for `stallSeconds` fails the transfer,
    /// while a long transfer that keeps moving does not.
    public func setTimeouts(connect: Int, stallSeconds: Int) {
        set(CURLOPT_CONNECTTIMEOUT, connect)
        set(CURLOPT_LOW_SPEED_LIMIT, 1)
        set(CURLOPT_LOW_SPEED_TIME, stallSeconds)
    }

    /// libcurl's largest receive buffer: libcurl 7.88 silently cuts response lines longer than the buffer.
    public func useLargestBuffer() { set(CURLOPT_BUFFERSIZE, 512 * 1024) }

    /// SMTP: the envelope sender (`<a@b>`, or `<>` for none).
    public func setMailFrom(_ from: String) { set(CURLOPT_MAIL_FROM, from) }

    /// SMTP: the envelope recipients (`<a@b>` each).
    public func setRecipients(_ recipients: [String]) { set(CURLOPT_MAIL_RCPT, list: recipients) }

    /// SMTP: a refused recipient does not fail the transfer while another is accepted.
    public func allowRecipientFailures() { set(MAILDESK_CURLOPT_MAIL_RCPT_ALLOWFAILS, true) }

    /// Closes the connection after each transfer (for comparison: maildesk normally reuses it).
    public func forbidConnectionReuse() { set(CURLOPT_FORBID_REUSE, true) }

    /// `implicit`: TLS from the first byte (imaps://, smtps://), nothing to negotiate; otherwise `startTLS` decides.
    public func setTLS(implicit: Bool, startTLS: StartTLS, caFile: String?, verify: Bool) {
        if !implicit {
            switch startTLS {
            case .required: set(CURLOPT_USE_SSL, Int(CURLUSESSL_ALL.rawValue))
            case .optional: set(CURLOPT_USE_SSL, Int(CURLUSESSL_TRY.rawValue))
            case .never: set(CURLOPT_USE_SSL, Int(CURLUSESSL_NONE.rawValue))
            }
        }
        if let caFile { set(CURLOPT_CAINFO, caFile) }
        set(CURLOPT_SSL_VERIFYPEER, verify)
        set(CURLOPT_SSL_VERIFYHOST, verify ? 2 : 0)
    }
}

extension CurlError {
    /// The server answered something maildesk cannot trust (a cut line, a missing field).
    public static func protocolError(_ operation: String, _ detail: String) -> CurlError {
        CurlError(code: Int(CURLE_WEIRD_SERVER_REPLY.rawValue), operation: operation, responseCode: nil, detail: detail)
    }

    /// The requested mailbox or item does not exist.
    public static func notFound(_ operation: String, _ detail: String) -> CurlError {
        CurlError(
            code: Int(CURLE_REMOTE_FILE_NOT_FOUND.rawValue), operation: operation, responseCode: nil, detail: detail)
    }
}

import Foundation

/// `[http]` in `config/maildesk.toml`: where `maildesk run` answers `/healthz` and `/metrics`. Absent: no listener.
public struct HTTPSettings: Sendable, Equatable {
    /// An IP address (IPv4, or IPv6 in brackets); `localhost` is read as 127.0.0.1.
    public var host: String
    public var port: Int
    /// Whether a non-loopback address is allowed: the figures tell anyone who reaches them about the mail flow.
    public var allowPublic: Bool

    public init(host: String = "127.0.0.1", port: Int = 9425, allowPublic: Bool = false) {
        self.host = host
        self.port = port
        self.allowPublic = allowPublic
    }

    /// `host:port` as written in `listen` (`[::1]:9425` for IPv6).
    public var listen: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    /// Whether `host` is an IPv6 address.
    public var isIPv6: Bool { host.contains(":") }

    enum Keys {
        /// Required: the section's presence turns the listener on. The shipped file suggests the loopback default.
        static let listen = ConfigKey<String>(
            "listen", default: nil, shipped: "127.0.0.1:9425",
            doc: "The IP address and port of /healthz, /metrics and one-click unsubscribe.")
        static let allowPublic = ConfigKey<Bool>(
            "allow_public", default: false, doc: "Whether listen may be an address other machines can reach.")

        static let all: [any DeclaredKey] = [listen, allowPublic]
    }

    static func read(_ table: TableReader) -> HTTPSettings? {
        let allowPublic = table.bool(Keys.allowPublic) ?? false
        guard let listen = table.string(Keys.listen) else {
            if !table.has(Keys.listen) {
                table.fail(nil, "[http] needs listen = \"127.0.0.1:9425\" (or remove the section to serve nothing)")
            }
            return nil
        }
        guard let (host, port) = parse(listen) else {
            table.fail(
                Keys.listen,
                "'listen' must be an IP address and a port, like \"127.0.0.1:9425\" or \"[::1]:9425\", got \"\(listen)\""
            )
            return nil
        }
        if !allowPublic && !FieldChecks.isLoopback(host) {
            table.fail(
                Keys.listen,
                "'listen' is \(listen), which other machines can reach: /metrics and /healthz tell "
                    + "them about your mail flow; listen on 127.0.0.1 (and let a reverse proxy or the scraper's tunnel "
                    + "reach it), or also set allow_public = true if you accept that")
            return nil
        }
        return HTTPSettings(host: host, port: port, allowPublic: allowPublic)
    }

    /// `host:port`, `[v6]:port` or `localhost:port`, with a numeric IP address and a port in 1...65535.
    static func parse(_ text: String) -> (String, Int)? {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
            (1...65535).contains(port)
        else { return nil }
        var host = String(text[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") {
            host = String(host.dropFirst().dropLast())
            var address = in6_addr()
            return inet_pton(AF_INET6, host, &address) == 1 ? (host, port) : nil
        }
        if host.lowercased() == "localhost" { return ("127.0.0.1", port) }
        var address = in_addr()
        return inet_pton(AF_INET, host, &address) == 1 ? (host, port) : nil
    }
}

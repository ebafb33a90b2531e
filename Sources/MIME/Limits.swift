/// Bounds on the work one message may cause. Hitting one is recorded as a problem, never a crash; what lies
/// beyond a bound is kept as an undecoded part so no byte is lost.
public struct Limits: Sendable, Equatable {
    /// Bytes parsed; the rest becomes one undecoded part.
    public var maxMessageBytes = 50 * 1024 * 1024
    /// Bytes of one header section; the rest of the section is skipped (it stays in the raw message).
    public var maxHeaderBytes = 1024 * 1024
    /// Fields of one header section.
    public var maxHeaderFields = 2_000
    /// Nesting of multiparts and attached messages; deeper entities are kept undecoded.
    public var maxDepth = 64
    /// MIME parts in the whole message; later parts are kept as one undecoded part.
    public var maxParts = 2_000
    /// HTML rendered as text; libxml2's tree costs ~40× the input, so a larger HTML body is rendered from
    /// its first bytes only (the HTML itself is kept whole).
    public var maxHTMLRenderBytes = 4 * 1024 * 1024
    /// A header line longer than this is reported (RFC 5322 allows 998 bytes); it is still parsed.
    public var maxLineBytes = 100_000

    public init() {}

    public static let `default` = Limits()
}

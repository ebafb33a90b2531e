/// The new text of a reply: what its writer typed, without the mail it quotes, its signature or device footer.
///
/// Plain text follows email_reply_parser's reading (github/email_reply_parser) for `>` quotes, attributions and
/// signatures, with the unquoted lines between quotes of a bottom-posted or inline reply kept, and adds the
/// separators Outlook, Gmail, Apple Mail, Thunderbird, QQ Mail, Foxmail and NetEase write in English and Chinese.
public enum VisibleReply {
    /// The writer's text of a plain-text reply. `markers`: lines containing any of these (the notification's own
    /// "## Reply above this line ##") end the writer's text, quoted or not; matching is exact, case included.
    public static func text(_ plain: String, markers: [String] = []) -> String {
        let layout = ReplyLayout(ReplyLine.split(plain), markers: markers)
        var own = layout.ownLines[...]
        while let first = own.first, first.allSatisfy(\.isReplyBlank) { own = own.dropFirst() }
        while let last = own.last, last.allSatisfy(\.isReplyBlank) { own = own.dropLast() }
        return own.joined(separator: "\n")
    }
}

import ReplyText

/// The customer's own words: quoted earlier messages, forwarded blocks and signatures removed, so neither
/// training nor prediction learns from text the customer did not write. The reading of quotes, attributions,
/// client separators and signatures is ReplyText's (the same that relays agents' replies); forwarded mail is cut
/// here too, because a forward is text the customer did not write either.
public enum QuoteStripper {
    public static func strip(_ text: String) -> String {
        VisibleReply.text(text, markers: forwardMarkers)
    }

    /// Gmail's "---------- Forwarded message ---------", Apple's "Begin forwarded message:", Chinese clients'.
    private static let forwardMarkers = [
        "Forwarded message", "forwarded message", "Begin forwarded message", "转发的邮件", "轉寄的郵件", "转发邮件"
    ]
}

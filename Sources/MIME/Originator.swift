/// Who wrote a message, as far as its header tells: the first From address, or — for mail without a usable
/// From (some web forms, scripts and broken gateways send none) — Reply-To, then Sender, then Return-Path,
/// as helpdesks read it. The field used is kept so that a guess is never mistaken for a From.
public struct Originator: Sendable, Equatable {
    public enum Field: String, Sendable {
        case from = "From", replyTo = "Reply-To", sender = "Sender", returnPath = "Return-Path"
    }

    public var address: Address
    public var field: Field

    /// The first usable originator of a header, and a problem line when it is not From.
    ///
    /// A From with an address is used as written (today's reading). The fallbacks must hold an `@` address: an
    /// empty `Return-Path: <>` (a bounce) or a bare name gives none, and mail without any stays without a sender.
    static func find(
        from: [Address], replyTo: [Address], sender: [Address], header: Header,
        problems: inout [String]
    ) -> Originator? {
        if let first = from.first(where: { $0.address != nil }) {
            return Originator(address: first, field: .from)
        }
        var ignored: [String] = []
        let returnPath = header.all("return-path").last.map { AddressParser.parse($0.raw, problems: &ignored) } ?? []
        let candidates: [(Field, [Address])] = [(.replyTo, replyTo), (.sender, sender), (.returnPath, returnPath)]
        for (field, addresses) in candidates {
            guard let found = addresses.first(where: { $0.address?.contains("@") == true }) else { continue }
            let why = from.isEmpty ? "no From field" : "From has no address"
            problems.append("\(why); the sender is taken from \(field.rawValue): \(found.address ?? "")")
            return Originator(address: found, field: field)
        }
        return nil
    }
}

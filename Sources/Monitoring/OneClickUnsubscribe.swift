import FlyingFox
import Foundation
import Store
import Threading

/// The HTTPS side of care mail's `List-Unsubscribe` (RFC 8058), served under `[http] listen` behind the reverse
/// proxy `[care] public_url` names. `POST /unsubscribe/<token>` (what a mail client sends for one click, body
/// `List-Unsubscribe=One-Click`) opts the customer out of care mail — never of support. `GET` only shows a page
/// with a button that posts: link scanners and previews fetch every link, and must not unsubscribe anyone. The
/// token is the signed one of the mailto address, so a guessed URL unsubscribes no one.
struct OneClickUnsubscribe: Sendable {
    let secret: ReplySecret
    let store: Store
    let clock: @Sendable () -> Date

    func page(_ request: HTTPRequest) -> HTTPResponse {
        guard let token = token(request) else { return notFound }
        return html(
            """
            <h1>Unsubscribe from greetings</h1>
            <p>You will no longer receive birthday and holiday greetings. Mail about your requests is not affected.</p>
            <p>不再接收生日和节日问候邮件；您的服务请求邮件不受影响。</p>
            <form method="post" action="/unsubscribe/\(token)"><input type="hidden" name="List-Unsubscribe" value="One-Click">
            <button type="submit">Unsubscribe / 退订</button></form>
            """)
    }

    func unsubscribe(_ request: HTTPRequest) throws -> HTTPResponse {
        guard let token = token(request) else { return notFound }
        _ = try store.optOutOfCare(
            customerID: token.customerID, actor: "web", reason: "one-click unsubscribe link", at: clock())
        return html("<h1>Unsubscribed</h1><p>You will receive no more greetings.</p><p>您已退订问候邮件。</p>")
    }

    /// The verified token of the path's last component; nil for anything else.
    private func token(_ request: HTTPRequest) -> UnsubscribeToken? {
        guard let last = request.path.split(separator: "/").last, request.path.split(separator: "/").count == 2 else {
            return nil
        }
        return UnsubscribeToken(verifying: last, secret: secret)
    }

    private var notFound: HTTPResponse {
        HTTPResponse(
            statusCode: .notFound, headers: [.contentType: "text/plain; charset=utf-8"],
            body: Data("This unsubscribe link is not valid.\n".utf8))
    }

    private func html(_ body: String) -> HTTPResponse {
        let page = """
            <!DOCTYPE html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
            <meta name="robots" content="noindex"><title>Unsubscribe</title></head><body>\(body)</body></html>

            """
        return HTTPResponse(
            statusCode: .ok,
            headers: [
                .contentType: "text/html; charset=utf-8",
                HTTPHeader("Content-Security-Policy"): "default-src 'none'; form-action 'self'"
            ],
            body: Data(page.utf8))
    }
}

import Foundation
import Testing

/// What a customer wrote never drives the operator's terminal: escape sequences in a subject or a body come out
/// of `threads show`, `threads list` and `messages list` as U+FFFD.
struct TerminalSafetyTests {
    @Test func escapeSequencesAreNotPrinted() throws {
        let folder = try GatewayFolder(config: GatewayFolder.quiet)
        let mail =
            "From: Eve <eve@example.com>\r\nTo: support@desk.example\r\nSubject: Help \u{1B}]0;pwned\u{07}now\r\n"
            + "Message-ID: <esc1@example.com>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
            + "Hello\u{1B}[2J\u{1B}[31mred\u{9B}31m and \u{202E}reversed\r\n"
        try Data(mail.utf8).write(to: folder.maildir.appendingPathComponent("new/esc1"))
        #expect(try folder.run(["run", "--once"]).status == 0)
        for arguments in [["threads", "show", "1"], ["threads", "list"], ["messages", "list"]] {
            let output = try folder.run(arguments).stdout
            #expect(
                !output.unicodeScalars.contains {
                    $0.value == 0x1B || $0.value == 0x07 || $0.value == 0x9B || $0.value == 0x202E
                },
                "\(arguments)")
            // (the parser already blanks controls in header values; the body keeps them until output)
            if arguments == ["threads", "show", "1"] { #expect(output.contains("Hello\u{FFFD}[2J"), "\(output)") }
        }
        // JSON keeps the text as it came (escaped by the encoder).
        let json = try folder.run(["threads", "show", "1", "--json"]).stdout
        #expect(json.contains("\\u001b") || json.contains("\\u001B"))
    }
}

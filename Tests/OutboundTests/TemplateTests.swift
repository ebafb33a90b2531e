import Foundation
import Testing
import TestSupport
@testable import Templates

@Suite("templates")
struct TemplateTests {
    static let repository = Repository.root.path

    func folder(_ files: [String: String]) throws -> String {
        let root = try TemporaryFolder.make("maildesk-templates").path
        for (path, text) in files {
            let full = root + "/" + path
            try FileManager.default.createDirectory(
                atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try text.write(toFile: full, atomically: true, encoding: .utf8)
        }
        return root
    }

    static let minimal = [
        "en/ack_need.txt": "Subject: Re: {{thread.subject}} {{thread.ticket}}\n\nHello {{customer.name}}\n",
        "en/ack_feedback.txt": "Subject: Thanks {{thread.ticket}}\n\nThanks\n",
        "en/agent_notification.txt": "Subject: {{thread.ticket}}\n\n{{message.text}}\n"
    ]

    @Test func theShippedTemplatesPassTheCheck() throws {
        let set = try TemplateSet(directory: Self.repository + "/templates", defaultLocale: "en")
        #expect(set.check() == [])
        #expect(set.names.count >= 20)
        for locale in ["en", "zh", "zh-Hant"] {
            for name in TemplateVariables.requiredNames {
                let mail = try #require(set.render([name], locale: locale, context: TemplateVariables.sample)?.mail)
                #expect(mail.subject.contains("[#K7QX2M4P9A]"), "\(locale)/\(name)")
                #expect(!mail.text.contains("{{"))
            }
        }
    }

    @Test func unknownVariablesAreNamedWithASuggestion() throws {
        var files = Self.minimal
        files["en/ack_need.txt"] =
            "Subject: Re {{thread.tiket}}\n\n{{#agent}}{{name}}{{nmae}}{{/agent}} {{customer.name}}\n"
        let set = try TemplateSet(directory: try folder(files), defaultLocale: "en")
        let problems = set.check().map(\.message)
        #expect(
            problems.contains(
                "unknown variable {{thread.tiket}} — did you mean {{thread.ticket}}? (the variables are listed in README \"Templates\")"
            ))
        #expect(problems.contains { $0.hasPrefix("unknown variable {{nmae}} — did you mean {{name}}?") })
        #expect(problems.count == 2, "\(problems)")  // {{name}} inside {{#agent}} is agent.name
    }

    /// The problems that refuse a template set at load (nothing is sent from it), by message.
    func refusal(_ html: String) throws -> [String] {
        var files = Self.minimal
        files["en/ack_need.html"] = html
        let directory = try folder(files)
        do {
            _ = try TemplateSet(directory: directory, defaultLocale: "en")
            return []
        } catch {
            return error.problems.map(\.message)
        }
    }

    @Test func customerTextCannotBeUnescapedInHTML() throws {
        let problems = try refusal("<p>{{{message.text}}}</p><p>{{&customer.name}}</p><p>{{{company.name}}}</p>")
        #expect(problems.count == 2, "\(problems)")
        #expect(problems.allSatisfy { $0.contains("unescaped") })
    }

    @Test func noBackDoorAroundEscaping() throws {
        // The value itself inside its own section.
        #expect(
            try refusal("<p>{{#customer.name}}{{{.}}}{{/customer.name}}</p>")
                == [
                    "{{{.}}} inside {{#customer.name}} puts a customer's text (customer.name) into HTML unescaped: write {{.}}"
                ])
        #expect(try refusal("{{#message}}{{#text}}<b>{{& . }}</b>{{/text}}{{/message}}").count == 1)
        // A pragma that turns escaping off for the whole file, however it is spelled.
        #expect(
            try refusal("{{% CONTENT_TYPE: TEXT}}<p>{{message.text}}</p>").first?.contains("turns off HTML escaping")
                == true)
        #expect(try refusal("{{%content_type:text}}<p>{{customer.name}}</p>").count == 1)
        // New delimiters would hide {{{…}}} from the check.
        let delimiters = try refusal("{{=<% %>=}}<p><%& message.text %></p>")
        #expect(delimiters.contains { $0.contains("changes the Mustache delimiters") }, "\(delimiters)")
        // What stays allowed: escaped values, {{.}} in a section, unescaped values maildesk writes itself.
        #expect(
            try refusal("<p>{{#customer.name}}{{.}}{{/customer.name}} {{{company.name}}} {{% CONTENT_TYPE: HTML}}</p>")
                == [])
    }

    @Test func aRefusedSetSendsNothing() throws {
        var files = Self.minimal
        files["en/ack_need.html"] = "<p>{{#customer.name}}{{{.}}}{{/customer.name}}</p>"
        #expect(throws: TemplateErrors.self) { try TemplateSet(directory: try folder(files), defaultLocale: "en") }
        // The text templates alone may do as they like: they are sent as text/plain.
        files["en/ack_need.html"] = nil
        files["en/ack_need.txt"] = "Subject: {{{thread.subject}}}\n\n{{#customer.name}}{{{.}}}{{/customer.name}}\n"
        #expect(try TemplateSet(directory: try folder(files), defaultLocale: "en").check() == [])
    }

    @Test func htmlEscapesAndTextDoesNot() throws {
        var files = Self.minimal
        files["en/ack_need.html"] = "<p>{{message.text}}</p>"
        files["en/ack_need.txt"] = "Subject: {{message.subject}}\n\n{{message.text}}\n"
        let set = try TemplateSet(directory: try folder(files), defaultLocale: "en")
        var context = TemplateVariables.sample
        context["message"] = ["subject": "<b>&", "text": "<script>alert(1)</script> & \"x\""]
        let mail = try #require(set.render(["ack_need"], locale: "en", context: context)?.mail)
        #expect(mail.subject == "<b>&")
        #expect(mail.text == "<script>alert(1)</script> & \"x\"\n")
        #expect(mail.html?.contains("&lt;script&gt;") == true)
        #expect(mail.html?.contains("<script>") == false)
    }

    @Test func localesFallBackToTheirParentThenTheDefault() throws {
        var files = Self.minimal
        files["zh/ack_need.txt"] = "Subject: 简体\n\n简体\n"
        files["zh/ack_need_billing.txt"] = "Subject: 简体账单\n\n简体\n"
        files["zh-Hant/ack_need.txt"] = "Subject: 繁體\n\n繁體\n"
        let set = try TemplateSet(directory: try folder(files), defaultLocale: "en")
        #expect(set.chain(for: "zh-Hant") == ["zh-Hant", "zh", "en"])
        #expect(set.chain(for: "ja") == ["en"])
        // The customer's script before a more specific template in another one.
        #expect(
            set.render(["ack_need_billing", "ack_need"], locale: "zh-Hant", context: TemplateVariables.sample)?.mail
                .subject == "繁體")
        #expect(
            set.render(["ack_need_billing", "ack_need"], locale: "zh", context: TemplateVariables.sample)?.mail.subject
                == "简体账单")
        #expect(set.render(["ack_feedback"], locale: "zh-Hant", context: TemplateVariables.sample)?.locale == "en")
    }

    @Test func brokenFilesAreReportedTogether() throws {
        var files = Self.minimal
        files["en/ack_feedback.txt"] = "No subject line here\n"
        files["en/agent_notification.txt"] = "Subject: x\n\n{{#thread}}unclosed\n"
        files["en/orphan.html"] = "<p></p>"
        let directory = try folder(files)
        do throws(TemplateErrors) {
            _ = try TemplateSet(directory: directory, defaultLocale: "en")
            Issue.record("loaded")
        } catch {
            #expect(error.problems.count == 3)
            #expect(error.description.contains("ack_feedback.txt: must start with a subject line"))
            #expect(error.description.contains("agent_notification.txt: Mustache syntax error"))
            #expect(error.description.contains("orphan.html: an HTML template needs its text version"))
        }
    }
}

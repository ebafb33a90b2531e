import Config
import Testing

/// `[outbound] default_locale` names a folder of the templates: the locales are what `templates/` holds.
@Suite("default locale")
struct DefaultLocaleTests {
    func sandbox(_ locale: String, folders: [String]) -> Sandbox {
        let sandbox = Sandbox.make(config: "[outbound]\ndefault_locale = \"\(locale)\"\n")
        for folder in folders { sandbox.write("templates/\(folder)/ack_need.txt", "Subject\n\nHello\n") }
        return sandbox
    }

    @Test func aLocaleWithTemplatesIsTakenEvenIfMaildeskShipsNone() throws {
        #expect(try sandbox("ja", folders: ["en", "ja"]).load().gateway.outbound.defaultLocale == "ja")
    }

    @Test func aLocaleWithoutAFolderIsRefusedWithTheFoldersThere() {
        let lines = sandbox("zh-hant", folders: ["en", "zh", "zh-Hant"]).errorLines()
        #expect(
            lines == [
                "config/maildesk.toml:2: 'default_locale' \"zh-hant\" has no folder in templates/ (the locales there: "
                    + "en, zh, zh-Hant) — did you mean 'zh-Hant'?"
            ], "\(lines)")
    }

    @Test func withoutATemplatesFolderTheAnswerStageReportsIt() throws {
        #expect(try sandbox("ja", folders: []).load().gateway.outbound.defaultLocale == "ja")
    }
}

import Config
import Testing

@Suite("campaign files")
struct CampaignTests {
    @Test func everyKeyIsRead() throws {
        let sandbox = Sandbox.make(
            config: "[care]\ndefault_timezone = \"Europe/Berlin\"\nmin_gap_hours = 6\nfrom = \"care@example.com\"\n")
        sandbox.write(
            "config/campaigns/xmas.toml",
            """
            name = "xmas"
            occasion = "christmas"
            send_at = "10:30"
            throttle = 100
            catch_up_hours = 6
            feb29 = "mar1"
            start = 2026-01-01
            end = "2027-12-31"
            state = "paused"
            template = "care_christmas"
            [segment]
            tags = ["vip", "Newsletter"]
            languages = "en"
            """)
        let configuration = try sandbox.load()
        let care = configuration.gateway.care
        #expect(care.defaultTimezone == "Europe/Berlin")
        #expect(care.minGapHours == 6)
        #expect(care.from == "care@example.com")
        let xmas = try #require(configuration.campaign(named: "xmas"))
        #expect(xmas.occasion == .holiday("christmas"))
        #expect(xmas.sendAt == 10 * 60 + 30)
        #expect(xmas.throttle == 100)
        #expect(xmas.catchUpHours == 6)
        #expect(xmas.feb29 == .mar1)
        #expect(xmas.start == CalendarDay(year: 2026, month: 1, day: 1))
        #expect(xmas.end == CalendarDay(year: 2027, month: 12, day: 31))
        #expect(xmas.state == .paused)
        #expect(xmas.template == "care_christmas")
        #expect(xmas.tags == ["vip", "newsletter"])
        #expect(xmas.languages == ["en"])
    }

    @Test func publicURLMustBeHTTPSExceptOnThisMachine() {
        for (url, problem) in [
            ("https://desk.example.com/", nil),
            ("http://127.0.0.1:9425", nil),
            (
                "http://desk.example.com",
                "config/maildesk.toml:2: 'public_url' must be https:// (mail clients only follow HTTPS one-click links), got \"http://desk.example.com\""
            ),
            (
                "desk.example.com",
                "config/maildesk.toml:2: 'public_url' must be a URL such as \"https://desk.example.com\", got \"desk.example.com\""
            )
        ] as [(String, String?)] {
            let sandbox = Sandbox.make(config: "[care]\npublic_url = \"\(url)\"\n")
            #expect(sandbox.errorLines() == (problem.map { [$0] } ?? ["loaded"]), "\(url)")
        }
    }

    @Test func mistakesAreReportedWithFileLineAndFix() {
        let sandbox = Sandbox.make(config: "[care]\ndefault_timezone = \"Asia/Shangai\"\n")
        sandbox.write(
            "config/campaigns/bad.toml",
            """
            occasion = "spring_festivl"
            send_at = "9am"
            catch_up = 3
            state = "actve"
            """)
        sandbox.write("config/campaigns/none.toml", "send_at = \"09:00\"\n")
        let lines = sandbox.errorLines()
        #expect(
            lines.contains(
                "config/maildesk.toml:2: unknown time zone 'Asia/Shangai': write an IANA zone such as Asia/Shanghai, Europe/Berlin or America/New_York"
            ), "\(lines)")
        #expect(
            lines.contains {
                $0.hasPrefix(
                    "config/campaigns/bad.toml:1: unknown occasion 'spring_festivl' — did you mean 'spring_festival'?")
            }, "\(lines)")
        #expect(
            lines.contains(
                "config/campaigns/bad.toml:2: 'send_at' must be a local time HH:MM, e.g. send_at = \"09:00\""),
            "\(lines)")
        #expect(
            lines.contains {
                $0.hasPrefix("config/campaigns/bad.toml:3: unknown key 'catch_up' — did you mean 'catch_up_hours'?")
            }, "\(lines)")
        #expect(
            lines.contains(
                "config/campaigns/bad.toml:4: 'state' must be \"active\" or \"paused\" — did you mean 'active'?"),
            "\(lines)")
        #expect(lines.contains { $0.hasPrefix("config/campaigns/none.toml: missing 'occasion'") }, "\(lines)")
    }
}

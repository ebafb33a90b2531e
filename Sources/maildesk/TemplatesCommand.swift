import ArgumentParser
import Config
import Foundation
import Store
import Templates

struct TemplatesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "templates", abstract: "Check the outbound templates.", subcommands: [Check.self])

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Render every template with sample data; report syntax errors, unknown variables and unescaped customer text in HTML."
        )
        @OptionGroup var global: GlobalOptions
        @Flag(help: "Also print each rendered sample.") var show = false

        func run() throws {
            let configuration = try loadConfiguration(global)
            let outbound = configuration.gateway.outbound
            let folder = ConfigPaths.absolute(
                outbound.templates, workingDirectory: FileManager.default.currentDirectoryPath)
            let set: TemplateSet
            do { set = try TemplateSet(directory: folder, defaultLocale: outbound.defaultLocale) } catch {
                printError(error.description)
                throw ExitStatus.config
            }
            var problems = set.check().map(\.description)
            // Every campaign needs its template in the default locale (other locales fall back to it).
            for campaign in configuration.campaigns
            where set.render([campaign.template], locale: outbound.defaultLocale, context: TemplateVariables.sample)
                == nil
            {
                problems.append(
                    "\(campaign.file): campaign \(campaign.name) needs templates/\(outbound.defaultLocale)/\(campaign.template).txt"
                )
            }
            for problem in problems { printError(problem) }
            if show {
                for (locale, name) in set.names {
                    guard let rendered = set.render([name], locale: locale, context: TemplateVariables.sample) else {
                        continue
                    }
                    print("===== \(locale)/\(name)\nSubject: \(rendered.mail.subject)\n\n\(rendered.mail.text)")
                    if let html = rendered.mail.html { print("----- html\n\(html)") }
                }
            }
            guard problems.isEmpty else { throw ExitStatus.config }
            print(
                "\(set.names.count) templates in \(outbound.templates) render (locales: \(Set(set.names.map(\.locale)).sorted().joined(separator: ", ")))"
            )
        }
    }
}

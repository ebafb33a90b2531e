import Foundation
import Mustache

/// A template file's problem: which file, what, and the fix.
public struct TemplateProblem: Error, Sendable, CustomStringConvertible, Equatable {
    public var file: String
    public var message: String
    /// Sending with it could put a customer's text into HTML unescaped: templates with such a problem never load.
    public var unsafe: Bool
    public var description: String { "\(file): \(message)" }

    public init(file: String, message: String, unsafe: Bool = false) {
        self.file = file
        self.message = message
        self.unsafe = unsafe
    }
}

/// A rendered mail: subject, text and (when the template has one) HTML.
public struct RenderedMail: Sendable, Equatable {
    public var subject: String
    public var text: String
    public var html: String?
}

/// The templates of `templates/<locale>/<name>.txt` (and optional `<name>.html`).
///
/// A `.txt` file starts with its subject line, `Subject: …`, then a blank line, then the body. Variables are
/// Mustache (`{{thread.ticket}}`); in `.html` files `{{…}}` is HTML-escaped, so a customer's text cannot add
/// markup (`{{{…}}}` of a customer-provided value, `{{{.}}}` inside its section, a `CONTENT_TYPE: TEXT` pragma
/// or new delimiters in an HTML file refuse the whole set at load: nothing is sent until it is fixed). A name is looked up in the
/// requested locale, then its parent (`zh-Hant` → `zh`), then the default locale.
public struct TemplateSet: Sendable {
    public let directory: String
    public let defaultLocale: String
    /// locale → name → template.
    let templates: [String: [String: LoadedTemplate]]

    struct LoadedTemplate: Sendable {
        var file: String
        var subject: MustacheTemplate
        var text: MustacheTemplate
        var html: MustacheTemplate?
        var htmlFile: String?
        var sources: [(file: String, text: String, html: Bool)]
    }

    /// Loads every template; a file that does not parse is reported with the others.
    public init(directory: String, defaultLocale: String) throws(TemplateErrors) {
        self.directory = directory
        self.defaultLocale = defaultLocale
        var problems: [TemplateProblem] = []
        var loaded: [String: [String: LoadedTemplate]] = [:]
        let fm = FileManager.default
        guard let locales = try? fm.contentsOfDirectory(atPath: directory) else {
            throw TemplateErrors([
                TemplateProblem(
                    file: directory,
                    message: "templates folder not found (set [outbound] templates, or create \(directory)/en/)")
            ])
        }
        for locale in locales.sorted() where !locale.hasPrefix(".") {
            let folder = directory + "/" + locale
            guard let names = try? fm.contentsOfDirectory(atPath: folder) else { continue }
            for file in names.sorted() where file.hasSuffix(".txt") {
                let name = String(file.dropLast(4))
                let path = folder + "/" + file
                do throws(TemplateProblem) {
                    loaded[locale, default: [:]][name] = try Self.load(
                        textFile: path, htmlFile: folder + "/" + name + ".html")
                } catch {
                    problems.append(error)
                }
            }
            for file in names.sorted()
            where file.hasSuffix(".html") && !names.contains(String(file.dropLast(5)) + ".txt") {
                problems.append(
                    TemplateProblem(
                        file: folder + "/" + file,
                        message: "an HTML template needs its text version "
                            + "\(String(file.dropLast(5))).txt beside it (it holds the subject and the plain-text part)"
                    ))
            }
        }
        if loaded[defaultLocale] == nil {
            problems.append(
                TemplateProblem(
                    file: directory + "/" + defaultLocale,
                    message: "no templates for the default locale '\(defaultLocale)'"))
        }
        // What would send a customer's text into HTML unescaped refuses the whole set: nothing is sent from it.
        for template in loaded.values.flatMap(\.values) {
            for source in template.sources {
                problems += TemplateVariables.problems(in: source.text, file: source.file, html: source.html).filter(
                    \.unsafe)
            }
        }
        if !problems.isEmpty { throw TemplateErrors(problems) }
        templates = loaded
    }

    static func load(textFile: String, htmlFile: String) throws(TemplateProblem) -> LoadedTemplate {
        guard let data = FileManager.default.contents(atPath: textFile),
            let source = String(data: data, encoding: .utf8)
        else {
            throw TemplateProblem(file: textFile, message: "cannot be read as UTF-8")
        }
        let normalised = source.replacingOccurrences(of: "\r\n", with: "\n")
        guard normalised.hasPrefix("Subject:"), let end = normalised.range(of: "\n\n") else {
            throw TemplateProblem(
                file: textFile,
                message: "must start with a subject line, then a blank line: "
                    + "\"Subject: Your request {{thread.ticket}}\\n\\nDear …\"")
        }
        let subjectSource = String(normalised[normalised.index(normalised.startIndex, offsetBy: 8)..<end.lowerBound])
            .trimmingCharacters(in: .whitespaces)
        if subjectSource.contains("\n") {
            throw TemplateProblem(file: textFile, message: "the subject is one line: put a blank line after it")
        }
        let body = String(normalised[end.upperBound...])
        var sources: [(file: String, text: String, html: Bool)] = [
            (textFile, subjectSource, false), (textFile, body, false)
        ]
        let text = "{{% CONTENT_TYPE: TEXT}}"
        var html: MustacheTemplate?
        var htmlPath: String?
        do {
            let subject = try MustacheTemplate(string: text + subjectSource)
            let textTemplate = try MustacheTemplate(string: text + body)
            if let htmlData = FileManager.default.contents(atPath: htmlFile) {
                guard let htmlSource = String(data: htmlData, encoding: .utf8) else {
                    throw TemplateProblem(file: htmlFile, message: "cannot be read as UTF-8")
                }
                sources.append((htmlFile, htmlSource, true))
                htmlPath = htmlFile
                do { html = try MustacheTemplate(string: htmlSource) } catch {
                    throw TemplateProblem(file: htmlFile, message: "Mustache syntax error: \(error)")
                }
            }
            return LoadedTemplate(
                file: textFile, subject: subject, text: textTemplate, html: html, htmlFile: htmlPath,
                sources: sources)
        } catch let problem as TemplateProblem {
            throw problem
        } catch {
            throw TemplateProblem(file: textFile, message: "Mustache syntax error: \(error)")
        }
    }

    /// The locales tried for `locale`, most specific first.
    public func chain(for locale: String) -> [String] {
        var chain: [String] = []
        if templates[locale] != nil { chain.append(locale) }
        if let dash = locale.firstIndex(of: "-") {
            let parent = String(locale[..<dash])
            if templates[parent] != nil && !chain.contains(parent) { chain.append(parent) }
        }
        if !chain.contains(defaultLocale) { chain.append(defaultLocale) }
        return chain
    }

    /// Which of `names` `render` would use for `locale`, without rendering: (name, locale), nil when none exists.
    public func find(_ names: [String], locale: String) -> (name: String, locale: String)? {
        for candidate in chain(for: locale) {
            for name in names where templates[candidate]?[name] != nil { return (name, candidate) }
        }
        return nil
    }

    /// Renders the first of `names` found along the locale chain: the customer's language first (its most
    /// specific template, then the generic one), then the next locale; nil when none exists.
    public func render(_ names: [String], locale: String, context: [String: Any]) -> (
        name: String, locale: String, mail: RenderedMail
    )? {
        for candidate in chain(for: locale) {
            for name in names {
                guard let template = templates[candidate]?[name] else { continue }
                let subject = template.subject.render(context).trimmingCharacters(in: .whitespacesAndNewlines)
                    .replacingOccurrences(of: "\n", with: " ")
                return (
                    name, candidate,
                    RenderedMail(
                        subject: subject, text: template.text.render(context),
                        html: template.html?.render(context))
                )
            }
        }
        return nil
    }

    /// Every template's problems: unknown variables, customer-provided values left unescaped in HTML, and what
    /// rendering the sample context leaves behind. Empty when all is well.
    public func check() -> [TemplateProblem] {
        var problems: [TemplateProblem] = []
        for locale in templates.keys.sorted() {
            for name in templates[locale]!.keys.sorted() {
                let template = templates[locale]![name]!
                for source in template.sources {
                    problems += TemplateVariables.problems(in: source.text, file: source.file, html: source.html)
                }
                for required in TemplateVariables.requiredNames where templates[defaultLocale]?[required] == nil {
                    problems.append(
                        TemplateProblem(
                            file: directory + "/" + defaultLocale + "/" + required + ".txt",
                            message: "missing: maildesk sends this template"))
                }
                let rendered = render([name], locale: locale, context: TemplateVariables.sample)
                if let mail = rendered?.mail, mail.subject.isEmpty {
                    problems.append(TemplateProblem(file: template.file, message: "the subject renders empty"))
                }
            }
        }
        var seen = Set<String>()
        return problems.filter { seen.insert($0.description).inserted }
    }

    /// Every (locale, name) loaded.
    public var names: [(locale: String, name: String)] {
        templates.keys.sorted().flatMap { locale in templates[locale]!.keys.sorted().map { (locale, $0) } }
    }
}

/// Several template problems, one per line.
public struct TemplateErrors: Error, Sendable, CustomStringConvertible {
    public var problems: [TemplateProblem]
    public init(_ problems: [TemplateProblem]) { self.problems = problems }
    public var description: String { problems.map(\.description).joined(separator: "\n") }
}

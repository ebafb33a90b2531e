import ArgumentParser
import Care
import Foundation
import Store

/// `customers import|show|set|export|forget`: the records marketing keeps for care mail.
extension Customers {
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import or update customers from a CSV file (merged by address, case-insensitively).",
            discussion: """
                The first row names the columns: email (required), name, birthday (YYYY-MM-DD, MM-DD or lunar:MM-DD), \
                timezone (IANA, e.g. Asia/Shanghai), language (en, zh, zh-Hant), tags (separated by ; or ,), opt_out \
                (true/false); any other column is kept as an attribute. An empty cell changes nothing. A bad row is \
                reported with its line and skipped; the rest is imported in one transaction. Exit status 65 when any \
                row was bad.
                """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The CSV file (UTF-8).") var file: String
        @Flag(help: "Check the file and report what would change, without writing.") var dryRun = false
        @Flag(help: "Print the result as JSON.") var json = false

        struct Output: Encodable {
            var counts: ImportCounts
            var problems: [Problem]
            var dryRun: Bool
            struct Problem: Encodable { var line: Int; var reason: String }
        }

        func run() throws {
            let text: String
            do {
                let data = try Data(contentsOf: URL(fileURLWithPath: file))
                guard let decoded = String(data: data, encoding: .utf8) else {
                    printError("\(file) is not UTF-8 text: save it from the spreadsheet as \"CSV UTF-8\"")
                    throw ExitStatus.dataError
                }
                text = decoded
            } catch let error as ExitCode { throw error } catch {
                printError("cannot read \(file): \(error.localizedDescription)")
                throw ExitStatus.noInput
            }
            let parsed: CustomerCSV.Parsed
            do { parsed = try CustomerCSV.parse(text) } catch {
                printError("\(file): \(error)")
                throw ExitStatus.dataError
            }
            let store = try Gateway.open(global).store
            // On a terminal, a line rewritten in place: rows done of all, and the rate.
            let total = parsed.rows.count
            let started = DispatchTime.now().uptimeNanoseconds
            let onTerminal = isatty(STDERR_FILENO) == 1 && total >= 1_000
            func show(_ done: Int) {
                let seconds = max(Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9, 0.001)
                FileHandle.standardError.write(
                    Data("\rimport: \(done)/\(total) rows (\(Int(Double(done) / seconds)) rows/s)\u{1B}[K".utf8))
            }
            let counts = try store.importCustomers(
                parsed.rows.map(\.profile), dryRun: dryRun, actor: "import:\(cliUser)",
                source: (file as NSString).lastPathComponent, at: Date(),
                progress: onTerminal ? { show($0) } : nil)
            if onTerminal {
                show(total)
                FileHandle.standardError.write(Data("\n".utf8))
            }
            if json {
                try JSONOutput.print(
                    Output(
                        counts: counts, problems: parsed.problems.map { .init(line: $0.line, reason: $0.reason) },
                        dryRun: dryRun))
            } else {
                for problem in parsed.problems { printError("\(file):\(problem.line): \(problem.reason)") }
                let verb = dryRun ? "would create" : "created"
                print(
                    "\(dryRun ? "dry run: " : "")\(verb) \(counts.created), \(dryRun ? "would update" : "updated") \(counts.updated), "
                        + "unchanged \(counts.unchanged), bad rows \(parsed.problems.count)")
            }
            if !parsed.problems.isEmpty { throw ExitStatus.dataError }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one customer's record.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The customer's address.") var address: String
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            guard let p = try Gateway.open(global).store.customerProfile(address) else {
                printError("no customer \(address.lowercased()) (see `maildesk customers list`)")
                throw ExitStatus.dataError
            }
            if json { return try JSONOutput.print(p) }
            print(
                """
                address:       \(p.address)
                name:          \(p.name ?? "-")
                birthday:      \(p.birthday ?? "-")
                timezone:      \(p.timezone ?? "- (the [care] default_timezone)")
                language:      \(p.language ?? "-")
                tags:          \(p.tags.isEmpty ? "-" : p.tags.joined(separator: ", "))
                care mail:     \(p.optOutAt.map { "opted out at \($0)" } ?? (p.undeliverable ? "undeliverable" : "yes"))
                surveys:       \(p.surveyOptOutAt.map { "opted out at \($0)" } ?? "yes")
                threads:       \(p.threads)
                """)
            for (key, value) in p.attributes.sorted(by: { $0.key < $1.key }) {
                print("\((key + ":").padding(15))\(value)")
            }
        }
    }

    /// `set` (named so that it does not shadow `Swift.Set` in the command's scope).
    struct SetFields: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set",
            abstract:
                "Change fields of a customer (created if new): name, birthday, timezone, language, tags, opt_out, undeliverable, survey_opt_out, or any attribute.",
            discussion:
                "Each change is key=value; an empty value clears the field (customers set ann@example.com timezone=Europe/Berlin birthday=lunar:08-15 opt_out=false)."
        )
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The customer's address.") var address: String
        @Argument(help: "One or more key=value changes.") var changes: [String]

        func validate() throws {
            if case .failure(let error) = CustomerFields.address(address) { throw ValidationError(error.description) }
            if changes.isEmpty {
                throw ValidationError("give at least one key=value change, e.g. timezone=Asia/Shanghai")
            }
            _ = try parsedChanges()
        }

        func parsedChanges() throws -> [CustomerChange] {
            try changes.map { text in
                guard let eq = text.firstIndex(of: "=") else {
                    throw ValidationError("'\(text)' is not key=value (e.g. timezone=Asia/Shanghai)")
                }
                let key = text[..<eq].trimmingCharacters(in: .whitespaces).lowercased()
                let value = text[text.index(after: eq)...].trimmingCharacters(in: .whitespaces)
                func checked<T>(_ result: Result<T, FieldError>) throws -> T? {
                    if value.isEmpty { return nil }
                    switch result {
                    case .success(let v): return v
                    case .failure(let error): throw ValidationError(error.description)
                    }
                }
                switch key {
                case "email", "address":
                    throw ValidationError("the address is the record's key: forget it and import the new one")
                case "name": return .name(value.isEmpty ? nil : value)
                case "birthday": return .birthday(try checked(CustomerFields.birthday(value))?.description)
                case "timezone": return .timezone(try checked(CustomerFields.timezone(value)))
                case "language": return .language(try checked(CustomerFields.language(value)))
                case "tags": return .tags(CustomerFields.tags(value))
                case "opt_out": return .optOut(try checked(CustomerFields.flag(value, name: "opt_out")) ?? false)
                case "survey_opt_out", "surveys_opt_out":
                    return .surveyOptOut(try checked(CustomerFields.flag(value, name: "survey_opt_out")) ?? false)
                case "surveys":
                    return .surveyOptOut(!(try checked(CustomerFields.flag(value, name: "surveys")) ?? true))
                case "undeliverable":
                    return .undeliverable(try checked(CustomerFields.flag(value, name: "undeliverable")) ?? false)
                // The lift of a suppression, in the words of the issue and the README.
                case "deliverable":
                    return .undeliverable(!(try checked(CustomerFields.flag(value, name: "deliverable")) ?? true))
                case "": throw ValidationError("'\(text)' has no key before '='")
                default: return .attribute(key, value.isEmpty ? nil : value)
                }
            }
        }

        func run() throws {
            let p = try Gateway.open(global).store.updateCustomer(
                address, try parsedChanges(), actor: "agent:\(cliUser)", at: Date())
            print(
                "\(p.address): name \(p.name ?? "-"), birthday \(p.birthday ?? "-"), timezone \(p.timezone ?? "-"), "
                    + "language \(p.language ?? "-"), tags \(p.tags.isEmpty ? "-" : p.tags.joined(separator: ";")), "
                    + "care mail \(p.optOutAt == nil ? (p.undeliverable ? "undeliverable" : "yes") : "opted out")")
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print every customer as CSV (the columns `customers import` reads; attributes as extra columns)."
        )
        @OptionGroup var global: GlobalOptions

        func run() throws {
            let profiles = try Gateway.open(global).store.customerProfiles()
            let extra = Array(Set(profiles.flatMap(\.attributes.keys))).sorted()
            var out = CustomerCSV.record(CustomerFields.known + extra) + "\n"
            for p in profiles {
                out +=
                    CustomerCSV.record(
                        [
                            p.address, p.name ?? "", p.birthday ?? "", p.timezone ?? "", p.language ?? "",
                            p.tags.joined(separator: ";"), p.optOutAt == nil ? "false" : "true"
                        ]
                            + extra.map { p.attributes[$0] ?? "" }) + "\n"
            }
            FileHandle.standardOutput.write(Data(out.utf8))
        }
    }

    struct Forget: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Erase a customer's personal data; their threads stay, anonymised (names, addresses and texts erased).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The customer's address.") var address: String

        func run() throws {
            guard
                let messages = try Gateway.open(global).store.forgetCustomer(
                    address, actor: "agent:\(cliUser)", at: Date())
            else {
                printError("no customer \(address.lowercased()) (see `maildesk customers list`)")
                throw ExitStatus.dataError
            }
            print(
                "\(address.lowercased()) forgotten: record erased, \(messages) message\(messages == 1 ? "" : "s") anonymised"
            )
        }
    }
}

/// Who runs the command, for the audit log.
var cliUser: String { ProcessInfo.processInfo.environment["USER"] ?? "cli" }

extension CustomerRow {
    var profile: CustomerProfile {
        CustomerProfile(
            address: address, name: name, birthday: birthday?.description, timezone: timezone, language: language,
            tags: tags, optOut: optOut, attributes: attributes)
    }
}

import ArgumentParser
import Foundation
import Pipeline

extension Threads {
    /// `threads reply ID --from AGENT --file F`: answer a thread from the command line, as by mail.
    struct Reply: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Answer a thread as an agent: the text is relayed to the customer (commands at its top apply).",
            discussion: """
                The text goes the way of an agent's answer by mail: commands on its first lines (#close, \
                #priority high, #note, …) are applied, the rest is sent to the customer from the support address \
                by the next `maildesk run`. The thread then waits on the customer (pending) unless a command \
                says otherwise.
                """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The thread id (as `threads list` shows it).") var id: Int64
        @Option(help: "The agent who writes (address or name, as in the agents file).") var from: String
        @Option(help: "A UTF-8 text file with the answer, or - for standard input.") var file: String

        func run() throws { try submit(id: id, from: from, file: file, global: global, note: false) }
    }

    /// `threads note ID --from AGENT --file F`: an internal note, never sent.
    struct Note: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add an internal note to a thread (never sent to the customer).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The thread id (as `threads list` shows it).") var id: Int64
        @Option(help: "The agent who writes (address or name, as in the agents file).") var from: String
        @Option(help: "A UTF-8 text file with the note, or - for standard input.") var file: String

        func run() throws { try submit(id: id, from: from, file: file, global: global, note: true) }
    }
}

/// Stores the agent's text as their mail and runs it through the agent-reply path; prints what happened.
private func submit(id: Int64, from: String, file: String, global: GlobalOptions, note: Bool) throws {
    let bytes: [UInt8]
    do { bytes = try InputFile.read(file) } catch {
        printError("\(error)")
        throw ExitStatus.noInput
    }
    guard let text = String(validating: bytes, as: UTF8.self) else {
        printError("'\(file)' is not UTF-8 text (save it as UTF-8)")
        throw ExitStatus.dataError
    }
    let gateway = try Gateway.open(global)
    let pipeline = try gateway.pipeline(verbose: false)
    let summary: RunSummary
    do {
        summary = try pipeline.submitAgentMail(thread: id, agent: from, text: text, note: note)
    } catch let error as PipelineError {
        printError(error.description)
        throw ExitStatus.dataError
    }
    if summary.agentAnswers > 0 {
        print("thread \(id): answer queued for the customer (sent by the next `maildesk run`)")
    } else if summary.agentMailRefused > 0 {
        printError(
            "thread \(id): nothing was relayed or changed; see `maildesk threads show \(id) --history` "
                + "and the notice queued for the agent")
        throw ExitStatus.dataError
    } else {
        print("thread \(id): \(note ? "note added" : "commands applied")")
    }
}

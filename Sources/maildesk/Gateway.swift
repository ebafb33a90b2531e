import ArgumentParser
import Config
import Foundation
import Logging
import Pipeline
import Store

/// The wired gateway a command works on: validated configuration, the store, the pipeline.
struct Gateway {
    let configuration: Configuration
    let store: Store
    let workingDirectory: String

    /// Loads and validates the configuration before anything runs, then opens the store.
    static func open(_ options: GlobalOptions) throws -> Gateway {
        let cwd = FileManager.default.currentDirectoryPath
        let configuration = try loadConfiguration(options)
        let path = ConfigPaths.absolute(configuration.gateway.store.path, workingDirectory: cwd)
        do {
            return Gateway(configuration: configuration, store: try Store(path: path), workingDirectory: cwd)
        } catch {
            printError(
                "cannot open the store at '\(configuration.gateway.store.path)': \(error) (check [store] path in \(options.config) and the folder's permissions)"
            )
            throw ExitStatus.cantCreate
        }
    }

    func pipeline(verbose: Bool, options: PipelineOptions = PipelineOptions()) throws -> Pipeline {
        var logger = Logger(label: "maildesk")
        logger.logLevel = verbose ? .info : .warning
        do {
            return try Pipeline(
                configuration: configuration, store: store, workingDirectory: workingDirectory,
                logger: logger, options: options)
        } catch let error as PipelineError {
            printError("\(error)")
            throw ExitStatus.config
        }
    }
}

/// The validated configuration, or every problem printed (file:line and the fix) and exit status 78.
func loadConfiguration(_ options: GlobalOptions) throws -> Configuration {
    do {
        return try ConfigLoader.load(
            configPath: options.config, workingDirectory: FileManager.default.currentDirectoryPath)
    } catch {
        printError("\(error)")
        throw ExitStatus.config
    }
}

/// JSON as every `--json` flag prints it: pretty, snake_case keys, stable order.
enum JSONOutput {
    static func print<T: Encodable>(_ value: T) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        FileHandle.standardOutput.write(try encoder.encode(value))
        FileHandle.standardOutput.write(Data("\n".utf8))
    }
}

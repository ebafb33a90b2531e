import Foundation

/// The file system as the loader sees it: reading text files and listing mailbox definitions.
enum ConfigFiles {
    /// What is at a path.
    enum Entry { case missing, file, folder }

    /// What is at `absolutePath` (symbolic links followed).
    static func entry(at absolutePath: String) -> Entry {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: absolutePath, isDirectory: &isFolder) else { return .missing }
        return isFolder.boolValue ? .folder : .file
    }

    /// Why a configuration file could not be read; callers decide by the case (an absent default file is no
    /// error) and show `message`.
    enum ReadProblem: Error, Equatable {
        case missing, folder, unreadable, notUTF8

        var message: String {
            switch self {
            case .missing: "not found"
            case .folder: "is a folder, not a file"
            case .unreadable: "cannot be read (check its permissions)"
            case .notUTF8: "is not UTF-8 text (save it as UTF-8)"
            }
        }
    }

    /// The UTF-8 text of the file at `absolutePath`, or why it cannot be had.
    static func readText(at absolutePath: String) -> Result<String, ReadProblem> {
        switch entry(at: absolutePath) {
        case .missing: return .failure(.missing)
        case .folder: return .failure(.folder)
        case .file: break
        }
        guard let data = FileManager.default.contents(atPath: absolutePath) else { return .failure(.unreadable) }
        guard let text = String(data: data, encoding: .utf8) else { return .failure(.notUTF8) }
        return .success(text)
    }

    /// The names of the `*.toml` files in the folder at `absolutePath`, sorted; hidden files and folders are skipped.
    static func definitionNames(in absolutePath: String) -> Result<[String], ConfigProblem> {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: absolutePath)
        } catch {
            return .failure(ConfigProblem("cannot be listed (check its permissions)"))
        }
        return .success(
            names.filter { name in
                name.hasSuffix(".toml") && !name.hasPrefix(".")
                    && entry(at: absolutePath + "/" + name) == .file
            }.sorted())
    }
}

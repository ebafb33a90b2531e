import Config
import Foundation
import Logging
import Pipeline
import Store
import Testing

/// The store holds customers' mail and the secret that signs reply tokens: only its owner may read it.
struct StorePermissionTests {
    func mode(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) ?? -1
    }

    @Test func theStoreItsFolderAndItsCompanionsAreTheOwnersOnly() throws {
        let g = try TestGateway()
        let folder = g.root.appendingPathComponent("var/deeper").path
        let path = folder + "/store.sqlite"
        let store = try Store(path: path)
        try g.deliver(mail(subject: "Hello", id: "p1@x"))
        _ = try store.tokenSecret()
        // A write: the WAL exists.
        _ = try store.tagCustomer("ann@example.com", add: ["vip"], remove: [], actor: "test", at: Date())
        #expect(try mode(folder) == 0o700)
        #expect(try mode(g.root.appendingPathComponent("var").path) == 0o700)
        for file in [path, path + ".lock", path + "-wal", path + "-shm"]
        where FileManager.default.fileExists(atPath: file) {
            let bits = try mode(file)
            #expect(bits & 0o077 == 0, "\(file) is \(String(bits, radix: 8))")
        }
        #expect(FileManager.default.fileExists(atPath: path + "-wal"))
    }

    @Test func aShortSecretIsRefused() throws {
        let g = try TestGateway()
        let store = try g.store()
        #expect(throws: PipelineError.self) {
            _ = try Pipeline(
                configuration: g.configuration, store: store, workingDirectory: g.root.path,
                logger: Logger(label: "test"), environment: ["MAILDESK_SECRET": "short-secret"])
        }
        _ = try Pipeline(
            configuration: g.configuration, store: store, workingDirectory: g.root.path,
            logger: Logger(label: "test"), environment: ["MAILDESK_SECRET": String(repeating: "k7", count: 16)])
    }
}

import CCurl
import Curl
import Foundation
import Testing

/// Options libcurl refuses are not ignored: the request they were meant for fails, naming the option.
@Suite("curl handle")
struct CurlHandleTests {
    @Test func aRefusedOptionFailsTheNextRequestInsteadOfRunningAnother() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("curl-\(UUID().uuidString).txt")
        try Data("hello".utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }

        let good = try CurlHandle()
        good.setURL(file.absoluteString)
        #expect(try good.perform("read") == Array("hello".utf8))

        let bad = try CurlHandle()
        bad.setURL(file.absoluteString)
        bad.set(CURLoption(rawValue: 99_999), 1)  // no such option: CURLE_UNKNOWN_OPTION
        do {
            _ = try bad.perform("read")
            Issue.record("the request ran although an option was refused")
        } catch {
            #expect(error.code == Int(CURLE_UNKNOWN_OPTION.rawValue))
            #expect(error.detail.contains("refused option 99999"), "\(error)")
        }
    }
}

import Config
import Foundation
import Pipeline
import Store
import Testing

/// maildesk must not be made to mail anyone: acknowledgements go only to senders the receiving server did not
/// reject, never repeat an unverified sender's words, and are capped per address, domain, hour and day.
@Suite("backscatter")
struct BackscatterTests {
    func gateway(_ configure: @escaping (inout GatewayConfig) -> Void = { _ in }) throws -> TestGateway {
        var g = try TestGateway()
        g.routing = Configuration.Routing(
            agents: [AgentDefinition(name: "Tom", address: "tom@desk.example")], teams: [], rules: [])
        g.templates = repositoryRoot + "/templates"
        g.configure = {
            $0.outbound.acknowledge = true; $0.outbound.notifyAgents = false; configure(&$0)
        }
        return g
    }

    func acknowledgements(_ store: Store) throws -> [String] {
        try store.outbox(state: nil, limit: 0).filter { $0.kind == "acknowledgement" }.map {
            String(decoding: try #require(try store.outboxMessage($0.id)).bytes, as: UTF8.self)
        }
    }

    func ackNotes(_ store: Store) throws -> [String] {
        try store.threads(ThreadFilter(), limit: 0).flatMap { try store.events(entity: "thread", id: $0.id) }
            .compactMap(\.detail)
    }

    @Test func aSpammersTaggedAddressesGetThreeNeutralAcknowledgementsAtMost() throws {
        let g = try gateway()
        for i in 1...5 {
            try g.deliver(
                mail(
                    from: "\"Claim your prize at http://evil.example/win\" <victim+\(i)@example.org>",
                    subject: "WIN a FREE phone at http://evil.example/win", id: "s\(i)@mail.example.org",
                    body: "Hello, I have a question about my order \(i)."))
        }
        let store = try g.store()
        try g.pipeline(store).runOnce()
        #expect(try store.threads(ThreadFilter(), limit: 0).count == 5)  // every mail is kept and threaded
        let acks = try acknowledgements(store)
        #expect(acks.count == 3)
        #expect(acks.allSatisfy { !$0.contains("evil.example") && !$0.contains("prize") && !$0.contains("FREE") })
        #expect(acks.allSatisfy { $0.contains("your message") || $0.contains("Dear customer") })
        #expect(try ackNotes(store).contains { $0.contains("max_auto_replies_per_day") })
    }

    @Test func aFailedAuthenticationOrAForeignReturnPathGetsNoAcknowledgement() throws {
        let g = try gateway()
        try g.deliver(
            mail(
                from: "Ann <ann@bank.example>", subject: "Question", id: "a1@x", body: "Where is my card?",
                headers: [
                    "Authentication-Results: mx.desk.example; dmarc=fail header.from=bank.example; spf=fail smtp.mailfrom=evil.example"
                ]))
        try g.deliver(
            mail(
                from: "Bo <bo@shop.example>", subject: "Question", id: "a2@x", body: "Where is my parcel?",
                headers: ["Return-Path: <attacker@evil.example>"]))
        try g.deliver(
            mail(
                from: "Cy <cy@mail.example.com.cn>", subject: "订单问题", id: "a3@x", body: "我的订单什么时候发货？",
                headers: ["Return-Path: <bounce@example.com.cn>"]))
        let store = try g.store()
        try g.pipeline(store).runOnce()
        #expect(try store.threads(ThreadFilter(), limit: 0).count == 3)
        let acks = try acknowledgements(store)
        #expect(acks.count == 1)  // only Cy: the Return-Path is of the same organisation
        #expect(acks.first?.contains("cy@mail.example.com.cn") == true)
        let notes = try ackNotes(store)
        #expect(notes.contains { $0.contains("dmarc=fail") })
        #expect(notes.contains { $0.contains("Return-Path domain evil.example") })
    }

    @Test func aVerifiedSenderIsAddressedByNameAndSubject() throws {
        let g = try gateway()
        try g.deliver(
            mail(
                from: "Ann Lee <ann@example.com>", subject: "Lock L7 will not pair", id: "v1@x",
                body: "My L7 lock will not pair with the hub.",
                headers: [
                    "Authentication-Results: mx.desk.example; dkim=pass header.d=example.com; spf=pass smtp.mailfrom=example.com"
                ]))
        let store = try g.store()
        try g.pipeline(store).runOnce()
        let ack = try #require(try acknowledgements(store).first)
        #expect(ack.contains("Ann Lee"))
        #expect(ack.contains("Subject: Re: Lock L7 will not pair"))
    }

    @Test func onlyTheTrustedServersResultsCount() throws {
        // The forger wrote their own "pass" below the receiving server's header; with trust_authserv_id only
        // mx.desk.example is believed, and it found nothing.
        let g = try gateway { $0.outbound.trustAuthservID = "mx.desk.example" }
        try g.deliver(
            mail(
                from: "\"Prize\" <victim@example.org>", subject: "Prize inside", id: "t1@x", body: "Hello",
                headers: [
                    "Authentication-Results: mx.desk.example; none",
                    "Authentication-Results: evil.example; dkim=pass header.d=example.org"
                ]))
        let store = try g.store()
        try g.pipeline(store).runOnce()
        let ack = try #require(try acknowledgements(store).first)
        #expect(!ack.contains("Prize"))
    }

    @Test func domainAndGlobalCapsTripWithAnEvent() throws {
        let g = try gateway {
            $0.outbound.maxAutoRepliesPerDomainPerDay = 2
            $0.outbound.maxAutoRepliesPerHour = 3
        }
        for i in 1...3 {
            try g.deliver(
                mail(from: "user\(i)@same.example", subject: "Question \(i)", id: "d\(i)@x", body: "Order \(i)?"))
        }
        for i in 1...2 {
            try g.deliver(mail(from: "user\(i)@other\(i).example", subject: "Question", id: "o\(i)@x", body: "Where?"))
        }
        let store = try g.store()
        try g.pipeline(store).runOnce()
        #expect(try acknowledgements(store).count == 3)
        let notes = try ackNotes(store)
        #expect(notes.contains { $0.contains("same.example already had 2 automated replies") })
        #expect(notes.contains { $0.contains("max_auto_replies_per_hour") })
    }
}

import ThreadFields

/// An instruction an agent writes at the top of a reply to a notification (`#close`, `#priority high`, …).
/// Arguments naming configured things (category, agent, queue, tag) are carried as written; whether they exist is
/// for the caller, which knows the configuration.
public enum ReplyCommand: Equatable, Hashable, Sendable {
    /// `#close`, `#resolve`, `#关闭`, `#關閉`, `#解决`, `#解決`
    case close
    /// `#pending`, `#待回复`, `#待回覆`: waiting for the customer.
    case pending
    /// `#open`, `#reopen`, `#打开`, `#打開`, `#重开`, `#重開`
    case open
    /// `#priority urgent|high|normal|low`, `#优先级 紧急|高|普通|低`
    case priority(ThreadPriority)
    /// `#category <name>`, `#分类`, `#分類`
    case category(String)
    /// `#kind need|feedback`, `#类型`, `#類型`
    case kind(ThreadKind)
    /// `#assign <agent address or name>`, `#分配`, `#指派`
    case assign(String)
    /// `#queue <team>`, `#队列`, `#隊列`
    case queue(String)
    /// `#note`, `#备注`, `#備註`: an internal note, not relayed to the customer.
    case note
    /// `#spam`, `#垃圾`, `#垃圾邮件`, `#垃圾郵件`
    case spam
    /// `#tag <tag>`, `#标签`, `#標籤`
    case tag(String)
}

/// Words of English, Simplified and Traditional Chinese support mail that name the same thing (退款, 退費 and
/// refund): each maps to one concept feature of the category model, so what a correction in one language
/// teaches applies to the others, and what the generic data teaches carries to another company's wording.
/// English words are matched on their stems (`Tokenizer.stem`), Chinese on character bigrams (the tokenizer's
/// unit), so every Chinese term has two characters.
enum SupportConcepts {
    static let groups: [(concept: String, terms: [String])] = [
        ("refund", ["refund", "refunds", "refunded", "reimburse", "退款", "退钱", "退錢", "退费", "退費"]),
        (
            "invoice",
            [
                "invoice", "invoices", "invoiced", "receipt", "receipts", "fapiao", "发票", "發票", "收据", "收據",
                "开票", "開票", "专票", "抬头", "抬頭", "税号", "統編"
            ]
        ),
        ("charge", ["charged", "overcharged", "billed", "debited", "扣款", "扣费", "扣費", "扣钱", "扣錢", "多扣"]),
        ("payment", ["payment", "payments", "paid", "pay", "付款", "支付", "付费", "付費", "缴费", "繳費"]),
        (
            "subscription",
            [
                "subscription", "subscriptions", "renewal", "renew", "renewed", "membership", "订阅",
                "訂閱", "续费", "續費", "续订", "續訂", "会员", "會員"
            ]
        ),
        (
            "price",
            [
                "price", "prices", "pricing", "quote", "quotation", "价格", "價格", "报价", "報價", "价钱", "價錢",
                "售价", "售價"
            ]
        ),
        ("purchase", ["buy", "buying", "purchase", "purchasing", "购买", "購買", "想买", "想買", "选购", "選購"]),
        (
            "bulk",
            [
                "bulk", "wholesale", "reseller", "distributor", "dealer", "批量", "批发", "批發", "采购", "採購",
                "经销", "經銷", "代理"
            ]
        ),
        ("discount", ["discount", "coupon", "promo", "voucher", "优惠", "優惠", "折扣"]),
        (
            "delivery",
            [
                "delivery", "deliver", "delivered", "shipping", "shipped", "courier", "tracking", "parcel",
                "快递", "快遞", "物流", "配送", "送货", "送貨", "宅配", "包裹", "签收", "簽收", "运单", "運單"
            ]
        ),
        ("return", ["return", "returns", "returned", "退货", "退貨", "退回", "寄回"]),
        ("exchange", ["exchange", "replacement", "replace", "换货", "換貨", "更换", "更換"]),
        ("repair", ["repair", "repairs", "repaired", "维修", "維修", "修理", "返修", "报修", "報修"]),
        ("warranty", ["warranty", "guarantee", "保修", "保固", "质保", "質保"]),
        ("damaged", ["damaged", "cracked", "dented", "scratched", "破损", "破損", "损坏", "損壞", "划痕", "刮痕"]),
        ("missing", ["missing", "少了", "漏发", "漏發", "缺少", "缺件", "少发", "少發"]),
        (
            "install",
            [
                "install", "installation", "installer", "technician", "安装", "安裝", "师傅", "師傅", "上门",
                "上門"
            ]
        ),
        (
            "login",
            [
                "login", "log", "password", "2fa", "verification", "登录", "登入", "登陆", "登陸", "密码", "密碼",
                "验证", "驗證"
            ]
        ),
        (
            "fault",
            [
                "error", "errors", "crash", "crashes", "crashing", "bug", "fails", "failed", "freezes", "报错",
                "错误", "錯誤", "闪退", "閃退", "故障", "失败", "失敗", "死机", "當機"
            ]
        ),
        (
            "setup",
            [
                "setup", "settings", "configure", "connect", "connection", "sync", "设置", "設定", "连接", "連接",
                "同步", "配置"
            ]
        ),
        ("hacked", ["hacked", "compromised", "unauthorized", "被盗", "盗号", "盜用", "被盜"]),
        ("scam", ["scam", "phishing", "suspicious", "诈骗", "詐騙", "钓鱼", "釣魚", "冒充"]),
        ("privacy", ["privacy", "gdpr", "隐私", "隱私", "个资", "個資"]),
        (
            "job",
            [
                "job", "career", "careers", "resume", "hiring", "internship", "招聘", "简历", "履歷", "求职", "應徵",
                "实习", "實習"
            ]
        ),
        ("press", ["press", "journalist", "interview", "media", "采访", "採訪", "记者", "記者", "媒体", "媒體"]),
        (
            "partner",
            [
                "partnership", "supplier", "collaboration", "sponsor", "sponsorship", "合作", "供应", "供應",
                "赞助", "贊助"
            ]
        ),
        ("unsubscribe", ["unsubscribe", "newsletter", "marketing", "退订", "退訂", "营销", "行銷"])
    ]

    /// A token (stemmed) → its concept's feature name (`≡refund`).
    static let byToken: [String: String] = {
        var map: [String: String] = [:]
        for (concept, terms) in groups {
            for term in terms { map[Tokenizer.stem(term)] = "≡" + concept }
        }
        return map
    }()

    /// The same by token key (`FeatureTable.key`).
    static let byKey: [UInt64: UInt64] = Dictionary(
        byToken.map { (FeatureTable.key($0.key), FeatureTable.key($0.value)) }, uniquingKeysWith: { a, _ in a })

    /// The concept features of a text's stemmed tokens, one per token that names a concept.
    static func concepts(in stemmed: [String]) -> [String] { stemmed.compactMap { byToken[$0] } }
}

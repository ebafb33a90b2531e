/// The language of a text: `zh` (Simplified), `zh-Hant` (Traditional), `ja`, `ko`, `en`, or `und`.
public enum LanguageGuess {
    public static func guess(_ text: String) -> String {
        var han = 0, kana = 0, hangul = 0, latin = 0, traditional = 0, simplified = 0
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x3040...0x30FF: kana += 1
            case 0xAC00...0xD7AF: hangul += 1
            case 0x4E00...0x9FFF, 0x3400...0x4DBF:
                han += 1
                if traditionalOnly.contains(scalar) { traditional += 1 }
                if simplifiedOnly.contains(scalar) { simplified += 1 }
            case 0x41...0x5A, 0x61...0x7A: latin += 1
            default: break
            }
        }
        if kana > 0 && kana * 5 >= han { return "ja" }
        if hangul > han && hangul > 0 { return "ko" }
        if han > 0 && han * 3 >= latin / 2 {
            return traditional > simplified ? "zh-Hant" : "zh"
        }
        return latin > 0 ? "en" : "und"
    }

    /// Common characters whose form differs between Traditional and Simplified Chinese.
    static let traditionalOnly = Set(
        "們這說為個麼會來對時還發現後問題謝請貨訂單號買賣錢電話開關無經務與應機門鎖帳戶網線壞換運費讓東車長見聽點體親樣歡辦處實寫書業筆補幫給統護維廠檢測價響聯紹絡結雙邊過達遠連進醫療飛馬魚鳥麥黃齊龍龜變讀壓頁類顯風驗際隨離難雲靜韓們從當產畫盡監盤確礎稱穩窮節範簡紀約級純細終組經綠網總續缺罰義習聖職聲腦與舊藝藥蘭處號蟲術衛裝製複誤說課調談請諸證識警議護讓貝負貨質購賺趕車軟較輕輸辦農這連週進過運還邊郵鄉醜釋針鋼錄錯鍵長門閉開閒間閱關陽陰陣陸隊階際隨險雖雙雜難電需靈頂項順預領頭頻題額風飯飲館餘驗體髮鬆鬧鳥麗點齒"
            .unicodeScalars)
    static let simplifiedOnly = Set(
        "们这说为个么会来对时还发现后问题谢请货订单号买卖钱电话开关无经务与应机门锁账户网线坏换运费让东车长见听点体亲样欢办处实写书业笔补帮给统护维厂检测价响联绍络结双边过达远连进医疗飞马鱼鸟麦黄齐龙龟变读压页类显风验际随离难云静韩从当产画尽监盘确础称稳穷节范简纪约级纯细终组绿总续缺罚义习圣职声脑旧艺药兰虫术卫装制复误课调谈诸证识警议贝负质购赚赶软较轻输农周邮乡丑释针钢录错键闭闲间阅阳阴阵陆队阶险虽杂需灵顶项顺预领头频额饭饮馆余发松闹丽齿"
            .unicodeScalars)
}

import Foundation

/// The holidays marketing can schedule care mail for, and the dated list of a year.
extension Holiday {
    /// Every holiday, Western then Chinese, in the order a year's list breaks ties in.
    public static let catalogue: [Holiday] = [
        Holiday(
            id: "new_year", name: .init(en: "New Year's Day", zh: "元旦", zhHant: "元旦"),
            rule: .fixed(month: 1, day: 1)),
        Holiday(
            id: "valentines_day", name: .init(en: "Valentine's Day", zh: "情人节", zhHant: "情人節"),
            rule: .fixed(month: 2, day: 14)),
        Holiday(id: "easter", name: .init(en: "Easter", zh: "复活节", zhHant: "復活節"), rule: .easter),
        // US convention: 2nd Sunday of May, 3rd Sunday of June, 4th Thursday of November.
        Holiday(
            id: "mothers_day", name: .init(en: "Mother's Day", zh: "母亲节", zhHant: "母親節"),
            rule: .nthWeekday(nth: 2, weekday: 7, month: 5)),
        Holiday(
            id: "fathers_day", name: .init(en: "Father's Day", zh: "父亲节", zhHant: "父親節"),
            rule: .nthWeekday(nth: 3, weekday: 7, month: 6)),
        Holiday(
            id: "thanksgiving", name: .init(en: "Thanksgiving", zh: "感恩节", zhHant: "感恩節"),
            rule: .nthWeekday(nth: 4, weekday: 4, month: 11)),
        Holiday(
            id: "christmas", name: .init(en: "Christmas", zh: "圣诞节", zhHant: "聖誕節"),
            rule: .fixed(month: 12, day: 25)),
        Holiday(
            id: "spring_festival", name: .init(en: "Spring Festival", zh: "春节", zhHant: "春節"),
            rule: .lunar(month: 1, day: 1)),
        Holiday(
            id: "lantern", name: .init(en: "Lantern Festival", zh: "元宵节", zhHant: "元宵節"),
            rule: .lunar(month: 1, day: 15)),
        Holiday(
            id: "qingming", name: .init(en: "Qingming Festival", zh: "清明节", zhHant: "清明節"),
            rule: .solarTerm(.qingming)),
        Holiday(
            id: "dragon_boat", name: .init(en: "Dragon Boat Festival", zh: "端午节", zhHant: "端午節"),
            rule: .lunar(month: 5, day: 5)),
        Holiday(
            id: "qixi", name: .init(en: "Qixi Festival", zh: "七夕", zhHant: "七夕"),
            rule: .lunar(month: 7, day: 7)),
        Holiday(
            id: "mid_autumn", name: .init(en: "Mid-Autumn Festival", zh: "中秋节", zhHant: "中秋節"),
            rule: .lunar(month: 8, day: 15)),
        Holiday(
            id: "double_ninth", name: .init(en: "Double Ninth Festival", zh: "重阳节", zhHant: "重陽節"),
            rule: .lunar(month: 9, day: 9)),
        Holiday(
            id: "dongzhi", name: .init(en: "Winter Solstice", zh: "冬至", zhHant: "冬至"),
            rule: .solarTerm(.dongzhi)),
        Holiday(
            id: "laba", name: .init(en: "Laba Festival", zh: "腊八节", zhHant: "臘八節"),
            rule: .lunar(month: 12, day: 8)),
        // The northern date, 腊月二十三 (the south keeps the 24th).
        Holiday(
            id: "little_new_year", name: .init(en: "Little New Year", zh: "小年", zhHant: "小年"),
            rule: .lunar(month: 12, day: 23)),
        // Day 30 is clamped to the 12th month's last day, the 29th in a short month.
        Holiday(
            id: "new_years_eve_lunar", name: .init(en: "Chinese New Year's Eve", zh: "除夕", zhHant: "除夕"),
            rule: .lunar(month: 12, day: 30))
    ]
}

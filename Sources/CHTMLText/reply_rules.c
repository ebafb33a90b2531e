// The markup and text that mail clients put around quoted mail, as recognised by the reply cleaner.
#include "reply_rules.h"
#include "html_walk.h"

#include <string.h>
#include <strings.h>

/// Nodes a subtree check visits at most; beyond that it gives its cautious answer (keeps the subtree).
enum { MAX_VISIT = 256 };

static int attr_ieq(xmlNodePtr n, const char *name, const char *value) {
    const char *v = html_node_attr(n, name);
    return v && strcasecmp(v, value) == 0;
}

static int is_space(unsigned char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/// Whether the whitespace-separated class list holds the token (ASCII case-insensitive).
static int has_class(xmlNodePtr n, const char *token) {
    const char *s = html_node_attr(n, "class");
    size_t tl = strlen(token);
    while (s && *s) {
        while (*s && is_space((unsigned char)*s)) s++;
        const char *start = s;
        while (*s && !is_space((unsigned char)*s)) s++;
        if ((size_t)(s - start) == tl && strncasecmp(start, token, tl) == 0) return 1;
    }
    return 0;
}

/// Next node in document order inside root's subtree (NULL at its end).
static xmlNodePtr next_in(xmlNodePtr n, xmlNodePtr root) {
    if (n->type == XML_ELEMENT_NODE && n->children) return n->children;
    while (n != root && !n->next) n = n->parent;
    return n == root ? NULL : n->next;
}

/// The first bytes of the subtree's text, NUL-terminated.
static void text_prefix(xmlNodePtr root, char *buf, size_t cap) {
    size_t len = 0;
    int visited = 0;
    buf[0] = 0;
    for (xmlNodePtr n = root; n && visited < MAX_VISIT && len + 1 < cap; n = next_in(n, root), visited++) {
        if (n->type != XML_TEXT_NODE || !n->content) continue;
        size_t l = strlen((const char *)n->content);
        if (l > cap - 1 - len) l = cap - 1 - len;
        memcpy(buf + len, n->content, l);
        len += l;
        buf[len] = 0;
    }
}

/// Outlook desktop's reply header: <div style="border:none;border-top:solid #E1E1E1 1.0pt;…"><p><b>From:</b> …
/// The style alone also fits a writer's own ruled box, so the header's first label must be there too.
static int is_outlook_separator(xmlNodePtr n) {
    const char *style = html_node_attr(n, "style");
    if (!style) return 0;
    char compact[512];
    size_t len = 0;
    for (const char *s = style; *s && len + 1 < sizeof compact; s++)
        if (!is_space((unsigned char)*s)) compact[len++] = (char)(*s >= 'A' && *s <= 'Z' ? *s + 32 : *s);
    compact[len] = 0;
    if (!strstr(compact, "border-top:solid") && !(strstr(compact, "border:none") && strstr(compact, "border-top:")))
        return 0;
    char text[400];
    text_prefix(n, text, sizeof text);
    static const char *const labels[] = {
        "From:", "From\xEF\xBC\x9A", "Von:", "De:",
        "\xE5\x8F\x91\xE4\xBB\xB6\xE4\xBA\xBA",  // 发件人
        "\xE7\x99\xBC\xE4\xBB\xB6\xE4\xBA\xBA",  // 發件人
        "\xE5\xAF\x84\xE4\xBB\xB6\xE8\x80\x85",  // 寄件者
    };
    for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
        if (strstr(text, labels[i])) return 1;
    return 0;
}

rr_action rr_element_action(xmlNodePtr n) {
    const char *name = (const char *)n->name;
    if (!name) return RR_KEEP;
    // Gmail: the whole quote (attribution inside), a lone attribution, the signature and its "-- " prefix.
    if (has_class(n, "gmail_quote") || has_class(n, "gmail_attr") || has_class(n, "gmail_signature") ||
        has_class(n, "gmail_signature_prefix") ||
        attr_ieq(n, "data-smartmail", "gmail_signature"))
        return RR_REMOVE;
    // Outlook on the web keeps the writer's signature in div#Signature.
    if (attr_ieq(n, "id", "Signature")) return RR_REMOVE;
    // Thunderbird: "On … wrote:" in its own div before the quote; the signature.
    if (has_class(n, "moz-cite-prefix") || has_class(n, "moz-signature")) return RR_REMOVE;
    // Apple Mail and Thunderbird quote with type=cite; NetEase marks its quote isReplyContent.
    if (strcmp(name, "blockquote") == 0 && (attr_ieq(n, "type", "cite") || attr_ieq(n, "id", "isReplyContent")))
        return RR_REMOVE;
    // Outlook on the web / new Outlook: the header block, or the empty marker div before it; the original follows
    // as siblings, so everything from here on goes.
    if (attr_ieq(n, "id", "divRplyFwdMsg") || attr_ieq(n, "id", "appendonsend")) return RR_CUT;
    // QQ Mail and Foxmail wrap the original in <includetail> (or a div of that id) at the end.
    if (strcmp(name, "includetail") == 0 || attr_ieq(n, "id", "includetail") || has_class(n, "includetail"))
        return RR_CUT;
    if (strcmp(name, "div") == 0 && is_outlook_separator(n)) return RR_CUT;
    return RR_KEEP;
}

int rr_is_blockquote(xmlNodePtr n) {
    return n->name && strcmp((const char *)n->name, "blockquote") == 0;
}

/// Length of the text without trailing whitespace (ASCII, U+00A0, U+3000).
static size_t trimmed_end(const char *s, size_t n) {
    for (;;) {
        if (n > 0 && is_space((unsigned char)s[n - 1])) n--;
        else if (n >= 2 && memcmp(s + n - 2, "\xC2\xA0", 2) == 0) n -= 2;
        else if (n >= 3 && memcmp(s + n - 3, "\xE3\x80\x80", 3) == 0) n -= 3;
        else return n;
    }
}

/// Offset of the first byte that is not whitespace (ASCII, U+00A0, U+3000).
static size_t trimmed_start(const char *s, size_t n) {
    size_t i = 0;
    for (;;) {
        if (i < n && is_space((unsigned char)s[i])) i++;
        else if (i + 2 <= n && memcmp(s + i, "\xC2\xA0", 2) == 0) i += 2;
        else if (i + 3 <= n && memcmp(s + i, "\xE3\x80\x80", 3) == 0) i += 3;
        else return i;
    }
}

static int ends_with(const char *s, size_t n, const char *suffix, int ignore_case) {
    size_t l = strlen(suffix);
    if (n < l) return 0;
    return ignore_case ? strncasecmp(s + n - l, suffix, l) == 0 : memcmp(s + n - l, suffix, l) == 0;
}

int rr_is_attribution(const char *text) {
    size_t n = trimmed_end(text, strlen(text));
    return ends_with(text, n, "wrote:", 1) || ends_with(text, n, "schrieb:", 1) ||
           ends_with(text, n, "\xE5\x86\x99\xE9\x81\x93\xEF\xBC\x9A", 0) ||  // 写道：
           ends_with(text, n, "\xE5\x86\x99\xE9\x81\x93:", 0) ||             // 写道:
           ends_with(text, n, "\xE5\xAF\xAB\xE9\x81\x93\xEF\xBC\x9A", 0) ||  // 寫道：
           ends_with(text, n, "\xE5\xAF\xAB\xE9\x81\x93:", 0);               // 寫道:
}

int rr_is_original_separator(const char *text) {
    size_t n = strlen(text), start = trimmed_start(text, n), end = trimmed_end(text, n);
    if (end <= start || text[start] != '-') return 0;
    // Strip the dashes and blanks on both sides; what is left must be the separator's words.
    for (;;) {
        size_t s = trimmed_start(text + start, end - start) + start;
        while (s < end && text[s] == '-') s++;
        if (s == start) break;
        start = s;
    }
    for (;;) {
        size_t e = trimmed_end(text + start, end - start) + start;
        while (e > start && text[e - 1] == '-') e--;
        if (e == end) break;
        end = e;
    }
    static const char *const words[] = {
        "original message", "original", "\xE5\x8E\x9F\xE5\xA7\x8B\xE9\x82\xAE\xE4\xBB\xB6",  // 原始邮件
        "\xE5\x8E\x9F\xE5\xA7\x8B\xE9\x83\xB5\xE4\xBB\xB6",                                   // 原始郵件
        "\xE5\x9B\x9E\xE5\xA4\x8D\xE7\x9A\x84\xE5\x8E\x9F\xE9\x82\xAE\xE4\xBB\xB6",           // 回复的原邮件
    };
    size_t len = end - start;
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        size_t wl = strlen(words[i]);
        if (len != wl) continue;
        // "original&nbsp;message" arrives with a no-break space: compare it as a space.
        if (strncasecmp(text + start, words[i], wl) == 0) return 1;
    }
    if (len == 17 && strncasecmp(text + start, "original", 8) == 0 &&
        memcmp(text + start + 8, "\xC2\xA0", 2) == 0 && strncasecmp(text + start + 10, "message", 7) == 0)
        return 1;
    return 0;
}

int rr_is_mobile_footer(const char *text) {
    size_t n = strlen(text), start = trimmed_start(text, n), end = trimmed_end(text, n);
    if (end <= start || end - start > 48) return 0;
    const char *s = text + start;
    size_t len = end - start;
    static const char *const prefixes[] = {
        "sent from my iphone", "sent from my ipad", "sent from my android", "sent from my huawei",
        "sent from my samsung", "get outlook for ios", "get outlook for android", "sent from mail for windows",
        "sent from outlook for ", "\xE5\x8F\x91\xE8\x87\xAA\xE6\x88\x91\xE7\x9A\x84",                   // 发自我的
        "\xE7\x99\xBC\xE8\x87\xAA\xE6\x88\x91\xE7\x9A\x84",                                          // 發自我的
        "\xE5\x8F\x91\xE8\x87\xAA\xE7\xBD\x91\xE6\x98\x93\xE9\x82\xAE\xE7\xAE\xB1",                  // 发自网易邮箱
    };
    for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++) {
        size_t pl = strlen(prefixes[i]);
        if (len >= pl && strncasecmp(s, prefixes[i], pl) == 0) return 1;
    }
    return 0;
}

int rr_has_ink(const char *text) {
    size_t n = strlen(text);
    return trimmed_start(text, n) < n;
}

int rr_has_visible_content(xmlNodePtr root) {
    int visited = 0;
    for (xmlNodePtr n = root; n; n = next_in(n, root)) {
        if (++visited > MAX_VISIT) return 1;
        if (n->type == XML_TEXT_NODE && n->content && rr_has_ink((const char *)n->content)) return 1;
        if (n->type == XML_ELEMENT_NODE && n->name && strcmp((const char *)n->name, "img") == 0) return 1;
    }
    return 0;
}

// HTML → plain text for reading customer mail: libxml2's HTML parser, then an iterative tree walk (html_walk.c)
// writing through a line-oriented text writer (text_writer.c).
//
// Contract: the input is UTF-8 (the caller has decoded the charset). Any byte sequence is accepted — invalid UTF-8
// becomes U+FFFD, NUL and other control characters are dropped — and the result is always valid UTF-8 with LF line
// ends, or NULL only when memory runs out. No recursion on document depth, linear time and memory.
#include "html_text.h"
#include "html_walk.h"
#include "html_parse.h"

#include <limits.h>
#include <stdint.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>

// HTML_PARSE_IGNORE_ENC: a <meta charset=gbk> must not re-decode text that is already UTF-8.
// XML_PARSE_HUGE: without it libxml2 2.9 abandons the whole document past 256 levels of nesting and cuts text nodes
// at 10,000,000 bytes; the walk below is iterative, so depth costs only heap.
static const int parse_options = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
                                 HTML_PARSE_COMPACT | HTML_PARSE_IGNORE_ENC | XML_PARSE_HUGE;

static pthread_once_t init_once = PTHREAD_ONCE_INIT;

static void init_libxml(void) {
    xmlInitParser();  // not thread-safe on its own in libxml2 2.9: run it exactly once
}

typedef struct {
    char *buf;
    size_t len, cap;
} bytes_t;

static int grow(bytes_t *b, size_t extra) {
    if (b->len + extra <= b->cap) return 1;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->len + extra) {
        if (cap > SIZE_MAX / 2) return 0;
        cap *= 2;
    }
    char *p = realloc(b->buf, cap);
    if (!p) return 0;
    b->buf = p;
    b->cap = cap;
    return 1;
}

/// Length of the valid UTF-8 sequence at s, or 0 if invalid (overlong, surrogate, above U+10FFFF, truncated).
static size_t utf8_len(const unsigned char *s, size_t n) {
    unsigned char c = s[0];
    if (c >= 0xC2 && c <= 0xDF) return n >= 2 && (s[1] & 0xC0) == 0x80 ? 2 : 0;
    if (c >= 0xE0 && c <= 0xEF) {
        if (n < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80) return 0;
        if (c == 0xE0 && s[1] < 0xA0) return 0;  // overlong
        if (c == 0xED && s[1] >= 0xA0) return 0;  // surrogate
        return 3;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        if (n < 4 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 || (s[3] & 0xC0) != 0x80) return 0;
        if (c == 0xF0 && s[1] < 0x90) return 0;  // overlong
        if (c == 0xF4 && s[1] >= 0x90) return 0;  // above U+10FFFF
        return 4;
    }
    return 0;
}

static int find(const unsigned char *s, size_t n, size_t from, const char *needle, size_t *at) {
    size_t nl = strlen(needle);
    for (size_t i = from; i + nl <= n; i++)
        if (s[i] == (unsigned char)needle[0] && memcmp(s + i, needle, nl) == 0) { *at = i; return 1; }
    return 0;
}

static int is_alpha(unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int lower(unsigned char c) {
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/// Case-insensitive search for an ASCII needle written in lower case.
static int find_ci(const unsigned char *s, size_t n, size_t from, const char *needle, size_t *at) {
    size_t nl = strlen(needle);
    for (size_t i = from; i + nl <= n; i++) {
        size_t k = 0;
        while (k < nl && lower(s[i + k]) == (unsigned char)needle[k]) k++;
        if (k == nl) { *at = i; return 1; }
    }
    return 0;
}

static int is_space(unsigned char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/// Where to insert "<body>" so that text before the body (a fragment such as "Hi,<div>…", or text right after
/// </head>) is not wrapped by libxml2 in an implied <p>, which would add a blank line after it. Scans only the
/// prologue: comments, doctype and head elements. Returns n when nothing needs inserting.
static size_t implied_body_at(const unsigned char *s, size_t n) {
    static const char *const head_tags[] = {"html", "head", "meta", "link", "base", "title", "style", "script",
                                            "noscript"};
    size_t i = 0, at;
    if (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) i = 3;
    while (i < n) {
        if (is_space(s[i])) { i++; continue; }
        if (s[i] != '<') return i;
        if (n - i >= 4 && memcmp(s + i, "<!--", 4) == 0) {
            if (!find(s, n, i + 4, "-->", &at)) return n;
            i = at + 3;
            continue;
        }
        if (i + 1 < n && (s[i + 1] == '!' || s[i + 1] == '?')) {
            if (!find(s, n, i + 2, ">", &at)) return n;
            i = at + 1;
            continue;
        }
        size_t j = i + 1;
        int closing = j < n && s[j] == '/';
        if (closing) j++;
        char name[12];
        size_t nl = 0;
        while (j < n && nl < sizeof name - 1 && is_alpha(s[j])) name[nl++] = (char)lower(s[j++]);
        name[nl] = 0;
        int head = 0;
        for (size_t k = 0; k < sizeof head_tags / sizeof head_tags[0]; k++)
            if (strcmp(name, head_tags[k]) == 0) head = 1;
        if (!head || (j < n && !is_space(s[j]) && s[j] != '>' && s[j] != '/')) return n;
        if (!closing && (strcmp(name, "title") == 0 || strcmp(name, "style") == 0 || strcmp(name, "script") == 0)) {
            char end[12] = "</";
            strcat(end, name);
            if (!find_ci(s, n, j, end, &at)) return n;
            j = at + 2;
        }
        if (!find(s, n, j, ">", &at)) return n;
        i = at + 1;
    }
    return n;
}

/// Prepares the bytes for libxml2, which otherwise (2.9.14) passes invalid UTF-8 through to its output, renders
/// Word's downlevel-revealed conditionals (<![if !supportLists]> … <![endif]>) as text, and strips namespace
/// prefixes from tag names so that Word's <o:p> becomes a <p>.
///  - invalid UTF-8 → U+FFFD; U+FFFE/U+FFFF → U+FFFD; NUL, C0 controls other than TAB/LF/CR, and DEL dropped; FF → space
///  - <![ … > removed (as a browser does: a bogus comment), comments <!-- … --> kept untouched
///  - ':' in a tag name → '-' (<o:p> → <o-p>, an unknown inline element)
///  - "<body>" before text that comes ahead of any body element (see implied_body_at)
static int sanitize(const unsigned char *s, size_t n, bytes_t *out) {
    if (!grow(out, n + n / 16 + 64)) return 0;
    size_t i = 0, literal_until = 0, body_at = implied_body_at(s, n);
    while (i < n) {
        if (!grow(out, 16)) return 0;
        if (i == body_at) {
            memcpy(out->buf + out->len, "<body>", 6);
            out->len += 6;
        }
        unsigned char c = s[i];
        if (c == '<' && i >= literal_until) {
            size_t at;
            if (n - i >= 4 && memcmp(s + i, "<!--", 4) == 0) {
                literal_until = find(s, n, i + 4, "-->", &at) ? at + 3 : n;
            } else if (n - i >= 3 && memcmp(s + i, "<![", 3) == 0) {
                i = find(s, n, i + 3, ">", &at) ? at + 1 : n;
                continue;
            } else {
                size_t j = i + 1;
                if (j < n && s[j] == '/') j++;
                if (j < n && is_alpha(s[j])) {
                    size_t len = j - i;
                    memcpy(out->buf + out->len, s + i, len);
                    out->len += len;
                    i = j;
                    while (i < n && (is_alpha(s[i]) || (s[i] >= '0' && s[i] <= '9') || s[i] == ':' || s[i] == '-' ||
                                     s[i] == '_' || s[i] == '.')) {
                        if (!grow(out, 1)) return 0;
                        out->buf[out->len++] = s[i] == ':' ? '-' : (char)s[i];
                        i++;
                    }
                    continue;
                }
            }
        }
        if (c < 0x80) {
            if (c >= 0x20 && c != 0x7F) out->buf[out->len++] = (char)c;
            else if (c == '\t' || c == '\n' || c == '\r') out->buf[out->len++] = (char)c;
            else if (c == '\f') out->buf[out->len++] = ' ';
            i++;
            continue;
        }
        size_t len = utf8_len(s + i, n - i);
        if (len == 0 || (len == 3 && c == 0xEF && s[i + 1] == 0xBF && (s[i + 2] == 0xBE || s[i + 2] == 0xBF))) {
            memcpy(out->buf + out->len, "\xEF\xBF\xBD", 3);
            out->len += 3;
            i += len ? len : 1;
            continue;
        }
        memcpy(out->buf + out->len, s + i, len);
        out->len += len;
        i += len;
    }
    return 1;
}

static char *empty_text(size_t *out_len) {
    char *e = malloc(1);
    if (e) e[0] = 0;
    *out_len = 0;
    return e;
}

int html_parse_utf8(const char *html, size_t len, htmlDocPtr *doc, size_t *parsed_len) {
    *doc = NULL;
    *parsed_len = 0;
    if (!html || len == 0) return 1;
    pthread_once(&init_once, init_libxml);

    bytes_t clean = {0};
    if (!sanitize((const unsigned char *)html, len, &clean)) {
        free(clean.buf);
        return 0;
    }
    if (clean.len > INT_MAX) {  // htmlReadMemory takes an int; cut at a character boundary
        clean.len = INT_MAX;
        while (clean.len > 0 && ((unsigned char)clean.buf[clean.len] & 0xC0) == 0x80) clean.len--;
    }
    if (clean.len > 0) *doc = htmlReadMemory(clean.buf, (int)clean.len, NULL, "UTF-8", parse_options);
    *parsed_len = clean.len;
    free(clean.buf);
    return 1;
}

char *html_text_render(const char *html, size_t len, size_t *out_len) {
    size_t ignored;
    if (!out_len) out_len = &ignored;
    *out_len = 0;
    htmlDocPtr doc;
    size_t parsed_len;
    if (!html_parse_utf8(html, len, &doc, &parsed_len)) return NULL;
    if (!doc) return empty_text(out_len);
    // Legitimate mail renders smaller than its HTML; only hostile nesting (a quote prefix on every line of a
    // 40-deep blockquote) multiplies it. Bound the output so such a message cannot exhaust memory.
    size_t limit = parsed_len > (SIZE_MAX - ((size_t)1 << 20)) / 8 ? 0 : parsed_len * 8 + ((size_t)1 << 20);
    char *text = html_walk_render(doc, limit, out_len);
    xmlFreeDoc(doc);
    return text;
}

void html_text_free(char *text) {
    free(text);
}
